// Issue 14, "lost laptops", through the real core (both worker threads, the contract dispatch):
// a cache not synced for longer than maxOfflineDays refuses its data channels with
// E_CACHE_LOCKED — the read worker's and the cache worker's alike — while session, sync and
// status still answer, and a successful sync unlocks it; a 401 REVOKED during a sync signs the
// console out and purges what it synced, and says why.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCacheDb } from '../../main/core/cache/open';
import { CACHE_FILE } from '../../main/core/cache/open';
import { CacheStats, SessionStatus } from '../../shared/contract-app';
import { REVOKED_CODE } from '../../shared/consoles';
import { closeCoresAfterEach, core, expectReject, fakeBackend, signInAndSync } from '../helpers/core-sync';
import type { CoreClient } from '../../main/core/index';

closeCoresAfterEach();

const DAY = 86_400_000;

/** A channel's value, or the test fails with its error. */
async function valueOf(c: CoreClient, channel: string): Promise<unknown> {
  const r = await c.invoke(channel, {});
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/** Moves the cache's last successful sync into the past, as if the console had been offline. */
function lastSyncedDaysAgo(dir: string, days: number): void {
  const db = openCacheDb({
    path: join(dir, CACHE_FILE),
    key: { kind: 'passphrase', passphrase: 'sync test passphrase' },
  });
  try {
    db.prepare("UPDATE settings SET value = ? WHERE key = 'sync.lastSyncedAt'").run(
      new Date(Date.now() - days * DAY).toISOString(),
    );
  } finally {
    db.close();
  }
}

describe('offline lock through the core', () => {
  it('locks every data channel after maxOfflineDays (default 14) and unlocks after a sync', async () => {
    const b = await fakeBackend(5);
    const first = await core();
    await signInAndSync(first.core, b);
    await first.core.close();
    // Offline from here (the core syncs when it opens: a reachable backend would unlock at once).
    const port = b.port;
    await b.stop();

    // 13 days offline: still open.
    lastSyncedDaysAgo(first.dir, 13);
    const open = (await core(first.dir)).core;
    expect(await open.invoke('logs:page', { filter: {}, limit: 3 })).toMatchObject({ ok: true });
    await open.close();

    lastSyncedDaysAgo(first.dir, 15);
    const { core: c } = await core(first.dir);
    // The read worker's channel, and the cache worker's.
    for (const [channel, input] of [
      ['logs:page', { filter: {}, limit: 3 }],
      ['subjects:list', {}],
      ['requests:list', {}],
      ['dashboard:get', {}],
    ] as const) {
      expect(await c.invoke(channel, input)).toMatchObject({
        ok: false,
        error: {
          code: 'E_CACHE_LOCKED',
          message: expect.stringContaining('has not synced for 15 days (limit 14)'),
        },
      });
    }
    const status = SessionStatus.parse(await valueOf(c, 'session:status'));
    expect(status.lock).toMatchObject({ locked: true, offlineDays: 15, limitDays: 14 });
    expect(await c.invoke('cache:stats', {})).toMatchObject({ ok: true });

    await b.start(port);
    await c.syncNow();
    expect(await c.invoke('logs:page', { filter: {}, limit: 3 })).toMatchObject({ ok: true });
    expect(await c.invoke('requests:list', {})).toMatchObject({ ok: true });
    expect(SessionStatus.parse(await valueOf(c, 'session:status')).lock?.locked).toBe(false);
  });
});

describe('revocation through the core', () => {
  it('a 401 REVOKED during sync signs out, purges the synced data and says why', async () => {
    const b = await fakeBackend(5);
    const { core: c } = await core();
    await signInAndSync(c, b);
    const before = CacheStats.parse(await valueOf(c, 'cache:stats'));
    expect(before.streams.every((s) => s.count > 0)).toBe(true);

    b.hook = (_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: REVOKED_CODE, message: 'revoked by Olive Owner' } }));
      return true;
    };
    await expectReject(c.syncNow(), 'E_REVOKED');

    const after = CacheStats.parse(await valueOf(c, 'cache:stats'));
    expect(after.streams.map((s) => [s.stream, s.count, s.cursor])).toEqual(
      before.streams.map((s) => [s.stream, 0, 0]),
    );
    const status = SessionStatus.parse(await valueOf(c, 'session:status'));
    expect(status.signedIn).toBe(false);
    expect(status.revoked?.message).toContain('revoked by Olive Owner');
    expect(status.lock?.locked).toBe(false);
    expect(await c.invoke('sync:status', {})).toMatchObject({ ok: true, value: { needsSignIn: true } });

    // Signing in again (a new token) clears the notice and brings the data back.
    b.hook = null;
    await signInAndSync(c, b);
    const again = SessionStatus.parse(await valueOf(c, 'session:status'));
    expect(again.revoked ?? null).toBeNull();
    expect(CacheStats.parse(await valueOf(c, 'cache:stats')).streams.every((s) => s.count > 0)).toBe(true);
  });

  it('a plain 401 (a wrong or rotated token) keeps the data', async () => {
    const b = await fakeBackend(5);
    const { core: c } = await core();
    await signInAndSync(c, b);
    b.token = 'rotated-token-0123456789abcdef';
    await expectReject(c.syncNow(), 'E_AUTH');
    const stats = CacheStats.parse(await valueOf(c, 'cache:stats'));
    expect(stats.streams.every((s) => s.count > 0)).toBe(true);
  });
});
