// The Electron shell's rules, tested with stand-ins for Electron objects (the binary is absent
// on our machines; `require('electron')` throws outside Electron).
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { INVOKE_CHANNELS } from '../../shared/channels';
import { resolveAppPath } from '../../main/electron/app-protocol';
import { registerContractHandlers } from '../../main/electron/ipc';
import { safeStorageKeyProvider } from '../../main/electron/safe-storage-key';
import { denyAllPermissions, hardenWebContents, isAllowedExternalUrl } from '../../main/electron/security';

describe('app:// protocol', () => {
  const root = '/opt/zta/dist/renderer';
  it('maps our URLs into the renderer folder', () => {
    expect(resolveAppPath('app://console/', root)).toBe(`${root}/index.html`);
    expect(resolveAppPath('app://console/assets/index-abc.js', root)).toBe(`${root}/assets/index-abc.js`);
  });
  it.each(['app://console/../../etc/passwd', 'app://console/%2e%2e/%2e%2e/etc/passwd'])(
    'keeps %s inside the renderer folder (dot segments are resolved first)',
    (url) => {
      expect(resolveAppPath(url, root)).toBe(`${root}/etc/passwd`);
    },
  );
  it.each([
    'app://console/..%2f..%2fetc/passwd',
    'app://console/assets%2f..%2f..%2f..%2fetc/passwd',
    'app://console/a%00b',
    'app://other/index.html',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveAppPath(url, root)).toBeNull();
  });
});

describe('window security', () => {
  it('only hands allow-listed https URLs to the OS', () => {
    expect(isAllowedExternalUrl('https://gdpr-info.eu/art-15-gdpr/')).toBe(true);
    expect(isAllowedExternalUrl('http://gdpr-info.eu/')).toBe(false);
    expect(isAllowedExternalUrl('https://gdpr-info.eu.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
  });

  it('blocks navigation away from app:// and denies every new window', () => {
    const contents = new EventEmitter() as EventEmitter & { setWindowOpenHandler: (h: unknown) => void };
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    contents.setWindowOpenHandler = (h) => (openHandler = h as typeof openHandler);
    const openExternal = vi.fn(async () => undefined);
    hardenWebContents(contents as unknown as WebContents, openExternal);

    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      contents.emit('will-navigate', event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('app://console/index.html')).toBe(false);
    expect(navigate('app://elsewhere/index.html')).toBe(true);

    expect(openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(openExternal).not.toHaveBeenCalled();
    expect(openHandler?.({ url: 'https://gdpr-info.eu/art-17-gdpr/' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://gdpr-info.eu/art-17-gdpr/');
  });

  it('denies every permission request and check', () => {
    let request: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    const session = {
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
    };
    denyAllPermissions(session as never);
    const granted = vi.fn();
    request?.(null, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(check?.()).toBe(false);
  });
});

describe('IPC handlers', () => {
  function setup() {
    const handlers = new Map<string, (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>>();
    const ipcMain = {
      handle: (channel: string, h: (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>) =>
        handlers.set(channel, h),
      removeHandler: (channel: string) => handlers.delete(channel),
    } as unknown as IpcMain;
    const listeners: Array<(payload: unknown) => void> = [];
    const core = {
      invoke: vi.fn(async (channel: string, input: unknown) => ({
        ok: true as const,
        value: { channel, input },
      })),
      on: vi.fn((_event: string, listener: (payload: unknown) => void) => {
        listeners.push(listener);
        return () => undefined;
      }),
    };
    const mainFrame = { url: 'app://console/index.html' };
    const webContents = { mainFrame, send: vi.fn(), isDestroyed: () => false } as unknown as WebContents;
    const window = { webContents };
    const dispose = registerContractHandlers(ipcMain, core, () => window);
    return { handlers, core, window, mainFrame, listeners, dispose };
  }

  it('registers exactly the contract channels', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it('forwards calls from our main frame to the core', async () => {
    const { handlers, core, window, mainFrame } = setup();
    const event = { sender: window.webContents, senderFrame: mainFrame } as unknown as IpcMainInvokeEvent;
    const result = await handlers.get('logs:page')?.(event, { limit: 5 });
    expect(core.invoke).toHaveBeenCalledWith('logs:page', { limit: 5 });
    expect(result).toEqual({ ok: true, value: { channel: 'logs:page', input: { limit: 5 } } });
  });

  it.each([
    [
      'a sub-frame',
      (w: { webContents: WebContents }) => ({
        sender: w.webContents,
        senderFrame: { url: 'app://console/x' },
      }),
    ],
    [
      'a foreign origin',
      (w: { webContents: WebContents }) => {
        (w.webContents.mainFrame as { url: string }).url = 'https://evil.example/';
        return { sender: w.webContents, senderFrame: w.webContents.mainFrame };
      },
    ],
    ['another webContents', () => ({ sender: {}, senderFrame: {} })],
  ])('refuses %s without reaching the core', async (_name, makeEvent) => {
    const { handlers, core, window } = setup();
    const result = await handlers.get('sync:now')?.(
      makeEvent(window) as unknown as IpcMainInvokeEvent,
      undefined,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
    expect(core.invoke).not.toHaveBeenCalled();
  });

  it('pushes core events to the window and unregisters on dispose', () => {
    const { listeners, window, dispose, handlers } = setup();
    listeners.forEach((l) => l({ running: true }));
    expect(window.webContents.send).toHaveBeenCalledWith('sync:status', { running: true });
    dispose();
    expect(handlers.size).toBe(0);
  });
});

describe('safeStorage key provider', () => {
  // A reversible stand-in for the OS key store: what matters is what we store and return.
  const fakeStore = (backend: 'gnome_libsecret' | 'basic_text' = 'gnome_libsecret') => ({
    getSelectedStorageBackend: () => backend,
    isAsyncEncryptionAvailable: async () => true,
    encryptStringAsync: vi.fn(async (s: string) => Buffer.from(`wrapped:${s}`)),
    decryptStringAsync: vi.fn(async (b: Buffer) => ({
      result: b.toString().replace(/^wrapped:/, ''),
      shouldReEncrypt: false,
    })),
  });

  it('creates a random 256-bit key once, stores it only wrapped, and reuses it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zta-key-'));
    const path = join(dir, 'cache-key.bin');
    const store = fakeStore();
    const first = await safeStorageKeyProvider(store, path, 'linux', undefined).getKey();
    expect(first.kind).toBe('raw');
    const key = first.kind === 'raw' ? Buffer.from(first.key) : Buffer.alloc(0);
    expect(key.length).toBe(32);
    expect(readFileSync(path).toString().startsWith('wrapped:')).toBe(true);
    const second = await safeStorageKeyProvider(store, path, 'linux', undefined).getKey();
    expect(second.kind === 'raw' && Buffer.from(second.key).equals(key)).toBe(true);
  });

  it('refuses the insecure basic_text store unless a passphrase is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zta-key-'));
    const path = join(dir, 'cache-key.bin');
    await expect(
      safeStorageKeyProvider(fakeStore('basic_text'), path, 'linux', undefined).getKey(),
    ).rejects.toMatchObject({
      code: 'E_CACHE_KEY',
    });
    expect(existsSync(path)).toBe(false);
    const material = await safeStorageKeyProvider(
      fakeStore('basic_text'),
      path,
      'linux',
      'correct horse',
    ).getKey();
    expect(material).toEqual({ kind: 'passphrase', passphrase: 'correct horse' });
  });
});
