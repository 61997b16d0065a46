// The reference backend's log (issue 14, item 12): <data>/logs/backend.N.log, rotated like the
// console's (main/core/log.ts, which the backend may not import), 0600 files in a 0700 folder, the
// same redaction list (shared/log-redaction.ts) and the same rule — ids, counts, codes and
// durations, never a request's body, query string, token or a person's data. One logger per running
// backend (tests run several in a process); without a data folder it is silent.
import { chmodSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { REDACTED, redactPaths } from '../shared/log-redaction';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LEVELS: readonly Level[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface BackendLog {
  logger: Logger;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/** An error reduced to type, code and stack frames: its message may quote a request's values. */
function errorFields(err: unknown): Record<string, unknown> {
  if (!err || typeof err !== 'object') return { type: typeof err };
  const e = err as { name?: unknown; code?: unknown; statusCode?: unknown; stack?: unknown };
  return {
    type: typeof e.name === 'string' ? e.name : 'Error',
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.statusCode === 'number' ? { status: e.statusCode } : {}),
    ...(typeof e.stack === 'string'
      ? {
          stack: e.stack
            .split('\n')
            .filter((l) => /^\s+at /.test(l))
            .slice(0, 12)
            .map((l) => l.trim().replace(/(?:file:\/\/)?[^\s()]*[\\/]([^\\/\s()]+:\d+:\d+)/, '$1'))
            .join('\n'),
        }
      : {}),
  };
}

const silent = (): BackendLog => ({ logger: pino({ level: 'silent' }), close: async () => undefined });

/** Opens `<dir>/backend.N.log` (null dir: a silent logger). Level: ZTA_LOG_LEVEL, default info. */
export function openBackendLog(dir: string | null, env: NodeJS.ProcessEnv = process.env): BackendLog {
  if (dir === null) return silent();
  const wanted = env.ZTA_LOG_LEVEL?.trim().toLowerCase();
  const level = LEVELS.find((l) => l === wanted) ?? 'info';
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const stream = pino.transport({
    target: createRequire(import.meta.url).resolve('pino-roll'),
    options: {
      file: join(dir, 'backend'),
      extension: '.log',
      size: '5m',
      limit: { count: 5, removeOtherLogFiles: true },
      mode: 0o600,
    },
  }) as unknown as NodeJS.WritableStream & NodeJS.EventEmitter;
  const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
  const logger = pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: redactPaths(), censor: REDACTED },
      serializers: { err: errorFields },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  );
  return {
    logger,
    async close() {
      stream.end(); // writes what is buffered, then closes (a flush() first would race the close)
      await closed;
    },
  };
}
