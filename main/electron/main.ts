// The thin Electron shell: the only code that imports 'electron'. Everything it does is wiring:
// the core (in its worker) does the work, security.ts/ipc.ts/app-protocol.ts hold the rules.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import { toErrorInfo } from '../../shared/errors';
import { APP_ROOT } from '../core/app-root';
import { openCore, type CoreClient } from '../core/index';
import { APP_ORIGIN, APP_SCHEME, mimeTypeOf, resolveAppPath } from './app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';
import { registerContractHandlers } from './ipc';
import { safeStorageKeyProvider } from './safe-storage-key';
import { denyAllPermissions, hardenWebContents, isAllowedExternalUrl } from './security';
import { signInFromEnvironment } from './startup-session';

const rendererDir = join(APP_ROOT, 'dist', 'renderer');
const preloadPath = join(APP_ROOT, 'dist', 'preload', 'preload.cjs');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;
let core: CoreClient | null = null;

const openExternal = async (url: string) => {
  if (isAllowedExternalUrl(url)) await shell.openExternal(url);
};

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal));

async function start(): Promise<void> {
  denyAllPermissions(session.defaultSession);
  protocol.handle(APP_SCHEME, async (request) => {
    const path = resolveAppPath(request.url, rendererDir);
    if (!path) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(path);
      return new Response(body, {
        headers: { 'content-type': mimeTypeOf(path), 'content-security-policy': CONTENT_SECURITY_POLICY },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });

  const dataDir = process.env.ZTA_DATA_DIR ?? app.getPath('userData');
  core = await openCore({
    dataDir,
    keyProvider: safeStorageKeyProvider(safeStorage, join(dataDir, 'cache-key.bin')),
    app: { name: 'ZTA Privacy Console', version: app.getVersion(), transport: 'electron' },
  });
  const activeCore = core;
  registerContractHandlers(ipcMain, activeCore, () => mainWindow);
  await signInFromEnvironment(activeCore);

  mainWindow = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'ZTA Privacy Console',
    show: false,
    // Written out here, not built by a helper: Electronegativity (test/unit/electronegativity.test.ts)
    // reads only the literal passed to `new BrowserWindow`, so these are the settings it checks.
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = null));
  await mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

app
  .whenReady()
  .then(start)
  .catch(async (err: unknown) => {
    const info = toErrorInfo(err);
    dialog.showErrorBox('ZTA Privacy Console could not start', `${info.message}\n\n[${info.code}]`);
    app.exit(1);
  });

app.on('window-all-closed', async () => {
  await core?.close();
  app.quit();
});
