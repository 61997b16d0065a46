// The contract over Electron IPC: one ipcMain.handle per channel of the allow-list, each call's
// sender checked (main frame of our window, app:// origin) before the core sees the input. A few
// channels are the host's own (the bundle's save dialog): answered here, through the same checks.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  type ContractEndpoint,
  type InvokeChannel,
} from '../../shared/channels';
import type { ChannelParsedInput } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import { dispatch } from '../core/dispatch';
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

/** Channels this host answers itself (a capability of the desktop, not of the core: a dialog). */
export type HostHandlers = {
  [C in InvokeChannel]?: (input: ChannelParsedInput<C>) => Promise<unknown>;
};

export function registerContractHandlers(
  ipcMain: IpcMain,
  core: ContractEndpoint,
  getWindow: () => { webContents: WebContents } | null,
  host: HostHandlers = {},
): () => void {
  for (const channel of INVOKE_CHANNELS) {
    const own = host[channel] as ((input: unknown) => Promise<unknown>) | undefined;
    ipcMain.handle(channel, async (event, input: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, getWindow())) {
        return {
          ok: false,
          error: { code: 'E_FORBIDDEN', message: 'IPC from an untrusted frame was refused.' },
        };
      }
      // The same boundary as the core's: input and reply checked against the contract.
      return own ? dispatch(channel, input, (_c, parsed) => own(parsed)) : core.invoke(channel, input);
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
