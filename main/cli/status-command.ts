// `zta-console status`: what the encrypted cache holds, per stream, and pending actions.
import { openCliCore } from './sync-command';

export async function runStatusCommand(opts: {
  data: string;
  keyFile?: string;
  json?: boolean;
}): Promise<void> {
  const core = await openCliCore(opts.data, opts.keyFile);
  try {
    const stats = await core.stats();
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
      ].join('\n') + '\n',
    );
  } finally {
    await core.close();
  }
}
