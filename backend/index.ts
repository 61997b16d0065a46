// Reference backend: Fastify + PostgreSQL (PGlite embedded by default).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../shared/domain';
import type { RoleTokens } from './auth';
import { openDb, type BackendDb } from './db';
import { migrate } from './schema';
import { sweepErasedSubjects } from './erasure';
import { startRetention } from './retention';
import { ensureTokens, seedDatabase, seededOrgId, wipeUnfinishedSeed } from './seed/load';
import { buildServer } from './server';
import { keepDataDirTight, secureDataDir } from './data-dir';
import { openBackendLog } from './log';

export type { BackendDb } from './db';

export interface BackendOptions {
  port?: number; // 0 (default) = pick a free port
  host?: string; // default '127.0.0.1'
  dataDir?: string; // PGlite data dir; omit = in-memory
  databaseUrl?: string; // real PostgreSQL instead of PGlite
  seed?: { users: number; events: number; seed: number; now?: Date; history?: boolean } | false; // default {users:200, events:20000, seed:1}
  /** Where backend.N.log goes (backend/log.ts); omitted: no log. */
  logDir?: string;
  /** Clear tokens from an earlier run (e.g. tokens.json); kept when they still match. */
  tokens?: Partial<Record<Role, string>>;
  /** Erase people deactivated longer than the inactivity window, at start and hourly (default on). */
  retention?: boolean;
  /** Progress of the initial seed (events loaded so far, total). */
  onSeedProgress?: (loaded: number, total: number) => void;
}

export interface RunningBackend {
  url: string; // e.g. http://127.0.0.1:41234
  tokens: Record<'owner' | 'approver' | 'analyst' | 'viewer', string>; // clear bearer tokens of the seeded org
  orgId: string;
  db: BackendDb; // for tests (read-only use)
  close(): Promise<void>;
}

/** Seeds at least this large use a temporary data dir instead of PGlite's in-memory FS. */
export const EPHEMERAL_DIR_THRESHOLD = 200_000;

export const DEFAULT_SEED = { users: 200, events: 20_000, seed: 1 } as const;

export async function startBackend(opts: BackendOptions = {}): Promise<RunningBackend> {
  const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL ?? undefined;
  // PGlite's in-memory file system slows down quadratically as tables grow (every COPY costs
  // more than the last), so a large throw-away seed goes to a temporary directory instead,
  // removed again on close. Small ones (tests, the demo) stay purely in memory.
  const seedEvents = opts.seed ? opts.seed.events : opts.seed === false ? 0 : DEFAULT_SEED.events;
  let tempDir: string | undefined;
  if (!databaseUrl && !opts.dataDir && seedEvents >= EPHEMERAL_DIR_THRESHOLD) {
    tempDir = await mkdtemp(join(tmpdir(), 'zta-backend-'));
  }
  const removeTemp = async () => {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  };
  // The data folder: owner-only before the database opens, and kept so (data-dir.ts).
  const ownDir = opts.dataDir;
  if (ownDir) secureDataDir(ownDir);
  const log = openBackendLog(opts.logDir ?? null);
  let db: BackendDb;
  try {
    db = await openDb(databaseUrl ? { databaseUrl } : { dataDir: opts.dataDir ?? tempDir });
  } catch (err) {
    log.logger.error({ err }, 'database did not open');
    await log.close();
    await removeTemp();
    throw err;
  }
  try {
    await migrate(db);
    let orgId = await seededOrgId(db);
    const seededNow = !orgId;
    let tokens: RoleTokens;
    if (orgId) {
      tokens = await ensureTokens(db, orgId, opts.tokens);
    } else {
      await wipeUnfinishedSeed(db);
      const seed =
        opts.seed === false ? { ...DEFAULT_SEED, users: 0, events: 0 } : (opts.seed ?? DEFAULT_SEED);
      const seeded = await seedDatabase(db, seed, opts.onSeedProgress);
      orgId = seeded.orgId;
      tokens = seeded.tokens;
    }
    // Erased stays erased: rows of erased people that came back (a restore) go again.
    await sweepErasedSubjects(db);
    // Retention by inactivity window: now, then hourly (stopped on close).
    const stopRetention =
      opts.retention === false ? () => undefined : await startRetention(db, undefined, log.logger);
    if (ownDir) secureDataDir(ownDir);
    const stopTightening = ownDir ? keepDataDirTight(ownDir) : () => undefined;
    const app = buildServer(db, { logger: log.logger });
    const host = opts.host ?? '127.0.0.1';
    await app.listen({ port: opts.port ?? 0, host });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 0);
    const urlHost = host.includes(':') ? `[${host}]` : host;
    log.logger.info({ scope: 'backend', port, seeded: seededNow }, 'backend listening');
    let closed = false;
    return {
      url: `http://${urlHost}:${port}`,
      tokens,
      orgId,
      db,
      async close() {
        if (closed) return;
        closed = true;
        stopRetention();
        stopTightening();
        await app.close();
        await db.close();
        log.logger.info({ scope: 'backend' }, 'backend closed');
        await log.close();
        if (ownDir) secureDataDir(ownDir);
        await removeTemp();
      },
    };
  } catch (err) {
    log.logger.error({ scope: 'backend', err }, 'backend did not start');
    await db.close().catch((e: unknown) => log.logger.warn({ err: e }, 'database did not close'));
    await log.close();
    await removeTemp();
    throw err;
  }
}
