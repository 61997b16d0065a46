// The Electron main process wiring, with the 'electron' module replaced (its binary is absent
// here) and the core replaced at its interface: what windows, protocols and handlers it sets up.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';

const h = vi.hoisted(() => {
  const windows: Array<{ options: Record<string, unknown>; loaded: string[] }> = [];
  const handled = new Map<string, unknown>();
  const appEvents = new Map<string, (...args: unknown[]) => unknown>();
  const schemes: unknown[] = [];
  const protocolHandlers = new Map<string, (req: { url: string }) => Promise<Response>>();
  let permissionRequest: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
  const openCore = async () => ({
    invoke: async () => ({ ok: true, value: null }),
    on: () => () => undefined,
    close: async () => undefined,
  });
  return {
    windows,
    handled,
    appEvents,
    schemes,
    protocolHandlers,
    openCore,
    permissionRequest,
    sandboxed: { value: false },
  };
});

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { mainFrame: {}, send: () => undefined, isDestroyed: () => false };
    loaded: string[] = [];
    constructor(options: Record<string, unknown>) {
      h.windows.push({ options, loaded: this.loaded });
    }
    once() {}
    on() {}
    show() {}
    async loadURL(url: string) {
      this.loaded.push(url);
    }
  }
  return {
    app: {
      enableSandbox: () => (h.sandboxed.value = true),
      on: (event: string, fn: (...args: unknown[]) => unknown) => h.appEvents.set(event, fn),
      whenReady: () => Promise.resolve(),
      getPath: () => '/tmp/zta-electron-main-test',
      getVersion: () => '0.0.0-test',
      quit: () => undefined,
      exit: () => undefined,
    },
    BrowserWindow,
    dialog: { showErrorBox: () => undefined },
    ipcMain: {
      handle: (channel: string, fn: unknown) => h.handled.set(channel, fn),
      removeHandler: () => undefined,
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => h.schemes.push(...s),
      handle: (scheme: string, fn: (req: { url: string }) => Promise<Response>) =>
        h.protocolHandlers.set(scheme, fn),
    },
    safeStorage: {},
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof h.permissionRequest) => (h.permissionRequest = fn),
        setPermissionCheckHandler: () => undefined,
      },
    },
    shell: { openExternal: async () => undefined },
  };
});
// The built renderer may be absent here: its index.html is read from this stand-in instead.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const readFile = (async (path: unknown, ...rest: unknown[]) =>
    String(path).endsWith('/dist/renderer/index.html')
      ? Buffer.from('<!doctype html><title>stand-in</title>')
      : (actual.readFile as (...args: unknown[]) => Promise<unknown>)(
          path,
          ...rest,
        )) as typeof actual.readFile;
  return { ...actual, default: { ...actual, readFile }, readFile };
});
vi.mock('../../main/core/index', () => ({
  CACHE_FILE: 'cache.sqlite',
  openCore: h.openCore,
  passphraseKeyProvider: () => ({ getKey: async () => null }),
}));

describe('Electron main process', () => {
  beforeAll(async () => {
    await import('../../main/electron/main');
    await vi.waitFor(() => expect(h.windows[0]?.loaded.length).toBe(1));
  });

  it('turns on the sandbox for every renderer and registers app:// as a secure standard scheme', () => {
    expect(h.sandboxed.value).toBe(true);
    expect(h.schemes).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
  });

  it('opens one window with isolated, sandboxed, Node-free web preferences on app://', () => {
    expect(h.windows).toHaveLength(1);
    const prefs = h.windows[0]?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    });
    // Checklist items 8-10 (SECURITY.md): no insecure content, no experimental or Blink features.
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs).not.toHaveProperty('experimentalFeatures');
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(String(prefs.preload)).toMatch(/dist\/preload\/preload\.cjs$/);
    expect(h.windows[0]?.loaded).toEqual(['app://console/index.html']);
  });

  it('handles the contract channels and hardens every new web contents', () => {
    expect([...h.handled.keys()]).toContain('logs:page');
    expect(h.appEvents.has('web-contents-created')).toBe(true);
    const granted = vi.fn();
    h.permissionRequest?.(null, 'geolocation', granted);
    expect(granted).toHaveBeenCalledWith(false);
  });

  it('serves app:// pages under the strict CSP header (SECURITY.md, CSP_GLOBAL_CHECK)', async () => {
    const page = await h.protocolHandlers.get('app')?.({ url: 'app://console/index.html' });
    expect(page?.status).toBe(200);
    expect(page?.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page?.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('serves only files inside the renderer folder over app://', async () => {
    const handler = h.protocolHandlers.get('app');
    expect(handler).toBeDefined();
    const outside = await handler?.({ url: 'app://console/..%2f..%2fpackage.json' });
    expect(outside?.status).toBe(404);
    const foreignHost = await handler?.({ url: 'app://elsewhere/index.html' });
    expect(foreignHost?.status).toBe(404);
  });
});
