// The preload exposes exactly { invoke, on } over the contract allow-list (docs/ARCHITECTURE.md §3).
// Sandboxed preloads cannot load our modules at run time, so this file is bundled (with the
// zod-free channel list only) into dist/preload/preload.cjs by vite.preload.config.ts.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isEventChannel, isInvokeChannel } from '../../shared/channels';
import type { Bridge } from '../../shared/contract';

export const bridge: Bridge = {
  invoke(channel: string, input?: unknown): Promise<unknown> {
    if (!isInvokeChannel(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'E_UNKNOWN_CHANNEL', message: `Channel ${String(channel)} is not in the contract.` },
      });
    }
    return ipcRenderer.invoke(channel, input);
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    if (!isEventChannel(event)) throw new Error(`Event ${String(event)} is not in the contract.`);
    // The IpcRendererEvent is never handed to the page: it would expose `sender`.
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, handler);
    return () => {
      ipcRenderer.removeListener(event, handler);
    };
  },
};

contextBridge.exposeInMainWorld('zta', bridge);
