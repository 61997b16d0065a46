// `npm start` / `zta-console start`: open the console. Electron when its binary exists; otherwise
// the browser host on loopback with a one-time sign-in URL. With no backend configured, the
// reference backend runs embedded with a deterministic demo organisation, so the first run
// shows real-looking data.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { runBackendCommand } from '../../backend/cli';
import type { SessionStatus } from '../../shared/contract-app';
import type { Role } from '../../shared/domain';
import { appFile, COMPILED_ENTRIES, RUNS_FROM_SOURCE } from '../core/app-root';
import { openCore, type CoreClient } from '../core/index';
import { sessionIdleMsFromEnv, startHost } from '../host/server';
import { APP_NAME, APP_VERSION, RENDERER_DIR } from './app-info';
import { findElectronBinary } from './electron-binary';
import { UsageError } from './output';
import { startKeyProvider } from './key';
import { invokeOrThrow } from './sync-command';
import { readTokenFile } from '../core/token-file';
import { ensureUiBuilt, warnIfNodeBuildStale } from './ui-build';
import { log } from '../core/log';
import { openConsoleLog } from './command-log';

export interface StartOptions {
  data?: string;
  port: number;
  backend?: string;
  tokenFile?: string;
  /** With a tokens.json: whose token to use (default owner). */
  role?: Role;
  keyFile?: string;
  browser?: boolean;
  /** false with --no-demo: never start the embedded backend. */
  demo: boolean;
  seedUsers: number;
  seedEvents: number;
  seed: number;
}

export function defaultDataDir(env = process.env): string {
  return env.ZTA_DATA_DIR ?? join(homedir(), '.zta-console');
}

type Closer = () => Promise<void>;

/** Start the embedded demo backend (persisted beside the cache) and return how to sign in to it. */
async function startDemoBackend(dataDir: string, opts: StartOptions, closers: Closer[]) {
  const demoDir = join(dataDir, 'demo-backend');
  process.stdout.write(
    'No backend configured: starting the embedded reference backend with a demo organisation.\n',
  );
  const backend = await runBackendCommand({
    port: 0,
    seedUsers: opts.seedUsers,
    seedEvents: opts.seedEvents,
    seed: opts.seed,
    data: demoDir,
    // issue 16: the demo organisation has past casework, so the yearly reports show figures.
    history: true,
  });
  closers.push(() => backend.close());
  return { backendUrl: backend.url, token: backend.tokens.owner, tokensFile: join(demoDir, 'tokens.json') };
}

function isDemoSession(status: SessionStatus): boolean {
  if (!status.backendUrl) return true;
  const host = new URL(status.backendUrl).hostname;
  return host === '127.0.0.1' || host === 'localhost';
}

export async function runStartCommand(opts: StartOptions): Promise<void> {
  const dataDir = resolve(opts.data ?? defaultDataDir());
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const closers: Closer[] = [];
  const shutdown = async () => {
    for (const close of closers.reverse())
      await close().catch((err: unknown) => log('start').warn({ err }, 'a part did not close cleanly'));
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  const explicit = opts.tokenFile ? readTokenFile(opts.tokenFile, opts.role) : null;
  const explicitUrl = opts.backend ?? explicit?.url ?? process.env.ZTA_BACKEND_URL;
  if (explicitUrl && !explicit) {
    throw new UsageError('Pass --token-file with --backend (the admin token for that backend).');
  }

  const say = (line: string) => process.stdout.write(`${line}\n`);
  if (!RUNS_FROM_SOURCE) warnIfNodeBuildStale(say);
  await ensureUiBuilt(say);

  const electron = opts.browser
    ? ({ found: false, reason: '--browser was given' } as const)
    : findElectronBinary();
  if (electron.found) {
    const demo = explicitUrl || !opts.demo ? null : await startDemoBackend(dataDir, opts, closers);
    await runElectron(
      electron.path,
      dataDir,
      demo?.backendUrl ?? explicitUrl,
      demo?.tokensFile ?? opts.tokenFile,
      demo ? 'owner' : opts.role,
    );
    return shutdown();
  }

  // The browser host: this process is the console, and logs as it (Electron's main logs itself).
  openConsoleLog(dataDir);
  log('start').info({ transport: 'browser' }, 'console starting');
  const { provider, warning } = startKeyProvider(opts.keyFile, dataDir);
  if (warning) process.stdout.write(`Note: ${warning}\n`);
  const core: CoreClient = await openCore({
    dataDir,
    keyProvider: provider,
    app: { name: APP_NAME, version: APP_VERSION, transport: 'browser' },
  });
  closers.push(() => core.close());

  const session = (await invokeOrThrow(core, 'session:status')) as SessionStatus;
  if (explicitUrl && explicit) {
    await invokeOrThrow(core, 'session:signIn', { backendUrl: explicitUrl, token: explicit.token });
  } else if (opts.demo && (!session.signedIn || isDemoSession(session))) {
    const demo = await startDemoBackend(dataDir, opts, closers);
    await invokeOrThrow(core, 'session:signIn', { backendUrl: demo.backendUrl, token: demo.token });
  } else if (session.signedIn) {
    await invokeOrThrow(core, 'sync:now');
  }

  const host = await startHost({
    core,
    rendererDir: RENDERER_DIR,
    port: opts.port,
    exportsDir: join(dataDir, 'exports'),
    sessionIdleMs: sessionIdleMsFromEnv(),
  });
  closers.push(() => host.close());
  process.stdout.write(
    `Electron is not available here (${electron.reason}); serving the console to your browser on loopback.\n` +
      `Open this one-time link: ${host.issueLoginUrl()}\n`,
  );
}

function runElectron(
  binary: string,
  dataDir: string,
  backendUrl?: string,
  tokenFile?: string,
  role?: Role,
): Promise<void> {
  const entry = appFile(COMPILED_ENTRIES.electronMain);
  const env: NodeJS.ProcessEnv = { ...process.env, ZTA_DATA_DIR: dataDir };
  if (backendUrl) env.ZTA_BACKEND_URL = backendUrl;
  if (tokenFile) env.ZTA_BACKEND_TOKEN_FILE = tokenFile;
  if (role) env.ZTA_BACKEND_ROLE = role;
  process.stdout.write(`Opening the Electron console (${binary}).\n`);
  return new Promise((resolveDone, reject) => {
    const child = spawn(binary, [entry], { stdio: 'inherit', env });
    child.on('error', reject);
    child.on('exit', () => resolveDone());
  });
}
