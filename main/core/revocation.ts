// What a console does when the backend says its token was revoked (issue 14, "lost laptops"):
// it forgets the token and removes everything it synced — the four mirrored streams, the
// organisation's settings, the cursors — and every file made from them (export bundles, CSV
// exports), then empties the WAL so no deleted page lingers beside the cache. It keeps the
// outbox (work not yet pushed, which a new sign-in to the same organisation pushes) and the
// local audit chain (append-only; ids and event names, no synced values). Runs in the worker.
import { join } from 'node:path';
import { STREAMS } from '../../shared/protocol';
import { purgeCsvExports } from './cache/csv';
import { clearOrgSettings } from './cache/org-settings';
import { checkpointTruncate } from './cache/purge';
import type { CacheDatabase } from './cache/store';
import { purgeAllExports } from './export/registry';
import { LAST_SYNCED_SETTING } from './sync/cycle';

/** Why this console was signed out, kept until the next sign-in (JSON `{ at, message }`). */
export const REVOKED_SETTING = 'session.revoked';

export interface RevokedNotice {
  at: string;
  message: string;
}

export function readRevokedNotice(store: CacheDatabase): RevokedNotice | null {
  const raw = store.getSetting(REVOKED_SETTING);
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<RevokedNotice>;
    return typeof v.at === 'string' && typeof v.message === 'string'
      ? { at: v.at, message: v.message }
      : null;
  } catch {
    return null;
  }
}

/** Signs this console out and purges its synced data; `dataDir` null leaves files alone. */
export function purgeRevokedConsole(
  store: CacheDatabase,
  dataDir: string | null,
  notice: RevokedNotice,
): void {
  const db = store.db;
  db.transaction(() => {
    for (const stream of STREAMS) store.clearStream(stream);
    clearOrgSettings(db);
    db.prepare('DELETE FROM sync_state').run();
    // A conflict keeps the backend's version of the request it lost to: synced data too.
    db.prepare('DELETE FROM conflicts').run();
    store.setSetting(LAST_SYNCED_SETTING, null);
    store.setSetting('session.token', null);
    store.setSetting(REVOKED_SETTING, JSON.stringify(notice));
  })();
  store.events.reset();
  purgeAllExports(db);
  if (dataDir !== null) purgeCsvExports(join(dataDir, 'exports'), 0);
  checkpointTruncate(db);
}
