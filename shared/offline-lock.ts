// The offline lock (issue 14, "lost laptops"): a console that has not synced for longer than its
// organisation's `maxOfflineDays` (synced org settings, default 14) refuses every data channel
// with E_CACHE_LOCKED until a sync succeeds — so a console kept offline cannot keep erased people
// or revoked access forever. The rule is pure and shared: the core applies it (both workers),
// the renderer shows the locked screen from the same shape. No node:*, no DOM.
import { z } from 'zod';
import { Instant } from './domain';
import type { InvokeChannel } from './channels';

const DAY_MS = 86_400_000;

/**
 * Channels a locked console still answers: what it needs to say why it is locked and to unlock
 * (session, sync, counts without personal data). Everything else reads or writes cached data.
 */
export const LOCK_EXEMPT_CHANNELS = [
  'app:info',
  'app:reportError',
  'session:status',
  'session:signIn',
  'session:signOut',
  'sync:status',
  'sync:now',
  'cache:stats',
] as const satisfies readonly InvokeChannel[];

const exempt: ReadonlySet<string> = new Set(LOCK_EXEMPT_CHANNELS);

export function isLockExempt(channel: InvokeChannel): boolean {
  return exempt.has(channel);
}

export const CacheLock = z.object({
  locked: z.boolean(),
  /** The last successful sync (the reference the lock counts from); null: never synced. */
  lastSyncedAt: Instant.nullable(),
  /** Whole days since then (null: never synced). */
  offlineDays: z.number().int().nonnegative().nullable(),
  /** The organisation's maximum offline period, in days. */
  limitDays: z.number().int().positive(),
});
export type CacheLock = z.infer<typeof CacheLock>;

/**
 * Locked when more than `limitDays` passed since `lastSyncedAt`. A cache that never synced holds
 * nothing synced, so it is not locked. A clock set back before the last sync does not lock (and
 * does not unlock a lock either: the lock is judged again at every call with the time then).
 */
export function cacheLockOf(lastSyncedAt: string | null, limitDays: number, now: Date): CacheLock {
  if (lastSyncedAt === null) return { locked: false, lastSyncedAt, offlineDays: null, limitDays };
  const elapsed = now.getTime() - Date.parse(lastSyncedAt);
  return {
    locked: elapsed > limitDays * DAY_MS,
    lastSyncedAt,
    offlineDays: Math.max(0, Math.floor(elapsed / DAY_MS)),
    limitDays,
  };
}

/** The message of E_CACHE_LOCKED, and of the locked screen. */
export function lockMessage(lock: CacheLock): string {
  return `Locked: this console has not synced for ${lock.offlineDays ?? 0} days (limit ${lock.limitDays}) — connect to unlock.`;
}
