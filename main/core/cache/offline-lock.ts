// The offline lock as this cache sees it (issue 14; the rule is shared/offline-lock.ts): counted
// from the last successful sync, or — for a cache whose first sync never finished — from the
// first page it pulled, so a half-filled cache kept offline locks too. Both workers ask it on
// every contract call (the read worker on its own connection); it is two small reads.
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { InvokeChannel } from '../../../shared/channels';
import { AppError } from '../../../shared/errors';
import { cacheLockOf, isLockExempt, lockMessage, type CacheLock } from '../../../shared/offline-lock';
import { readOrgSettings } from './org-settings';

/** The setting the sync engine writes after every successful cycle (sync/cycle.ts). */
const LAST_SYNCED = 'sync.lastSyncedAt';

/** The three reads, prepared once per connection: the lock is judged on every contract call. */
const statements = new WeakMap<Database, Record<'lastSynced' | 'firstPage' | 'settingsSeq', Statement>>();
function statementsOf(db: Database) {
  let s = statements.get(db);
  if (!s) {
    s = {
      lastSynced: db.prepare('SELECT value FROM settings WHERE key = ?').pluck(),
      firstPage: db.prepare('SELECT min(last_synced_at) FROM sync_state').pluck(),
      settingsSeq: db.prepare("SELECT seq || ':' || version FROM org_settings WHERE id = 1").pluck(),
    };
    statements.set(db, s);
  }
  return s;
}

function lastSyncReference(db: Database): string | null {
  const { lastSynced, firstPage } = statementsOf(db);
  const full = lastSynced.get(LAST_SYNCED) as string | null | undefined;
  if (full) return full;
  return (firstPage.get() as string | null) ?? null;
}

/** The limit per connection, parsed again only when the settings document changed (its seq):
 * the lock is judged on every page read, and the document (disclosures and all) is not small. */
const limits = new WeakMap<Database, { seq: string | null; days: number }>();

function maxOfflineDays(db: Database): number {
  const seq = (statementsOf(db).settingsSeq.get() as string | undefined) ?? null;
  const known = limits.get(db);
  if (known && known.seq === seq) return known.days;
  const days = readOrgSettings(db).maxOfflineDays;
  limits.set(db, { seq, days });
  return days;
}

export function readCacheLock(db: Database, now: Date): CacheLock {
  return cacheLockOf(lastSyncReference(db), maxOfflineDays(db), now);
}

/** Throws E_CACHE_LOCKED when the cache is locked (the CLI's in-process commands ask this). */
export function refuseIfLocked(db: Database, now: Date): void {
  const lock = readCacheLock(db, now);
  if (lock.locked) throw new AppError('E_CACHE_LOCKED', lockMessage(lock), lock);
}

/** Throws E_CACHE_LOCKED for a data channel of a locked cache; session/sync/status pass. */
export function assertUnlocked(db: Database, channel: InvokeChannel, now: Date): void {
  if (!isLockExempt(channel)) refuseIfLocked(db, now);
}
