// The outbox end to end through the real worker, the real encrypted cache and the real
// backend (PGlite), with a loopback TCP proxy to take the backend away: an action taken while
// the backend is unreachable is queued instantly, shows as pending over the mirror, is pushed
// automatically once the backend is back, and a second admin deciding first produces a
// visible conflict with who won and when.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { CACHE_FILE, openCore, passphraseKeyProvider, type CoreClient } from '../../main/core/index';
import { openCacheDb } from '../../main/core/cache/open';
import { verifyAuditChain } from '../../main/core/outbox/audit';
import { SyncStatus } from '../../shared/contract-app';
import {
  ConflictsList,
  OutboxEntry,
  OutboxList,
  RequestDetail,
  RequestsList,
  type OutboxChanged,
} from '../../shared/contract-requests';
import { TcpProxy } from '../helpers/tcp-proxy';

const APP = { name: 'test', version: '0.0.0', transport: 'browser' as const };
const PASS = 'outbox integration passphrase';

let backend: RunningBackend;
let proxy: TcpProxy;

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  ms = 45_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function call<T>(core: CoreClient, channel: string, input: unknown, schema: { parse(v: unknown): T }) {
  const r = await core.invoke(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return schema.parse(r.value);
}

beforeAll(async () => {
  backend = await startBackend({
    port: 0,
    seed: { users: 20, events: 300, seed: 3, now: new Date('2026-05-01T10:00:00Z') },
  });
  const port = Number(new URL(backend.url).port);
  proxy = await new TcpProxy('127.0.0.1', port).start();
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await backend?.close();
});

describe('offline action → pending → reconnect → applied / conflict', () => {
  let a: CoreClient;
  let b: CoreClient;
  let dirA: string;

  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('works end to end', async () => {
    dirA = mkdtempSync(join(tmpdir(), 'zta-outbox-a-'));
    a = await openCore({
      dataDir: dirA,
      keyProvider: passphraseKeyProvider(PASS),
      app: APP,
      autoSyncIntervalMs: 500,
      backoff: { baseMs: 50, capMs: 800 },
    });
    b = await openCore({
      dataDir: mkdtempSync(join(tmpdir(), 'zta-outbox-b-')),
      keyProvider: passphraseKeyProvider(PASS),
      app: APP,
      autoSyncIntervalMs: 0,
    });
    const changes: OutboxChanged[] = [];
    a.on('outbox:changed', (c) => changes.push(c));
    expect(
      (await a.invoke('session:signIn', { backendUrl: proxy.url, token: backend.tokens.owner })).ok,
    ).toBe(true);
    expect(
      (await b.invoke('session:signIn', { backendUrl: backend.url, token: backend.tokens.approver })).ok,
    ).toBe(true);
    await a.syncNow();
    await b.syncNow();

    const list = await call(a, 'requests:list', { filter: { status: 'received' } }, RequestsList);
    const open = list.rows.filter((r) => !r.mirrored.legalHold);
    expect(open.length).toBeGreaterThanOrEqual(2);
    const contested = open[0]!.mirrored;
    const quiet = open[1]!.mirrored;

    // The backend goes away.
    proxy.mode = 'down';
    proxy.dropAll();
    const approve = await call(
      a,
      'actions:submit',
      { kind: 'request.approve', requestId: contested.id, payload: {} },
      OutboxEntry,
    );
    const note = await call(
      a,
      'actions:submit',
      { kind: 'request.note', requestId: quiet.id, payload: { text: 'offline note' } },
      OutboxEntry,
    );
    expect(approve).toMatchObject({
      status: 'pending',
      action: { kind: 'request.approve', baseVersion: contested.version },
    });
    expect(changes.some((c) => c.changedIds.includes(approve.action.id))).toBe(true);

    const detail = await call(a, 'requests:get', { id: contested.id }, RequestDetail);
    expect(detail.mirrored.status).toBe('received');
    expect(detail.request.status).toBe('approved'); // optimistic overlay
    expect(detail.pending.map((p) => p.action.id)).toEqual([approve.action.id]);

    // Automatic attempts fail while offline, counted, nothing lost.
    await waitFor('a failed push attempt', async () => {
      const o = await call(a, 'outbox:list', {}, OutboxList);
      return o.pending.length === 2 && o.pending[0]!.attempts >= 1 && o.pending[0]!.lastError !== null;
    });
    const offline = await call(a, 'sync:status', {}, SyncStatus);
    expect(offline).toMatchObject({ online: false, pendingCount: 2 });

    // Meanwhile a second admin denies the same request, online.
    const deny = await call(
      b,
      'actions:submit',
      {
        kind: 'request.deny',
        requestId: contested.id,
        payload: {
          reason: 'not verified',
          exemption: 'not-verified',
          remedyInfo: 'You may complain to the supervisory authority.',
        },
      },
      OutboxEntry,
    );
    await b.syncNow();
    expect((await call(b, 'outbox:list', {}, OutboxList)).recent[0]).toMatchObject({
      action: { id: deny.action.id },
      status: 'applied',
    });

    // Back online: the automatic retry pushes; the first decision (B's) wins.
    proxy.mode = 'up';
    const settled = await waitFor('the outbox to drain', async () => {
      const o = await call(a, 'outbox:list', {}, OutboxList);
      return o.pending.length === 0 ? o : null;
    });
    expect(settled.counts).toEqual({ pending: 0, applied: 1, rejected: 1, attention: 0 });
    const conflicts = await call(a, 'conflicts:list', {}, ConflictsList);
    expect(conflicts.conflicts).toHaveLength(1);
    expect(conflicts.conflicts[0]).toMatchObject({
      id: approve.action.id,
      code: 'ALREADY_DECIDED',
      knownCode: true,
      decidedBy: expect.any(String),
      decidedAt: expect.any(String),
      current: { id: contested.id, status: 'denied' },
      canRedecide: false,
    });

    // After a pull passes the note's server seq the overlay is gone and the mirror has it.
    const quietDetail = await waitFor('the note to sync back', async () => {
      await a.syncNow().catch(() => undefined);
      const d = await call(a, 'requests:get', { id: quiet.id }, RequestDetail);
      return d.pending.length === 0 ? d : null;
    });
    expect(quietDetail.mirrored.version).toBe(quiet.version + 1);
    expect(quietDetail.events.some((e) => e.id === note.action.id && e.kind === 'note')).toBe(true);
    const contestedDetail = await call(a, 'requests:get', { id: contested.id }, RequestDetail);
    expect(contestedDetail.request.status).toBe('denied');
    expect(contestedDetail.conflicts).toHaveLength(1);

    // Dismiss.
    const dismissed = await a.invoke('conflicts:dismiss', { id: approve.action.id });
    expect(dismissed).toMatchObject({ ok: true, value: { dismissedAt: expect.any(String) } });
    expect((await call(a, 'conflicts:list', {}, ConflictsList)).conflicts).toHaveLength(0);
    expect(
      (await call(a, 'conflicts:list', { includeDismissed: true }, ConflictsList)).conflicts,
    ).toHaveLength(1);
    expect(await a.invoke('conflicts:dismiss', { id: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'E_NOT_FOUND' },
    });

    const status = await call(a, 'sync:status', {}, SyncStatus);
    expect(status).toMatchObject({ online: true, pendingCount: 0, needsSignIn: false });
    expect(status.lastPushAt).toEqual(expect.any(String));

    // The audit chain covers every step and is intact.
    await a.close();
    const db = openCacheDb({ path: join(dirA, CACHE_FILE), key: { kind: 'passphrase', passphrase: PASS } });
    try {
      // 2 queued, 1 applied, 1 rejected, 1 dismissed
      expect(verifyAuditChain(db)).toEqual({ ok: true, entries: 5 });
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
      expect(() => db.prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(/append-only/);
      // Someone with the key who drops the trigger and edits history is caught by the chain.
      db.exec('DROP TRIGGER audit_log_no_update');
      db.prepare("UPDATE audit_log SET detail = '{}' WHERE seq = 2").run();
      expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 2, reason: 'content' });
    } finally {
      db.close();
    }
  }, 90_000);
});
