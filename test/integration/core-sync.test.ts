// The sync engine against a tiny real HTTP backend serving hand-made pages: pages apply with
// their cursor, bad pages write nothing, interruptions resume, resets re-bootstrap, tombstones
// delete, auth failures are reported — and the file on disk stays encrypted.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LATEST_SCHEMA_VERSION,
  openCore,
  passphraseKeyProvider,
  type CoreClient,
} from '../../main/core/index';
import { type CacheStats, type SyncStatus } from '../../shared/contract-app';
import { LogsPage, type LogsCursor } from '../../shared/contract-logs';
import type { AccessEvent } from '../../shared/domain';
import { PROTOCOL_VERSION, type StreamName } from '../../shared/protocol';
import { event, FAKE_TOKEN, FakeBackend, request, requestEvent, subject, T0 } from './core-fake-backend';

const APP = { name: 'test', version: '0.0.0', transport: 'browser' as const };

let backends: FakeBackend[] = [];
let cores: CoreClient[] = [];

afterEach(async () => {
  await Promise.all(cores.map((c) => c.close()));
  await Promise.all(backends.map((b) => b.stop()));
  cores = [];
  backends = [];
});

async function fakeBackend(events = 10): Promise<FakeBackend> {
  const b = new FakeBackend();
  for (let i = 0; i < 3; i++) b.upsert('subjects', subject(i));
  b.upsert('requests', request(1));
  b.upsert('request_events', requestEvent(1));
  for (let i = 1; i <= events; i++) b.upsert('access_events', event(i));
  backends.push(await b.start());
  return b;
}

async function core(
  dir = mkdtempSync(join(tmpdir(), 'zta-core-sync-')),
): Promise<{ core: CoreClient; dir: string }> {
  const c = await openCore({
    dataDir: dir,
    keyProvider: passphraseKeyProvider('sync test passphrase'),
    app: APP,
  });
  cores.push(c);
  return { core: c, dir };
}

async function signIn(c: CoreClient, b: FakeBackend, token = FAKE_TOKEN) {
  return c.invoke('session:signIn', { backendUrl: b.url, token });
}

/** Sign in and wait for the background sync it starts (joined by syncNow). */
async function signInAndSync(c: CoreClient, b: FakeBackend): Promise<SyncStatus> {
  const r = await signIn(c, b);
  expect(r.ok).toBe(true);
  return c.syncNow();
}

const stream = (stats: CacheStats, name: StreamName) => stats.streams.find((s) => s.stream === name)!;

async function allEvents(c: CoreClient, filter: object = {}, limit = 3): Promise<AccessEvent[]> {
  const rows: AccessEvent[] = [];
  let after: LogsCursor | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const r = await c.invoke('logs:page', after ? { filter, limit, after } : { filter, limit });
    if (!r.ok) throw new Error(r.error.message);
    const page = LogsPage.parse(r.value);
    rows.push(...page.rows.map(({ flags: _flags, ...e }) => e));
    if (!page.next) return rows;
    after = page.next;
  }
  throw new Error('paging never ended');
}

async function expectReject(p: Promise<unknown>, code: string): Promise<void> {
  await expect(p).rejects.toMatchObject({ name: 'AppError', code });
}

describe('core sync engine', () => {
  it('applies every page of every stream, with cursors, epochs and events', async () => {
    const b = await fakeBackend(10);
    const { core: c } = await core();
    const seen: SyncStatus[] = [];
    c.on('sync:status', (s) => seen.push(s));
    const signed = await signIn(c, b);
    expect(signed).toMatchObject({
      ok: true,
      value: { signedIn: true, orgName: 'Acme Test Org', adminName: 'Ada Admin', role: 'owner' },
    });
    const progress: string[] = [];
    const status = await c.syncNow((p) => progress.push(`${p.stream}:${p.cursor}`));
    expect(status).toMatchObject({ online: true, running: false, lastError: null });
    expect(status.lastSyncedAt).not.toBeNull();

    const stats = await c.stats();
    expect(stats.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(stream(stats, 'subjects')).toMatchObject({ count: 3, epoch: 'epoch-1' });
    expect(stream(stats, 'requests').count).toBe(1);
    expect(stream(stats, 'request_events').count).toBe(1);
    const ev = stream(stats, 'access_events');
    expect(ev.count).toBe(10);
    expect(ev.cursor).toBe(b.items.access_events.at(-1)!.seq);
    expect(stats.pendingActions).toBe(0);

    // Pages of 3: 10 events take 4 pages, in seq order, each asked with the previous cursor.
    const evRequests = b.log.filter((l) => l.startsWith('/v1/sync/access_events'));
    expect(evRequests).toHaveLength(4);
    expect(evRequests[0]).toContain('after=0');
    expect(evRequests[1]).toContain('epoch=epoch-1');

    expect(seen.some((s) => s.running)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ running: false, lastError: null, online: true });
    expect(seen.some((s) => s.progress?.stream === 'access_events')).toBe(true);

    const rows = await allEvents(c);
    expect(rows.map((r) => r.id).sort()).toEqual(
      b.items.access_events.map((i) => (i as { data: AccessEvent }).data.id).sort(),
    );
    expect(rows[0]).toEqual(event(10));

    // A second run asks from the stored cursors and changes nothing.
    const again = await c.syncNow();
    expect(again.lastError).toBeNull();
    expect((await c.stats()).streams).toEqual(
      stats.streams.map((s) => ({ ...s, lastSyncedAt: expect.any(String) })),
    );
  });

  it('a malformed item is set aside (issue 14); the rest of the page is applied and the stream goes on', async () => {
    const b = await fakeBackend(4);
    const { core: c } = await core();
    await signInAndSync(c, b);
    const before = await c.stats();

    b.upsert('access_events', event(5));
    b.upsert('access_events', { ...event(6), decision: 'maybe' } as unknown as AccessEvent);
    await c.syncNow();
    const after = await c.stats();
    expect(stream(after, 'access_events').count).toBe(stream(before, 'access_events').count + 1);
    expect(after.setAsideCount).toBe(1);
    expect(after.setAside[0]).toMatchObject({
      stream: 'access_events',
      reason: expect.stringMatching(/decision/),
    });
    const status = await c.invoke('sync:status', {});
    expect(status).toMatchObject({ ok: true, value: { running: false, online: true, lastError: null } });
  });

  it('a reply that is not JSON, or a backend error, is reported with its code', async () => {
    const b = await fakeBackend(2);
    const { core: c } = await core();
    await signInAndSync(c, b);
    b.hook = (_req, res, url) => {
      if (!url.pathname.startsWith('/v1/sync/')) return false;
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'DB_DOWN', message: 'database is down' } }));
      return true;
    };
    await expect(c.syncNow()).rejects.toMatchObject({
      code: 'E_BACKEND',
      message: expect.stringContaining('database is down'),
    });
    b.hook = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>proxy login</html>');
      return true;
    };
    await expectReject(c.syncNow(), 'E_BAD_PAGE');
  });

  it('server killed mid-way ⇒ E_BACKEND_UNREACHABLE; the next run resumes from the stored cursor, no duplicates', async () => {
    const b = await fakeBackend(12);
    const { core: c } = await core();
    let evPages = 0;
    b.hook = (req) => {
      if (!req.url?.startsWith('/v1/sync/access_events')) return false;
      if (++evPages < 3) return false;
      void b.stop(); // dies while answering the third events page
      req.socket.destroy();
      return true;
    };
    expect((await signIn(c, b)).ok).toBe(true);
    await expectReject(c.syncNow(), 'E_BACKEND_UNREACHABLE');
    const mid = stream(await c.stats(), 'access_events');
    expect(mid.count).toBe(6);
    expect(mid.cursor).toBe(b.items.access_events[5]!.seq);
    expect(await c.invoke('sync:status', {})).toMatchObject({
      value: { online: false, lastError: { code: 'E_BACKEND_UNREACHABLE' } },
    });

    b.hook = null;
    await b.start(b.port);
    b.log = [];
    const status = await c.syncNow();
    expect(status).toMatchObject({ online: true, lastError: null });
    expect(b.log.find((l) => l.startsWith('/v1/sync/access_events'))).toContain(`after=${mid.cursor}`);
    const rows = await allEvents(c, {}, 5);
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => r.id)).size).toBe(12);
    expect(stream(await c.stats(), 'access_events').count).toBe(12);
  });

  it('a reset reply drops the stream and re-bootstraps it from 0 under the new epoch', async () => {
    const b = await fakeBackend(5);
    const { core: c } = await core();
    await signInAndSync(c, b);
    expect(stream(await c.stats(), 'access_events').count).toBe(5);

    // The server rebuilt its data: new epoch, only events 3..7 exist now.
    b.epoch = 'epoch-2';
    b.items.access_events = [];
    for (let i = 3; i <= 7; i++) b.upsert('access_events', event(i));
    b.log = [];
    await c.syncNow();
    const stats = await c.stats();
    const ev = stream(stats, 'access_events');
    expect(ev).toMatchObject({ count: 5, epoch: 'epoch-2', cursor: b.items.access_events.at(-1)!.seq });
    expect(stream(stats, 'subjects')).toMatchObject({ count: 3, epoch: 'epoch-2' });
    expect((await allEvents(c)).map((r) => r.id).sort()).toEqual([
      'ev-0003',
      'ev-0004',
      'ev-0005',
      'ev-0006',
      'ev-0007',
    ]);
    expect(
      b.log.filter((l) => l.startsWith('/v1/sync/access_events')).some((l) => l.includes('after=0&')),
    ).toBe(true);
  });

  it('tombstones delete rows', async () => {
    const b = await fakeBackend(5);
    const { core: c } = await core();
    await signInAndSync(c, b);
    b.remove('access_events', 'ev-0002');
    b.remove('subjects', 'subj-1');
    b.remove('access_events', 'ev-9999'); // unknown id: harmless
    await c.syncNow();
    const stats = await c.stats();
    expect(stream(stats, 'subjects').count).toBe(2);
    // The event's tombstone removed it. (A subject's tombstone is an erased person: the purge of
    // their events is the erasure's, tested in erasure-consoles.test.ts.)
    expect((await allEvents(c)).map((r) => r.id)).not.toContain('ev-0002');
  });

  it('a backend of another protocol version is refused at sign-in, with both versions named', async () => {
    const b = await fakeBackend(3);
    b.protocolVersion = PROTOCOL_VERSION - 1; // e.g. one that still sends access events as objects
    const { core: c } = await core();
    const r = await signIn(c, b);
    expect(r).toMatchObject({ ok: false });
    expect(JSON.stringify(r)).toContain(
      `speaks sync protocol ${PROTOCOL_VERSION - 1}; this console speaks ${PROTOCOL_VERSION}`,
    );
    expect(b.log.some((l) => l.startsWith('/v1/sync/'))).toBe(false);
  });

  it('401 ⇒ E_AUTH; unreachable ⇒ E_BACKEND_UNREACHABLE; sign-out keeps the data', async () => {
    const b = await fakeBackend(3);
    const { core: c } = await core();
    expect(await signIn(c, b, 'not-the-right-token-at-all')).toMatchObject({
      ok: false,
      error: { code: 'E_AUTH', message: expect.stringContaining('rejected this token') },
    });
    expect(
      await c.invoke('session:signIn', { backendUrl: 'http://127.0.0.1:1', token: FAKE_TOKEN }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'E_BACKEND_UNREACHABLE',
        message: expect.stringContaining('Cannot reach the backend at http://127.0.0.1:1'),
      },
    });
    expect(await c.invoke('sync:now', {})).toMatchObject({ ok: false, error: { code: 'E_NOT_SIGNED_IN' } });

    await signInAndSync(c, b);
    b.token = 'rotated-token-0123456789abcdef';
    await expectReject(c.syncNow(), 'E_AUTH');
    expect(await c.invoke('sync:status', {})).toMatchObject({
      value: { online: true, lastError: { code: 'E_AUTH' } },
    });

    expect(await c.invoke('session:signOut', {})).toMatchObject({
      ok: true,
      value: { signedIn: false, backendUrl: b.url },
    });
    expect(await c.invoke('session:status', {})).toMatchObject({ ok: true, value: { signedIn: false } });
    expect(stream(await c.stats(), 'access_events').count).toBe(3);
    await expectReject(c.syncNow(), 'E_NOT_SIGNED_IN');
  });

  it('signing out stops a running sync with E_SYNC_STOPPED, not E_NOT_SIGNED_IN', async () => {
    const b = await fakeBackend(6);
    const { core: c } = await core();
    let held!: () => void;
    const reached = new Promise<void>((r) => (held = r));
    // The first subjects page never answers: the sync waits on it until the sign-out aborts it.
    b.hook = (_req, _res, url) => {
      if (!url.pathname.startsWith('/v1/sync/subjects')) return false;
      held();
      return true;
    };
    expect((await signIn(c, b)).ok).toBe(true); // starts the background sync
    const stopped = expectReject(c.syncNow(), 'E_SYNC_STOPPED'); // attached before the stop
    await reached;
    expect((await c.invoke('session:signOut', {})).ok).toBe(true);
    await stopped;
    expect(await c.invoke('sync:status', {})).toMatchObject({
      value: { running: false, lastError: { code: 'E_SYNC_STOPPED' } },
    });
  });

  it('sync:now returns at once and reports running; a second sync:now while running does not start another', async () => {
    const b = await fakeBackend(6);
    const { core: c } = await core();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let held = false;
    b.hook = (req, res, url) => {
      if (held || !url.pathname.startsWith('/v1/sync/subjects')) return false;
      held = true;
      void gate.then(() => {
        b.hook = null;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            stream: 'subjects',
            epoch: b.epoch,
            reset: false,
            items: [],
            next: 0,
            hasMore: false,
            watermark: 0,
          }),
        );
      });
      return true;
    };
    expect((await signIn(c, b)).ok).toBe(true); // starts the background sync (held at its first page)
    const now1 = await c.invoke('sync:now', {});
    const now2 = await c.invoke('sync:now', {});
    expect(now1).toMatchObject({ ok: true, value: { running: true } });
    expect(now2).toMatchObject({ ok: true, value: { running: true } });
    release();
    const done = await c.syncNow();
    expect(done.running).toBe(false);
    expect(b.log.filter((l) => l.startsWith('/v1/sync/subjects'))).toHaveLength(1);
  });

  it('logs:page: keyset paging returns each row once, in (time desc, id desc) order; filters work', async () => {
    const b = new FakeBackend();
    b.pageSize = 50;
    for (let i = 1; i <= 40; i++) {
      // Pairs share a timestamp so the id tie-break matters.
      b.upsert(
        'access_events',
        event(i, {
          time: new Date(T0 + Math.ceil(i / 2) * 1000).toISOString(),
        }),
      );
    }
    backends.push(await b.start());
    const { core: c } = await core();
    await signInAndSync(c, b);

    const rows = await allEvents(c, {}, 7);
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((r) => r.id)).size).toBe(40);
    const sorted = [...rows].sort((x, y) =>
      x.time === y.time ? (x.id < y.id ? 1 : -1) : x.time < y.time ? 1 : -1,
    );
    expect(rows).toEqual(sorted);

    const deny = await allEvents(c, { decision: 'deny' }, 3);
    expect(deny).toHaveLength(10);
    expect(deny.every((r) => r.decision === 'deny')).toBe(true);
    const mailOfSubj1 = await allEvents(c, { app: 'mail', subjectId: 'subj-1' }, 2);
    expect(mailOfSubj1.map((r) => r.id).sort()).toEqual(
      rows
        .filter((r) => r.app === 'mail' && r.subjectId === 'subj-1')
        .map((r) => r.id)
        .sort(),
    );
    expect(mailOfSubj1.length).toBeGreaterThan(0);
    const from = new Date(T0 + 5000).toISOString();
    const to = new Date(T0 + 10_000).toISOString();
    const range = await allEvents(c, { from, to }, 4);
    expect(range).toHaveLength(10); // seconds 5..9, two events each: from inclusive, to exclusive
    expect(range.every((r) => r.time >= from && r.time < to)).toBe(true);

    const first = await c.invoke('logs:page', { limit: 40 });
    expect(first).toMatchObject({ ok: true, value: { next: null } });
    expect(await c.invoke('logs:page', { filter: { decision: 'maybe' } })).toMatchObject({
      ok: false,
      error: { code: 'E_VALIDATION' },
    });
  });

  it('the cache file stays encrypted: no SQLite header, no username or token in the bytes', async () => {
    const b = await fakeBackend(0);
    const marker = 'zz-distinctive-username-4b1d';
    b.upsert('subjects', subject(9, { username: marker, email: `${marker}@example.test` }));
    b.upsert('access_events', event(1, { username: marker }));
    const { core: c, dir } = await core();
    await signInAndSync(c, b);
    expect((await allEvents(c)).map((r) => r.username)).toContain(marker);
    // The write-ahead log holds the newest pages until a checkpoint: read it while the cache is
    // open (closing truncates it), and insist it has bytes, so the check cannot pass on nothing.
    const wal = join(dir, 'cache.sqlite-wal');
    const walBytes = readFileSync(wal);
    expect(walBytes.length).toBeGreaterThan(0);
    expect(walBytes.includes(Buffer.from(marker))).toBe(false);
    expect(walBytes.includes(Buffer.from(FAKE_TOKEN))).toBe(false);
    await c.close();
    const bytes = readFileSync(join(dir, 'cache.sqlite'));
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(bytes.includes(Buffer.from(marker))).toBe(false);
    expect(bytes.includes(Buffer.from(FAKE_TOKEN))).toBe(false);
  });
});

describe('switching organisation with queued actions', () => {
  it('refuses (E_PENDING_ACTIONS) and keeps the queue; the same organisation is fine', async () => {
    const b1 = await fakeBackend(2);
    const { core: c } = await core();
    await signInAndSync(c, b1);
    b1.hook = (req, res) => {
      if (req.method !== 'POST') return false;
      res.writeHead(503).end(); // the push never gets through
      return true;
    };
    const queued = await c.invoke('actions:submit', {
      kind: 'request.note',
      requestId: request(1).id,
      payload: { text: 'x' },
    });
    expect(queued).toMatchObject({ ok: true, value: { status: 'pending' } });
    const b2 = await fakeBackend(2);
    b2.orgId = 'org-2';
    expect(await signIn(c, b2)).toMatchObject({ ok: false, error: { code: 'E_PENDING_ACTIONS' } });
    expect((await c.stats()).pendingActions).toBe(1);
    expect(await signIn(c, b1)).toMatchObject({ ok: true });
  });
});
