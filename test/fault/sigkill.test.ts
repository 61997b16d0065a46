// A real fault run: the real backend behind a fault-injecting TCP proxy on loopback (resets
// mid-response, hangs, latency), and a console PROCESS killed with SIGKILL at random points
// (while opening/migrating, queuing, pushing, applying pages). After every kill the cache
// passes `PRAGMA integrity_check`, its audit chain is intact, and every action the process
// reported as queued is still in the outbox. Finally the queue drains with nothing applied
// twice and every action resolved.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { Rng } from '../../backend/seed/rng';
import { openCacheDb } from '../../main/core/cache/open';
import { verifyAuditChain } from '../../main/core/outbox/audit';
import { isDecided } from '../../shared/action-rules';
import type { PrivacyRequest } from '../../shared/domain';
import { pullReplySchema } from '../../shared/protocol';
import { SimConsole } from '../helpers/console-sim';
import { TcpProxy, type ProxyMode } from '../helpers/tcp-proxy';

const KILLS = Number(process.env.ZTA_SIGKILL_RUNS ?? 8);
const CHILD = fileURLToPath(new URL('./console-process.ts', import.meta.url));
// Every random choice (proxy faults, latency, kill times) comes from this seed, printed in the
// test's name: ZTA_SIGKILL_SEED=<seed> replays the same choices.
const SEED = Number(process.env.ZTA_SIGKILL_SEED ?? Math.floor(Math.random() * 2 ** 31));

let backend: RunningBackend;
let proxy: TcpProxy;

beforeAll(async () => {
  backend = await startBackend({
    port: 0,
    seed: { users: 20, events: 200, seed: 9, now: new Date('2026-04-01T12:00:00Z') },
  });
  proxy = await new TcpProxy('127.0.0.1', Number(new URL(backend.url).port)).start();
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await backend?.close();
});

/**
 * When to kill: `ms` after the spawn (anywhere in start-up: loading, opening, migrating) or
 * `ms` after the process printed `ready` (queuing, pushing, applying pages). The second kind
 * keeps the run meaningful on a loaded machine, where start-up alone can outlast any fixed delay.
 */
type KillPoint = { after: 'spawn' | 'ready'; ms: number };

function runChild(args: string[], kill: KillPoint): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const armKill = () => (timer ??= setTimeout(() => child.kill('SIGKILL'), kill.ms));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (kill.after === 'ready' && out.includes('ready\n')) armKill();
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    if (kill.after === 'spawn') armKill();
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL')
        return reject(new Error(`console process exited (${code}): ${err.slice(0, 2000)}`));
      resolve(
        out
          .split('\n')
          .filter((l) => l.startsWith('queued '))
          .map((l) => l.slice(7).trim()),
      );
    });
    child.on('error', reject);
  });
}

it(`survives ${KILLS} SIGKILLs behind a faulty proxy: integrity ok, outbox intact, drained exactly once (ZTA_SIGKILL_SEED=${SEED})`, async () => {
  const res = await fetch(`${backend.url}/v1/sync/requests?after=0&limit=1000`, {
    headers: { authorization: `Bearer ${backend.tokens.viewer}` },
  });
  const page = pullReplySchema('requests').parse(await res.json());
  if (page.reset) throw new Error('reset');
  const requests = page.items.flatMap((i) => (i.op === 'upsert' ? [i.data] : [])) as PrivacyRequest[];
  // Undecided targets, so the run's approvals and denials can be applied (one per request).
  const targets = requests.filter((r) => !r.legalHold && !isDecided(r.status)).slice(0, 4);
  expect(targets.length).toBeGreaterThan(0);
  const versionsBefore = new Map(requests.map((r) => [r.id, r.version]));

  const dir = mkdtempSync(join(tmpdir(), 'zta-sigkill-'));
  const dbPath = join(dir, 'cache.sqlite');
  const keyHex = randomBytes(32).toString('hex');
  const key = { kind: 'raw' as const, key: new Uint8Array(Buffer.from(keyHex, 'hex')) };
  const modes: ProxyMode[] = ['up', 'up', 'up', 'reset-mid-response', 'latency', 'hang', 'down'];
  const proxyRng = Rng.derive(SEED, 'proxy');
  const killRng = Rng.derive(SEED, 'kills');
  proxy.picker = () => proxyRng.pick(modes);
  proxy.random = () => proxyRng.float();

  const queued: string[] = [];
  for (let k = 0; k < KILLS; k++) {
    // Kill anywhere from early start-up to busy syncing: every other kill lands after `ready`.
    const kill: KillPoint =
      k % 2 === 0
        ? { after: 'spawn', ms: killRng.int(300, 1799) }
        : { after: 'ready', ms: killRng.int(20, 1500) };
    const ids = await runChild(
      [dbPath, keyHex, proxy.url, backend.tokens.owner, JSON.stringify(targets.map((t) => t.id))],
      kill,
    );
    queued.push(...ids);
    proxy.dropAll();
    const db = openCacheDb({ path: dbPath, key });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(verifyAuditChain(db).ok).toBe(true);
      const have = new Set((db.prepare('SELECT id FROM outbox').all() as { id: string }[]).map((r) => r.id));
      const missing = queued.filter((id) => !have.has(id));
      expect(missing, `after kill ${k + 1} (${kill.after} + ${kill.ms} ms)`).toEqual([]);
    } finally {
      db.close();
    }
  }
  expect(queued.length).toBeGreaterThan(0);

  // Heal the network and drain in-process from the same file.
  proxy.picker = null;
  proxy.mode = 'up';
  const c = new SimConsole({
    path: dbPath,
    key,
    backendUrl: backend.url,
    token: backend.tokens.owner,
    adminName: 'drain',
  });
  try {
    for (let i = 0; i < 20 && (c.outbox.pendingCount() > 0 || i === 0); i++) await c.sync();
    expect(c.outbox.pendingCount()).toBe(0);
    const rows = c.db.prepare('SELECT id, kind, request_id, status, rejection_code FROM outbox').all() as {
      id: string;
      kind: string;
      request_id: string;
      status: string;
      rejection_code: string | null;
    }[];
    expect(rows.every((r) => r.status === 'applied' || (r.status === 'rejected' && r.rejection_code))).toBe(
      true,
    );
    // Exactly once: each request's version moved by the number of actions applied on it.
    const outcomes = new Map(
      (
        await backend.db.query<{ action_id: string; applied: boolean }>(
          'SELECT action_id, applied FROM action_outcomes',
        )
      ).map((o) => [o.action_id, o.applied]),
    );
    for (const r of rows) expect(outcomes.get(r.id), r.id).toBe(r.status === 'applied');
    const now = await backend.db.query<{ id: string; version: number }>(
      'SELECT id::text AS id, version FROM requests',
    );
    for (const t of targets) {
      const applied = rows.filter((r) => r.request_id === t.id && r.status === 'applied').length;
      const v = now.find((x) => x.id === t.id)!;
      expect(Number(v.version) - versionsBefore.get(t.id)!).toBe(applied);
    }
    const decisions = await backend.db.query<{ request_id: string; n: number }>(
      `SELECT request_id::text AS request_id, count(*)::int AS n FROM request_events
        WHERE detail ? 'actionId' AND kind = 'decided' GROUP BY 1`,
    );
    // Exactly one decision recorded per request that got one, and the console applied exactly
    // those: the first decision on a request wins, later ones are rejected.
    const decidedByConsole = new Set(
      rows
        .filter((r) => r.status === 'applied' && (r.kind === 'request.approve' || r.kind === 'request.deny'))
        .map((r) => r.request_id),
    );
    expect(decidedByConsole.size, 'no decision was applied: the run proved nothing').toBeGreaterThan(0);
    expect(decisions.map((d) => d.request_id).sort()).toEqual([...decidedByConsole].sort());
    expect(decisions.filter((d) => d.n !== 1)).toEqual([]);
  } finally {
    c.close();
  }
}, 180_000);
