// The CLI's log file (main/core/log.ts): a command that works on a data folder logs to
// <data>/logs/cli.N.log — what ran, how it ended, and the details of a failure that stderr shows as
// one line. `start` logs to console.N.log from start-command.ts (the console that keeps running),
// and `backend` to its own folder (backend/log.ts), so two processes rarely share a file.
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { log, openLogFile } from '../core/log';

const OWN_LOG = new Set(['start', 'backend']);

/** commander's preAction hook: opens the log of a command given --data. */
export function openCommandLog(_program: Command, action: Command): void {
  const data = (action.opts() as { data?: unknown }).data;
  if (OWN_LOG.has(action.name()) || typeof data !== 'string') return;
  openLogFile(join(resolve(data), 'logs'), 'cli');
  log('cli').info({ command: action.name() }, 'command started');
}

/** The console's own log under its data folder. */
export function openConsoleLog(dataDir: string): void {
  openLogFile(join(dataDir, 'logs'), 'console');
}
