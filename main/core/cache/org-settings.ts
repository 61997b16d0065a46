// The organisation's settings as this console last synced them (issue 11): the `org_settings`
// stream's one document, kept in the cache so an offline console applies the same erasure
// policy, inactivity window and other organisation settings. DEFAULT_ORG_SETTINGS until the
// backend sent a document (an organisation that never saved any, or an older backend).
import type { Database } from 'better-sqlite3-multiple-ciphers';
import {
  defaultOrgSettingsRecord,
  OrgSettingsRecord,
  withDefaults,
  type OrgSettings,
} from '../../../shared/org-settings';

/** The cached record with its stream seq (0 when none was synced). */
export function readOrgSettingsState(db: Database): { seq: number; record: OrgSettingsRecord } {
  const row = db.prepare('SELECT seq, data FROM org_settings WHERE id = 1').get() as
    { seq: number; data: string } | undefined;
  if (!row) return { seq: 0, record: defaultOrgSettingsRecord() };
  const raw = JSON.parse(row.data) as Record<string, unknown>;
  const parsed = OrgSettingsRecord.safeParse({ ...raw, settings: withDefaults(raw.settings) });
  return { seq: row.seq, record: parsed.success ? parsed.data : defaultOrgSettingsRecord() };
}

/** The synced settings record (version 0 with the defaults when none was synced). */
export function readOrgSettingsRecord(db: Database): OrgSettingsRecord {
  return readOrgSettingsState(db).record;
}

/** The organisation's settings (DEFAULT_ORG_SETTINGS merged when none was synced). */
export function readOrgSettings(db: Database): OrgSettings {
  return readOrgSettingsRecord(db).settings;
}

/** Stores a validated document from the stream (call inside the page's transaction). */
export function writeOrgSettings(db: Database, seq: number, record: OrgSettingsRecord): void {
  db.prepare(
    `INSERT INTO org_settings (id, seq, version, data) VALUES (1, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, version = excluded.version, data = excluded.data`,
  ).run(seq, record.version, JSON.stringify(record));
}

/** Forgets the document (another organisation signed in, or the backend reset the stream). */
export function clearOrgSettings(db: Database): void {
  db.prepare('DELETE FROM org_settings').run();
}

/** The newest settings change queued here and not yet answered (shown as pending). */
export function pendingOrgSettings(db: Database): OrgSettings | null {
  const row = db
    .prepare(
      "SELECT action FROM outbox WHERE kind = 'settings.update' AND status = 'pending' ORDER BY seq DESC LIMIT 1",
    )
    .get() as { action: string } | undefined;
  if (!row) return null;
  const action = JSON.parse(row.action) as { payload?: { settings?: unknown } };
  return withDefaults(action.payload?.settings);
}
