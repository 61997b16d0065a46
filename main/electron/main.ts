// The thin Electron shell: the only code that imports 'electron'. Everything it does is wiring:
// the core (in its worker) does the work, security.ts/ipc.ts/app-protocol.ts hold the rules.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import { toErrorInfo } from '../../shared/errors';
import { APP_ROOT } from '../core/app-root';
import { CACHE_FILE, openCore, type CoreClient } from '../core/index';
import { APP_ORIGIN, APP_SCHEME, mimeTypeOf, resolveAppPath } from './app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';
import { registerContractHandlers } from './ipc';
import { onlyChosenBundlePaths, saveBundlePathHandler } from './save-dialog';
import { openUnlocked } from './cache-unlock';
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
  const cacheFile = join(dataDir, CACHE_FILE);
  core = await openUnlocked({
    open: (keyProvider) =>
      openCore({
        dataDir,
        keyProvider,
        app: { name: 'ZTA Privacy Console', version: app.getVersion(), transport: 'electron' },
      }),
    safeStorage,
    wrappedKeyPath: join(dataDir, 'cache-key.bin'),
    cacheExists: existsSync(cacheFile) && statSync(cacheFile).size > 0,
    // The prompt's own options (passphrase-prompt.ts), with the isolation flags restated here so
    // no caller can weaken them (and Electronegativity sees them at the constructor).
    makeWindow: (options) =>
      new BrowserWindow({
        ...options,
        webPreferences: {
          ...options.webPreferences,
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
        },
      }),
  });
  const activeCore = core;
  const guarded = onlyChosenBundlePaths(activeCore);
  registerContractHandlers(ipcMain, guarded.core, () => mainWindow, {
    'dialog:saveBundlePath': saveBundlePathHandler({
      dialog,
      window: () => mainWindow,
      folder: () => app.getPath('documents'),
      onChosen: guarded.remember,
    }),
  });
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
