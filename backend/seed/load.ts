// Bulk-loads a generated organisation: small tables first, then access events in ~50k-row
// chunks straight from the generator (COPY on PGlite, INSERT … unnest on PostgreSQL).
import { DEMO_DISCLOSURES } from '../../shared/demo-disclosures';
import { DEFAULT_ORG_SETTINGS } from '../../shared/org-settings';
import type { AccessEvent } from '../../shared/domain';
import { eventContextOf } from '../../shared/protocol';
import { hashToken, newEpoch, newToken, ROLES, type RoleTokens } from '../auth';
import type { BackendDbQueryable, BackendDb, BulkRow } from '../db';
import { BULK_COLUMNS } from '../schema';
import { withSeqs } from '../seq';
import { generateOrg, type SeedOptions } from './generator';

export const EVENT_CHUNK_ROWS = 50_000;

export interface SeedResult {
  orgId: string;
  tokens: RoleTokens;
  counts: { subjects: number; access_events: number; requests: number; request_events: number };
  ms: number;
}

const b = (v: boolean) => (v ? 't' : 'f');

export function eventRow(orgId: string, e: AccessEvent): BulkRow {
  return [
    orgId,
    e.id,
    e.time,
    e.subjectId,
    e.username,
    e.ip,
    e.deviceId,
    e.deviceName,
    e.osVersion,
    e.app,
    e.decision,
    e.reason,
    eventContextWire(e),
  ];
}

/**
 * The event's context as the pull serves it (shared/protocol EventContextWire), canonical like the
 * database would hold it: lowercase UUID.
 */
export function eventContextWire(e: AccessEvent): string {
  return JSON.stringify(eventContextOf({ ...e, subjectId: e.subjectId.toLowerCase() }));
}

/** Seed one organisation into an empty, migrated database. */
export async function seedDatabase(
  db: BackendDb,
  opts: SeedOptions,
  onProgress?: (loadedEvents: number, totalEvents: number) => void,
): Promise<SeedResult> {
  const started = performance.now();
  const gen = generateOrg(opts);
  const orgId = gen.org.id;
  const tokens = Object.fromEntries(ROLES.map((r) => [r, newToken()])) as RoleTokens;

  // Org, admins and the small streams in one transaction.
  await db.transaction(async (tx: BackendDbQueryable) => {
    await tx.query('INSERT INTO orgs (id, name, epoch) VALUES ($1, $2, $3)', [
      orgId,
      gen.org.name,
      newEpoch(),
    ]);
    // The demo organisation's settings: the defaults, with the disclosures of the service's
    // privacy policy (what its bundles' manifests tell the person).
    await tx.query(
      `INSERT INTO org_settings (org_id, version, settings, updated_at, updated_by)
       VALUES ($1, 1, $2::jsonb, now(), 'seed')`,
      [orgId, JSON.stringify({ ...DEFAULT_ORG_SETTINGS, disclosures: DEMO_DISCLOSURES })],
    );
    for (const a of gen.admins) {
      await tx.query(
        'INSERT INTO admins (id, org_id, name, email, role, token_hash) VALUES ($1, $2, $3, $4, $5, $6)',
        [a.id, orgId, a.name, a.email, a.role, hashToken(tokens[a.role])],
      );
    }
    await tx.bulkLoad(
      'subjects',
      BULK_COLUMNS.subjects,
      await withSeqs(
        tx,
        orgId,
        gen.subjects.map((s) => [
          orgId,
          s.id,
          s.username,
          s.email,
          s.displayName,
          s.employeeId,
          s.department,
          b(s.restricted),
          s.timezone,
          JSON.stringify(s.devices),
          s.createdAt,
          s.updatedAt,
          s.deactivatedAt ?? null,
        ]),
      ),
    );
    await tx.bulkLoad(
      'requests',
      BULK_COLUMNS.requests,
      await withSeqs(
        tx,
        orgId,
        gen.requests.map((r) => [
          orgId,
          r.id,
          r.subjectId,
          r.type,
          r.jurisdiction,
          r.status,
          r.channel,
          r.receivedOn,
          String(r.version),
          r.assignee,
          b(r.viaAgent),
          b(r.extended),
          b(r.legalHold),
          r.summary,
          r.updatedAt,
          r.respondedOn,
          r.response,
          r.denialBasis,
          r.acknowledgedOn,
          r.acknowledgedVia,
          b(r.refusedLate),
        ]),
      ),
    );
    await tx.bulkLoad(
      'request_events',
      BULK_COLUMNS.request_events,
      await withSeqs(
        tx,
        orgId,
        gen.requestEvents.map((e) => [
          orgId,
          e.id,
          e.requestId,
          e.at,
          e.actor,
          e.kind,
          JSON.stringify(e.detail),
        ]),
      ),
    );
  });

  // Access events: bulk load without indexes (rebuilt once at the end), chunk by chunk.
  // The 'seed' meta row is written last, so a load cut short is wiped and redone next start.
  const bigLoad = gen.eventCount >= 100_000;
  if (bigLoad) await db.exec(DROP_EVENT_INDEXES);
  let loaded = 0;
  let rows: BulkRow[] = [];
  for (const chunk of gen.accessEvents()) {
    for (const e of chunk) {
      rows.push(eventRow(orgId, e));
      if (rows.length >= EVENT_CHUNK_ROWS) {
        await loadEvents(db, orgId, rows);
        loaded += rows.length;
        rows = [];
        onProgress?.(loaded, gen.eventCount);
      }
    }
  }
  if (rows.length > 0) {
    await loadEvents(db, orgId, rows);
    loaded += rows.length;
    onProgress?.(loaded, gen.eventCount);
  }
  if (bigLoad) await db.exec(CREATE_EVENT_INDEXES);
  // Fresh statistics, or the planner sorts the whole table for every keyset page.
  await db.exec('VACUUM ANALYZE');
  await db.query(
    `INSERT INTO meta (key, value) VALUES ('seed', $1)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [
      JSON.stringify({
        orgId,
        users: opts.users,
        events: opts.events,
        seed: opts.seed,
        now: gen.now.toISOString(),
      }),
    ],
  );
  const counts = {
    subjects: gen.subjects.length,
    access_events: loaded,
    requests: gen.requests.length,
    request_events: gen.requestEvents.length,
  };
  return { orgId, tokens, counts, ms: performance.now() - started };
}

/** One chunk of events with its range of seqs, reserved and loaded in one transaction. */
async function loadEvents(db: BackendDb, orgId: string, rows: BulkRow[]): Promise<void> {
  await db.transaction(async (tx) =>
    tx.bulkLoad('access_events', BULK_COLUMNS.access_events, await withSeqs(tx, orgId, rows)),
  );
}

// The seq trigger is off for the big load too: every row names its seq (loadEvents), but a
// BEFORE ROW trigger alone makes COPY insert row by row (~20% slower). Back on with the indexes,
// and at every start (migrate recreates it).
const DROP_EVENT_INDEXES = `
  DROP INDEX IF EXISTS access_events_seq;
  ALTER TABLE access_events DROP CONSTRAINT IF EXISTS access_events_pkey;
  ALTER TABLE access_events DISABLE TRIGGER access_events_take_seq;`;
const CREATE_EVENT_INDEXES = `
  ALTER TABLE access_events ADD PRIMARY KEY (org_id, id);
  CREATE UNIQUE INDEX IF NOT EXISTS access_events_seq ON access_events (org_id, seq);
  ALTER TABLE access_events ENABLE TRIGGER access_events_take_seq;`;

/** Remove what an interrupted seed left behind (no 'seed' meta row yet). */
export async function wipeUnfinishedSeed(db: BackendDb): Promise<void> {
  await db.exec(`
    TRUNCATE access_events, request_events, requests, subjects, admins, orgs, org_seq;
    ${CREATE_EVENT_INDEXES.replace('ALTER TABLE access_events ADD PRIMARY KEY (org_id, id);', '')}`);
  const pk = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_constraint WHERE conname = 'access_events_pkey'`,
  );
  if (Number(pk[0]?.n ?? 0) === 0) await db.exec('ALTER TABLE access_events ADD PRIMARY KEY (org_id, id)');
}

/** The seeded organisation, if the database was seeded before. */
export async function seededOrgId(db: BackendDb): Promise<string | null> {
  const rows = await db.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'seed'`);
  const row = rows[0];
  if (!row) return null;
  const parsed = JSON.parse(row.value) as { orgId?: unknown };
  return typeof parsed.orgId === 'string' ? parsed.orgId : null;
}

/**
 * Make sure each role of the org has a usable clear token: keep the given ones whose hash
 * matches, issue (and store the hash of) new ones for the rest.
 */
export async function ensureTokens(
  db: BackendDb,
  orgId: string,
  known?: Partial<RoleTokens>,
): Promise<RoleTokens> {
  const admins = await db.query<{ id: string; role: string; token_hash: string }>(
    'SELECT id, role, token_hash FROM admins WHERE org_id = $1',
    [orgId],
  );
  const out: Partial<RoleTokens> = {};
  for (const role of ROLES) {
    const admin = admins.find((a) => a.role === role);
    if (!admin) throw new Error(`organisation ${orgId} has no ${role} admin`);
    const candidate = known?.[role];
    if (candidate && hashToken(candidate) === admin.token_hash) {
      out[role] = candidate;
      continue;
    }
    const token = newToken();
    await db.query('UPDATE admins SET token_hash = $1 WHERE id = $2', [hashToken(token), admin.id]);
    out[role] = token;
  }
  return out as RoleTokens;
}
