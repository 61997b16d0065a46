// A reference backend that can be stopped and started again on the same port and data dir
// (same organisation, same tokens), so a console can be taken offline and back online.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startCli, type RunningCli } from './cli-process';

/** A loopback port that was free a moment ago (bind to 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port'))));
    });
  });
}

export interface TokensJson {
  url: string;
  tokens: Record<'owner' | 'approver' | 'analyst' | 'viewer', string>;
}

export interface RestartableBackend {
  url: string;
  dataDir: string;
  tokens(): TokensJson;
  running(): boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  output(): string;
}

export function restartableBackend(opts: {
  port: number;
  dataDir: string;
  seedArgs?: string[];
}): RestartableBackend {
  let proc: RunningCli | null = null;
  let log = '';
  const url = `http://127.0.0.1:${opts.port}`;
  return {
    url,
    dataDir: opts.dataDir,
    tokens: () => JSON.parse(readFileSync(join(opts.dataDir, 'tokens.json'), 'utf8')) as TokensJson,
    running: () => proc !== null,
    async start() {
      if (proc) return;
      const p = startCli([
        'backend',
        '--port',
        String(opts.port),
        '--data',
        opts.dataDir,
        ...(opts.seedArgs ?? []),
      ]);
      proc = p;
      try {
        await p.waitFor(/Tokens written to/, 120_000);
      } catch (err) {
        log += p.output();
        proc = null;
        await p.stop();
        throw err;
      }
    },
    async stop() {
      const p = proc;
      if (!p) return;
      proc = null;
      await p.stop();
      log += p.output();
    },
    output: () => log + (proc?.output() ?? ''),
  };
}
