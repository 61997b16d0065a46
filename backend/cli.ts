// `zta-console backend`: run the reference backend, print its URL and one token per role,
// and (with a data dir) keep tokens.json beside the database so a restart reuses them.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Role } from '../shared/domain';
import { ROLES } from './auth';
import { startBackend, type RunningBackend } from './index';
import { secureDataDir } from './data-dir';

export interface BackendCommandOptions {
  port: number;
  seedUsers: number;
  seedEvents: number;
  seed: number;
  data?: string;
  now?: string; // ISO
  /** issue 16: seed past casework for the yearly reports. */
  history?: boolean;
  /** Print the clear tokens on stdout (issue 14: otherwise they only go to DIR/tokens.json). */
  printTokens?: boolean;
}

export interface TokensFile {
  url: string;
  tokens: Record<Role, string>;
}

export function readTokensFile(file: string): Partial<TokensFile> | null {
  if (!existsSync(file)) return null;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (!parsed || typeof parsed !== 'object') return null;
    const p = parsed as { url?: unknown; tokens?: unknown };
    const tokens: Partial<Record<Role, string>> = {};
    if (p.tokens && typeof p.tokens === 'object') {
      for (const r of ROLES) {
        const t = (p.tokens as Record<string, unknown>)[r];
        if (typeof t === 'string') tokens[r] = t;
      }
    }
    return { url: typeof p.url === 'string' ? p.url : undefined, tokens: tokens as Record<Role, string> };
  } catch {
    return null;
  }
}

export function writeTokensFile(file: string, content: TokensFile): void {
  writeFileSync(file, JSON.stringify(content, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600); // also when the file existed with wider permissions
}

export async function runBackendCommand(opts: BackendCommandOptions): Promise<RunningBackend> {
  let now: Date | undefined;
  if (opts.now !== undefined) {
    now = new Date(opts.now);
    if (Number.isNaN(now.getTime())) throw new Error(`--now: not an ISO date/time: ${opts.now}`);
  }
  const dataDir = opts.data ? resolve(opts.data) : undefined;
  let pgDir: string | undefined;
  let tokensPath: string | undefined;
  let known: Partial<Record<Role, string>> | undefined;
  if (dataDir) {
    secureDataDir(dataDir); // 0700, and an existing folder tightened (files 0600)
    pgDir = join(dataDir, 'pgdata');
    tokensPath = join(dataDir, 'tokens.json');
    known = readTokensFile(tokensPath)?.tokens;
  }
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const total = opts.seedEvents;
  let lastPct = -1;
  const started = Date.now();
  const backend = await startBackend({
    port: opts.port,
    dataDir: pgDir,
    ...(dataDir ? { logDir: join(dataDir, 'logs') } : {}),
    databaseUrl,
    seed: {
      users: opts.seedUsers,
      events: opts.seedEvents,
      seed: opts.seed,
      now,
      history: opts.history === true,
    },
    tokens: known,
    onSeedProgress: (loaded) => {
      const pct = total > 0 ? Math.floor((loaded / total) * 10) * 10 : 100;
      if (pct !== lastPct && total >= 200_000) {
        lastPct = pct;
        process.stderr.write(
          `seeding: ${loaded.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} events\n`,
        );
      }
    },
  });
  if (lastPct >= 0) process.stderr.write(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  if (tokensPath) writeTokensFile(tokensPath, { url: backend.url, tokens: backend.tokens });

  // Clear tokens are secrets: terminals are scrolled back, recorded and shared. They go to the
  // 0600 tokens.json, and to stdout only when asked for.
  const lines = [`Backend listening on ${backend.url}`, `Organisation ${backend.orgId}`];
  if (opts.printTokens) {
    lines.push('Tokens (Authorization: Bearer …):');
    for (const r of ROLES) lines.push(`  ${r.padEnd(8)} ${backend.tokens[r]}`);
  }
  if (tokensPath) lines.push(`Tokens written to ${tokensPath}`);
  if (!opts.printTokens && !tokensPath)
    lines.push('Tokens not shown: pass --data DIR (DIR/tokens.json, 0600) or --print-tokens.');
  process.stdout.write(lines.join('\n') + '\n');

  // Close cleanly on SIGINT/SIGTERM. If the embedding program has its own handlers, leave the
  // exit to it (closing twice is harmless).
  const onSignal = (signal: NodeJS.Signals) => {
    const othersHandle = process.listenerCount(signal) > 0;
    void backend.close().then(
      () => {
        if (!othersHandle) process.exit(0);
      },
      (err: unknown) => {
        process.stderr.write(`backend: close failed: ${err instanceof Error ? err.message : String(err)}\n`);
        if (!othersHandle) process.exit(1);
      },
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const close = backend.close.bind(backend);
  return {
    ...backend,
    async close() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await close();
    },
  };
}
