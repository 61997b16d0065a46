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
import { openCacheDb } from '../../main/core/cache/open';
import { verifyAuditChain } from '../../main/core/outbox/audit';
import type { PrivacyRequest } from '../../shared/domain';
import { pullReplySchema } from '../../shared/protocol';
import { SimConsole } from '../helpers/console-sim';
import { TcpProxy, type ProxyMode } from '../helpers/tcp-proxy';

const KILLS = Number(process.env.ZTA_SIGKILL_RUNS ?? 8);
const CHILD = fileURLToPath(new URL('./console-process.ts', import.meta.url));

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

function runChild(args: string[], killAfterMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
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

it(`survives ${KILLS} SIGKILLs behind a faulty proxy: integrity ok, outbox intact, drained exactly once`, async () => {
  const res = await fetch(`${backend.url}/v1/sync/requests?after=0&limit=1000`, {
    headers: { authorization: `Bearer ${backend.tokens.viewer}` },
  });
  const page = pullReplySchema('requests').parse(await res.json());
  if (page.reset) throw new Error('reset');
  const requests = page.items.flatMap((i) => (i.op === 'upsert' ? [i.data] : [])) as PrivacyRequest[];
  const targets = requests.filter((r) => !r.legalHold).slice(0, 4);
  const versionsBefore = new Map(requests.map((r) => [r.id, r.version]));

  const dir = mkdtempSync(join(tmpdir(), 'zta-sigkill-'));
  const dbPath = join(dir, 'cache.sqlite');
  const keyHex = randomBytes(32).toString('hex');
  const key = { kind: 'raw' as const, key: new Uint8Array(Buffer.from(keyHex, 'hex')) };
  const modes: ProxyMode[] = ['up', 'up', 'up', 'reset-mid-response', 'latency', 'hang', 'down'];
  proxy.picker = () => modes[Math.floor(Math.random() * modes.length)]!;

  const queued: string[] = [];
  for (let k = 0; k < KILLS; k++) {
    // The process needs a moment to load; kill anywhere from early start-up to busy syncing.
    const ids = await runChild(
      [dbPath, keyHex, proxy.url, backend.tokens.owner, JSON.stringify(targets.map((t) => t.id))],
      300 + Math.floor(Math.random() * 1500),
    );
    queued.push(...ids);
    proxy.dropAll();
    const db = openCacheDb({ path: dbPath, key });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(verifyAuditChain(db).ok).toBe(true);
      const have = new Set((db.prepare('SELECT id FROM outbox').all() as { id: string }[]).map((r) => r.id));
      const missing = queued.filter((id) => !have.has(id));
      expect(missing, `after kill ${k + 1}`).toEqual([]);
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
    const rows = c.db.prepare('SELECT id, request_id, status, rejection_code FROM outbox').all() as {
      id: string;
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
    expect(decisions.every((d) => d.n === 1)).toBe(true);
  } finally {
    c.close();
  }
}, 180_000);
