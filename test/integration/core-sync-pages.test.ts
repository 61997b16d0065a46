// The sync engine against a tiny real HTTP backend serving hand-made pages: pages apply with
// their cursor, bad pages write nothing, interruptions resume, resets re-bootstrap, tombstones delete.
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/contract-app';
import type { AccessEvent } from '../../shared/domain';
import { LATEST_SCHEMA_VERSION } from '../../main/core/index';
import { event } from './core-fake-backend';
import {
  allEvents,
  closeCoresAfterEach,
  core,
  expectReject,
  fakeBackend,
  signIn,
  signInAndSync,
  stream,
} from '../helpers/core-sync';

closeCoresAfterEach();

describe('core sync engine: pages', () => {
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
});
