// The organisation's settings on the backend (issue 11): one document per organisation in
// `org_settings`, served as the `org_settings` sync stream and changed by the outbox action
// `settings.update` — owner only, and only from the version now stored (another owner's save
// in between is refused STALE_VERSION, so nobody overwrites a change they never saw).
import type { ActionPayload } from '../shared/action-schemas';
import type { FirstOutcome } from '../shared/push-protocol';
import {
  defaultOrgSettingsRecord,
  ORG_SETTINGS_STREAM,
  withDefaults,
  type OrgSettings,
  type OrgSettingsPage,
  type OrgSettingsRecord,
} from '../shared/org-settings';
import type { BackendDbQueryable } from './db';
import { reject } from './outcome';
import type { Principal } from './store';

interface Row {
  seq: number;
  version: number;
  settings: unknown;
  updated_at: string;
  updated_by: string;
}

const SELECT = `SELECT seq::float8 AS seq, version, settings,
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at, updated_by
  FROM org_settings WHERE org_id = $1`;

const recordOf = (r: Row): OrgSettingsRecord => ({
  version: Number(r.version),
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
  settings: withDefaults(typeof r.settings === 'string' ? JSON.parse(r.settings) : r.settings),
});

/** The stored document with its seq, or null when the organisation never saved settings. */
async function readRow(db: BackendDbQueryable, orgId: string, forUpdate = false): Promise<Row | null> {
  const rows = await db.query<Row>(`${SELECT}${forUpdate ? ' FOR UPDATE' : ''}`, [orgId]);
  return rows[0] ?? null;
}

/** The organisation's settings record; version 0 with DEFAULT_ORG_SETTINGS when none is stored. */
export async function loadOrgSettingsRecord(
  db: BackendDbQueryable,
  orgId: string,
): Promise<OrgSettingsRecord> {
  const row = await readRow(db, orgId);
  return row ? recordOf(row) : defaultOrgSettingsRecord();
}

/** The organisation's settings, completed with DEFAULT_ORG_SETTINGS. */
export async function loadOrgSettings(db: BackendDbQueryable, orgId: string): Promise<OrgSettings> {
  return (await loadOrgSettingsRecord(db, orgId)).settings;
}

/** `GET /v1/sync/org_settings`: the document when it changed after `after`. */
export async function readOrgSettingsPage(
  db: BackendDbQueryable,
  p: Principal,
  after: number,
): Promise<OrgSettingsPage> {
  const row = await readRow(db, p.orgId);
  const seq = row ? Number(row.seq) : 0;
  if (after > seq) return { stream: ORG_SETTINGS_STREAM, epoch: p.epoch, reset: true };
  const items = row && seq > after ? [{ op: 'upsert' as const, seq, data: recordOf(row) }] : [];
  return {
    stream: ORG_SETTINGS_STREAM,
    epoch: p.epoch,
    reset: false,
    items,
    next: Math.max(after, seq),
    hasMore: false,
    watermark: seq,
  };
}

/** Applies `settings.update` inside the action's transaction (role already checked). */
export async function applySettingsUpdate(
  tx: BackendDbQueryable,
  p: Principal,
  action: { id: string; payload: ActionPayload<'settings.update'> },
): Promise<FirstOutcome> {
  // The org row serialises concurrent first saves (there is no settings row to lock yet).
  await tx.query('SELECT id FROM orgs WHERE id = $1 FOR UPDATE', [p.orgId]);
  const row = await readRow(tx, p.orgId, true);
  const current = row ? Number(row.version) : 0;
  if (action.payload.fromVersion !== current) {
    return reject(
      action.id,
      'STALE_VERSION',
      `The settings were changed by ${row?.updated_by ?? 'another owner'} since you opened them ` +
        `(version ${action.payload.fromVersion}, now ${current}): reload them and apply your change again.`,
    );
  }
  const next = await tx.query<{ version: number; seq: number }>(
    `INSERT INTO org_settings (org_id, version, settings, updated_at, updated_by)
     VALUES ($1, $2, $3::jsonb, now(), $4)
     ON CONFLICT (org_id) DO UPDATE SET version = excluded.version, settings = excluded.settings,
       updated_at = excluded.updated_at, updated_by = excluded.updated_by, seq = excluded.seq
     RETURNING version, seq::float8 AS seq`,
    [p.orgId, current + 1, JSON.stringify(action.payload.settings), p.adminName],
  );
  const r = next[0]!;
  return { outcome: 'applied', id: action.id, version: Number(r.version), seq: Number(r.seq) };
}
