// `zta-console status`: what the encrypted cache holds, per stream, and pending actions.
import { SessionStatus } from '../../shared/contract-app';
import { AppError } from '../../shared/errors';
import { lockMessage } from '../../shared/offline-lock';
import { openCliCore } from './sync-command';

export async function runStatusCommand(opts: {
  data: string;
  keyFile?: string;
  json?: boolean;
}): Promise<void> {
  const core = await openCliCore(opts.data, opts.keyFile);
  try {
    const stats = await core.stats();
    // The offline lock (issue 14): status still answers on a locked cache and says so.
    const session = await core.invoke('session:status', {});
    if (!session.ok) throw new AppError(session.error.code, session.error.message);
    const lock = SessionStatus.parse(session.value).lock ?? null;
    if (opts.json) {
      const streams = Object.fromEntries(
        stats.streams.map((s) => [
          s.stream,
          { count: s.count, cursor: s.cursor, epoch: s.epoch, lastSyncedAt: s.lastSyncedAt },
        ]),
      );
      process.stdout.write(
        JSON.stringify(
          {
            schemaVersion: stats.schemaVersion,
            streams,
            pendingActions: stats.pendingActions,
            setAside: stats.setAsideCount,
            casework: stats.casework,
            locked: lock?.locked ?? false,
            lock,
          },
          null,
          2,
        ) + '\n',
      );
      return;
    }
    const rows = stats.streams.map(
      (s) =>
        `  ${s.stream.padEnd(15)} ${String(s.count).padStart(10)}   cursor ${String(s.cursor).padStart(10)}   ${s.lastSyncedAt ?? 'never synced'}`,
    );
    process.stdout.write(
      [
        `Cache schema v${stats.schemaVersion}`,
        ...rows,
        `  pending actions ${stats.pendingActions}`,
        `  items set aside ${stats.setAsideCount}`,
        `  late refusals  ${stats.casework.lateRefusals}`,
        ...(lock?.locked ? [lockMessage(lock)] : []),
      ].join('\n') + '\n',
    );
  } finally {
    await core.close();
  }
}
