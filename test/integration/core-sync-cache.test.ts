// The synced cache as the console reads it: keyset paging of logs:page, and the file on disk
// stays encrypted (no SQLite header, no username or token in the bytes).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { event, FAKE_TOKEN, FakeBackend, subject, T0 } from './core-fake-backend';
import {
  allEvents,
  closeCoresAfterEach,
  core,
  fakeBackend,
  signInAndSync,
  startTracked,
} from '../helpers/core-sync';

closeCoresAfterEach();

describe('core sync engine: the cache', () => {
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
    await startTracked(b);
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
