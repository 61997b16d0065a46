// The contract over Electron IPC: one ipcMain.handle per channel of the allow-list, each call's
// sender checked (main frame of our window, app:// origin) before the core sees the input.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { EVENT_CHANNELS, INVOKE_CHANNELS, type ContractEndpoint } from '../../shared/channels';
import type { Result } from '../../shared/errors';
import { isAppUrl } from './security';

export function isTrustedSender(
  event: IpcMainInvokeEvent,
  window: { webContents: WebContents } | null,
): boolean {
  const frame = event.senderFrame;
  if (!window || !frame) return false;
  if (event.sender !== window.webContents) return false;
  if (frame !== window.webContents.mainFrame) return false;
  return isAppUrl(frame.url);
}

export function registerContractHandlers(
  ipcMain: IpcMain,
  core: ContractEndpoint,
  getWindow: () => { webContents: WebContents } | null,
): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event, input: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, getWindow())) {
        return {
          ok: false,
          error: { code: 'E_FORBIDDEN', message: 'IPC from an untrusted frame was refused.' },
        };
      }
      return core.invoke(channel, input);
    });
  }
  const unsubscribe = EVENT_CHANNELS.map((eventName) =>
    core.on(eventName, (payload) => {
      const contents = getWindow()?.webContents;
      if (contents && !contents.isDestroyed()) contents.send(eventName, payload);
    }),
  );
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
    unsubscribe.forEach((off) => off());
  };
}
