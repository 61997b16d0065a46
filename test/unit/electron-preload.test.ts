// The preload, loaded with 'electron' replaced: it must expose exactly { invoke, on } and keep
// to the contract's allow-list.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const exposed: Record<string, unknown> = {};
const ipcRenderer = {
  invoke: vi.fn(async () => ({ ok: true, value: 'from-main' })),
  on: vi.fn(),
  removeListener: vi.fn(),
};
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer,
}));

type Api = {
  invoke: (c: string, i?: unknown) => Promise<unknown>;
  on: (e: string, l: (p: unknown) => void) => () => void;
};

describe('preload', () => {
  beforeEach(async () => {
    await import('../../main/preload/preload');
  });

  it('exposes only invoke and on, under window.zta', () => {
    expect(Object.keys(exposed)).toEqual(['zta']);
    expect(Object.keys(exposed.zta as object).sort()).toEqual(['invoke', 'on']);
  });

  it('forwards contract channels and refuses others without touching IPC', async () => {
    const api = exposed.zta as Api;
    await expect(api.invoke('logs:page', { limit: 1 })).resolves.toEqual({ ok: true, value: 'from-main' });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('logs:page', { limit: 1 });
    ipcRenderer.invoke.mockClear();
    await expect(api.invoke('fs:readFile', '/etc/passwd')).resolves.toMatchObject({
      ok: false,
      error: { code: 'E_UNKNOWN_CHANNEL' },
    });
    expect(ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('delivers event payloads without the IpcRendererEvent, and unsubscribes', () => {
    const api = exposed.zta as Api;
    const listener = vi.fn();
    const off = api.on('sync:status', listener);
    const handler = ipcRenderer.on.mock.calls[0]?.[1] as (e: unknown, p: unknown) => void;
    handler({ sender: 'secret' }, { running: false });
    expect(listener).toHaveBeenCalledWith({ running: false });
    expect(listener.mock.calls[0]).toHaveLength(1);
    off();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith('sync:status', handler);
    expect(() => api.on('shell:exec', listener)).toThrow(/not in the contract/);
  });
});
