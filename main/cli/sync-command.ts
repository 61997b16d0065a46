// `zta-console sync`: sign in with the token file and pull everything, with a progress bar.
import cliProgress from 'cli-progress';
import { AppError } from '../../shared/errors';
import type { Role } from '../../shared/domain';
import type { SyncProgress } from '../../shared/contract-app';
import { openCore, type CoreClient } from '../core/index';
import { APP_NAME, APP_VERSION } from './app-info';
import { requiredKeyProvider } from './key';
import { UsageError } from './output';
import { readTokenFile } from '../core/token-file';

export interface SyncCommandOptions {
  backend?: string;
  tokenFile?: string;
  /** With a tokens.json: whose token to use (default owner). */
  role?: Role;
  data: string;
  keyFile?: string;
}

export async function openCliCore(data: string, keyFile: string | undefined): Promise<CoreClient> {
  return openCore({
    dataDir: data,
    keyProvider: requiredKeyProvider(keyFile),
    app: { name: APP_NAME, version: APP_VERSION, transport: 'browser' },
  });
}

/** Unwrap a contract envelope, throwing its error with the code intact. */
export async function invokeOrThrow(core: CoreClient, channel: string, input?: unknown): Promise<unknown> {
  const result = await core.invoke(channel, input);
  if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.details);
  return result.value;
}

export async function runSyncCommand(opts: SyncCommandOptions): Promise<void> {
  // Without --token-file: the session this cache was last synced with (e.g. after `erase`).
  const fromFile = opts.tokenFile ? readTokenFile(opts.tokenFile, opts.role) : null;
  const backendUrl = opts.backend ?? fromFile?.url;
  if (fromFile && !backendUrl) throw new UsageError('Pass --backend URL (the token file does not name one).');
  const core = await openCliCore(opts.data, opts.keyFile);
  const started = performance.now();
  const bar = new cliProgress.SingleBar(
    {
      format: '{stream} [{bar}] {percentage}% | {value}/{total} seq',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let barStream: string | null = null;
  const onProgress = (p: SyncProgress) => {
    if (barStream !== p.stream) {
      if (barStream !== null) bar.stop();
      barStream = p.stream;
      bar.start(Math.max(p.watermark, 1), p.cursor, { stream: p.stream.padEnd(14) });
    }
    bar.setTotal(Math.max(p.watermark, 1));
    bar.update(p.cursor, { stream: p.stream.padEnd(14) });
  };
  try {
    if (fromFile) await invokeOrThrow(core, 'session:signIn', { backendUrl, token: fromFile.token });
    await core.syncNow(onProgress);
    if (barStream !== null) bar.stop();
    const stats = await core.stats();
    if (stats.pendingActions > 0)
      throw new AppError(
        'E_PENDING_ACTIONS',
        `${stats.pendingActions} queued action(s) are still pending after the push; run sync again.`,
      );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const counts = stats.streams.map((s) => `${s.stream} ${s.count}`).join(', ');
    process.stdout.write(`Caught up in ${seconds}s: ${counts}\n`);
  } finally {
    if (barStream !== null) bar.stop();
    await core.close();
  }
}
