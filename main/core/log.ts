// The console's log (issue 14, item 12): one pino logger per process, scoped children ('sync',
// 'purge', 'export', 'host', 'outbox', …), written to rotated files under <data>/logs/ (0600 files in
// a 0700 folder). Until an entry point opens the file (the CLI, the Electron main process) the
// logger is silent, so the core used as a library (tests, bench) writes nothing anywhere.
//
// What goes in: ids, counts, codes and durations — never free text or values from data. Errors are
// reduced to their type, code and stack frames (errorFields): a message may quote input (a zod
// message, a JSON parse error's snippet). The keys of shared/log-redaction.ts are censored as well.
//
// Worker threads do not open the file themselves (two writers would rotate the same file twice):
// their logger posts each finished line to the main thread (logToParent), which appends it here.
import { chmodSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import pino, { type DestinationStream, type Logger } from 'pino';
import { REDACTED, redactPaths } from '../../shared/log-redaction';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** ZTA_LOG_LEVEL, or info. An unknown value is info too (a typo must not silence the log). */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const v = env.ZTA_LOG_LEVEL?.trim().toLowerCase();
  return LEVELS.find((l) => l === v) ?? 'info';
}

/** Rotation: a new file past 5 MB, the 5 newest kept besides the one in use. */
export const LOG_ROTATION = { size: '5m', keep: 5 } as const;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  stack?: unknown;
  issues?: unknown;
}

/** An error as the log may hold it: type, code, zod issue paths and codes, stack frames only. */
export function errorFields(err: unknown): Record<string, unknown> {
  if (!err || typeof err !== 'object') return { type: typeof err };
  const e = err as ErrorLike;
  const out: Record<string, unknown> = { type: typeof e.name === 'string' ? e.name : 'Error' };
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
  if (Array.isArray(e.issues))
    out.issues = (e.issues as { path?: unknown; code?: unknown }[]).map((i) => ({
      path: Array.isArray(i.path) ? i.path.map((p) => (typeof p === 'number' ? p : String(p))) : [],
      code: typeof i.code === 'string' ? i.code : null,
    }));
  // The first line of a stack repeats the message: only the frames are kept, each as a file's
  // name and line (a full path names the user's home folder).
  if (typeof e.stack === 'string')
    out.stack = e.stack
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .slice(0, 12)
      .map((line) => line.trim().replace(/(?:file:\/\/)?[^\s()]*[\\/]([^\\/\s()]+:\d+:\d+)/, '$1'))
      .join('\n');
  return out;
}

/** The pino options every console logger shares (also the worker threads' and the tests'). */
export function loggerOptions(level: LogLevel): pino.LoggerOptions {
  return {
    level,
    // No hostname: a machine's name often is its owner's.
    base: { pid: process.pid },
    redact: { paths: redactPaths(), censor: REDACTED },
    serializers: { err: errorFields },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
}

interface OpenLog {
  logger: Logger;
  stream: DestinationStream & { end?: () => void; flushSync?: () => void };
  closed: Promise<void>;
}

let current: OpenLog | null = null;
let root: Logger = pino({ level: 'silent' });
const children = new Map<string, Logger>();

function setRoot(logger: Logger): void {
  root = logger;
  children.clear();
}

/** The rotation transport's entry, resolved here so the bundle finds it in node_modules. */
const rollTarget = (): string => createRequire(import.meta.url).resolve('pino-roll');

/** Opens `<dir>/<name>.N.log` (rotated, 0600 in a 0700 folder) as this process's log. */
export function openLogFile(
  dir: string,
  name: string,
  level: LogLevel = logLevelFromEnv(),
  rotation: { size: string; keep: number } = LOG_ROTATION,
): Logger {
  if (current) return current.logger;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const stream = pino.transport({
    target: rollTarget(),
    options: {
      file: join(dir, name),
      extension: '.log',
      size: rotation.size,
      limit: { count: rotation.keep, removeOtherLogFiles: true },
      mode: 0o600,
    },
  }) as OpenLog['stream'] & NodeJS.EventEmitter;
  const closed = new Promise<void>((resolveClosed) => stream.once('close', () => resolveClosed()));
  const logger = pino(loggerOptions(level), stream);
  current = { logger, stream, closed };
  setRoot(logger);
  return logger;
}

/** Flushes and closes the log file (the process goes on with a silent logger). */
export async function closeLogFile(): Promise<void> {
  const open = current;
  if (!open) return;
  current = null;
  setRoot(pino({ level: 'silent' }));
  // end() hands the worker what is buffered and closes the file once written (a flush() first
  // would race the close).
  open.stream.end?.();
  await open.closed;
}

/** The level worker threads should log at: null when no file is open (they stay silent). */
export function workerLogLevel(): LogLevel | null {
  return current ? (root.level as LogLevel) : null;
}

/** A line a worker thread logged: appended to this process's file, if one is open. */
export function writeWorkerLine(line: unknown): void {
  if (current && typeof line === 'string') current.stream.write(line);
}

/** In a worker thread: every line goes to the main thread as `{ type: 'log', line }`. */
export function logToParent(port: MessagePort, level: LogLevel | null | undefined): void {
  if (!level) return;
  setRoot(pino(loggerOptions(level), { write: (line: string) => port.postMessage({ type: 'log', line }) }));
}

/** A scoped logger ({ scope }); resolved on each call, so it follows the file being opened later. */
export function log(scope: string): Logger {
  let child = children.get(scope);
  if (!child) children.set(scope, (child = root.child({ scope })));
  return child;
}
