// Issue 14: the offline lock's rule (shared/offline-lock.ts) with an injected clock.
import { describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS } from '../../shared/channels';
import { cacheLockOf, isLockExempt, lockMessage } from '../../shared/offline-lock';

const SYNCED = '2026-03-01T12:00:00.000Z';
const at = (days: number) => new Date(Date.parse(SYNCED) + days * 86_400_000);

describe('cacheLockOf', () => {
  it('locks only once more than the limit has passed since the last sync', () => {
    expect(cacheLockOf(SYNCED, 14, at(13.9)).locked).toBe(false);
    expect(cacheLockOf(SYNCED, 14, at(14)).locked).toBe(false);
    const lock = cacheLockOf(SYNCED, 14, at(14 + 1 / 24));
    expect(lock).toEqual({ locked: true, lastSyncedAt: SYNCED, offlineDays: 14, limitDays: 14 });
    expect(lockMessage(cacheLockOf(SYNCED, 3, at(20)))).toBe(
      'Locked: this console has not synced for 20 days (limit 3) — connect to unlock.',
    );
  });

  it('a cache that never synced, or a clock before the last sync, is not locked', () => {
    expect(cacheLockOf(null, 1, at(400)).locked).toBe(false);
    expect(cacheLockOf(SYNCED, 1, at(-30))).toMatchObject({ locked: false, offlineDays: 0 });
  });
});

describe('isLockExempt', () => {
  it('lets session, sync and status through, and no data channel', () => {
    const exempt = INVOKE_CHANNELS.filter(isLockExempt);
    expect(exempt).toEqual([
      'app:info',
      'app:reportError',
      'session:status',
      'session:signIn',
      'session:signOut',
      'sync:status',
      'sync:now',
      'cache:stats',
    ]);
  });
});
