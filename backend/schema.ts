// The backend's PostgreSQL schema. Every row of a synced stream carries `seq`, its organisation's
// next number (backend/seq.ts) on every insert, update and tombstone, so a keyset cursor on
// (org_id, seq) never misses a change and shows nothing of other organisations.
import type { z } from 'zod';
import { AccessEvent, PrivacyRequest, RequestEvent, Subject } from '../shared/domain';
import type { BackendDb, BulkColumn } from './db';
import { SEQ_SQL } from './seq';

const SCHEMA_VERSION = 1;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE IF NOT EXISTS orgs (
  id         uuid PRIMARY KEY,
  name       text NOT NULL,
  epoch      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS admins (
  id         uuid PRIMARY KEY,
  org_id     uuid NOT NULL REFERENCES orgs(id),
  name       text NOT NULL,
  email      text NOT NULL,
  role       text NOT NULL CHECK (role IN ('viewer','analyst','approver','owner')),
  token_hash text NOT NULL UNIQUE
);

CREATE TABLE IF NOT EXISTS subjects (
  org_id      uuid NOT NULL,
  id          uuid NOT NULL,
  seq         bigint NOT NULL, -- backend/seq.ts
  deleted     boolean NOT NULL DEFAULT false,
  username    text NOT NULL,
  email       text NOT NULL,
  display_name text NOT NULL,
  employee_id text,
  department  text,
  restricted  boolean NOT NULL DEFAULT false,
  timezone    text NOT NULL,
  devices     jsonb NOT NULL DEFAULT '[]',
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS subjects_seq ON subjects (org_id, seq);

CREATE TABLE IF NOT EXISTS access_events (
  org_id      uuid NOT NULL,
  id          uuid NOT NULL,
  seq         bigint NOT NULL, -- backend/seq.ts
  deleted     boolean NOT NULL DEFAULT false,
  time        timestamptz NOT NULL,
  subject_id  uuid NOT NULL,
  username    text NOT NULL,
  ip          text NOT NULL,
  device_id   text NOT NULL,
  device_name text NOT NULL,
  os_version  text NOT NULL,
  app         text NOT NULL,
  decision    text NOT NULL CHECK (decision IN ('allow','deny')),
  reason      text,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS access_events_seq ON access_events (org_id, seq);
-- The event's context as the pull sends it (shared/protocol EventContextWire, a JSON array),
-- written once when the event is loaded: pulls send it as is instead of building JSON per row
-- (half the cost of serving a page). NULL (older rows, tombstones) ⇒ built from the columns.
ALTER TABLE access_events DROP COLUMN IF EXISTS wire;
ALTER TABLE access_events ADD COLUMN IF NOT EXISTS context_wire text;

CREATE TABLE IF NOT EXISTS requests (
  org_id       uuid NOT NULL,
  id           uuid NOT NULL,
  seq          bigint NOT NULL, -- backend/seq.ts
  deleted      boolean NOT NULL DEFAULT false,
  subject_id   uuid,
  type         text NOT NULL,
  jurisdiction text NOT NULL,
  status       text NOT NULL,
  channel      text NOT NULL,
  received_on  date NOT NULL,
  version      integer NOT NULL DEFAULT 0,
  assignee     text,
  via_agent    boolean NOT NULL DEFAULT false,
  extended     boolean NOT NULL DEFAULT false,
  legal_hold   boolean NOT NULL DEFAULT false,
  summary      text NOT NULL,
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS requests_seq ON requests (org_id, seq);

CREATE TABLE IF NOT EXISTS request_events (
  org_id     uuid NOT NULL,
  id         uuid NOT NULL,
  seq        bigint NOT NULL, -- backend/seq.ts
  deleted    boolean NOT NULL DEFAULT false,
  request_id uuid NOT NULL,
  at         timestamptz NOT NULL,
  actor      text NOT NULL,
  kind       text NOT NULL,
  detail     jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS request_events_seq ON request_events (org_id, seq);

-- Push (issue 3): who decided a request and when (first decision wins).
ALTER TABLE requests ADD COLUMN IF NOT EXISTS decided_by text;
ALTER TABLE requests ADD COLUMN IF NOT EXISTS decided_at timestamptz;

-- Casework carried out (issue 5): who restricted a subject (GDPR Art. 18), when, under which
-- request; and the 24-month record of each answered request (11 CCR §7101).
ALTER TABLE subjects ADD COLUMN IF NOT EXISTS restricted_since timestamptz;
ALTER TABLE subjects ADD COLUMN IF NOT EXISTS restricted_by text;
ALTER TABLE subjects ADD COLUMN IF NOT EXISTS restricted_request_id uuid;
ALTER TABLE requests ADD COLUMN IF NOT EXISTS responded_on date;
ALTER TABLE requests ADD COLUMN IF NOT EXISTS response text
  CHECK (response IN ('approved', 'partial', 'denied', 'duplicate'));
ALTER TABLE requests ADD COLUMN IF NOT EXISTS denial_basis text;

-- Legal rules (issue 13): the receipt confirmation as recorded (11 CCR §7021(a)), and a GDPR
-- refusal given after the month of Art. 12(4).
ALTER TABLE requests ADD COLUMN IF NOT EXISTS acknowledged_on date;
ALTER TABLE requests ADD COLUMN IF NOT EXISTS acknowledged_via text;
ALTER TABLE requests ADD COLUMN IF NOT EXISTS refused_late boolean NOT NULL DEFAULT false;

-- Idempotency: the first outcome of every action id, per organisation. A replayed id returns
-- it as 'duplicate' and has no second effect.
CREATE TABLE IF NOT EXISTS action_outcomes (
  org_id     uuid NOT NULL,
  action_id  text NOT NULL,
  admin_id   uuid NOT NULL,
  outcome    jsonb NOT NULL,
  applied    boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, action_id)
);
-- The audit trail (issue 16, GET /v1/audit): what each action was and on which request, kept with
-- its outcome. Rows claimed before these columns existed read as kind/request unknown.
ALTER TABLE action_outcomes ADD COLUMN IF NOT EXISTS kind text;
ALTER TABLE action_outcomes ADD COLUMN IF NOT EXISTS request_id text;
CREATE INDEX IF NOT EXISTS action_outcomes_time ON action_outcomes (org_id, created_at DESC, action_id DESC);

-- Erasure carried out (issue 11). The organisation's settings: one document per org, synced as
-- the org_settings stream (seq from the organisation's counter), changed by settings.update.
CREATE TABLE IF NOT EXISTS org_settings (
  org_id     uuid PRIMARY KEY,
  seq        bigint NOT NULL, -- backend/seq.ts
  version    integer NOT NULL,
  settings   jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by text NOT NULL
);
-- One receipt per erasure (by request, or by retention): no personal data, only ids, counts,
-- citations and the receipt's SHA-256.
CREATE TABLE IF NOT EXISTS erasure_receipts (
  org_id     uuid NOT NULL,
  id         uuid NOT NULL,
  request_id uuid,
  subject_id uuid NOT NULL,
  receipt    jsonb NOT NULL,
  sha256     text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS erasure_receipts_request ON erasure_receipts (org_id, request_id)
  WHERE request_id IS NOT NULL;
-- Erased stays erased: the ids of erased people and nothing else, so data arriving later (an
-- event, a restore) is erased on arrival.
CREATE TABLE IF NOT EXISTS erased_subjects (
  org_id     uuid NOT NULL,
  subject_id uuid NOT NULL,
  erased_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, subject_id)
);
-- … and on arrival: a statement-level trigger removes rows of an erased person as they are
-- inserted (a late event, a restored profile), in the inserting statement itself.
CREATE OR REPLACE FUNCTION erased_on_arrival_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM access_events AS a USING arrived AS n, erased_subjects AS e
   WHERE a.org_id = n.org_id AND a.id = n.id AND e.org_id = n.org_id AND e.subject_id = n.subject_id;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION erased_on_arrival_subjects() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM subjects AS s USING arrived AS n, erased_subjects AS e
   WHERE s.org_id = n.org_id AND s.id = n.id AND e.org_id = n.org_id AND e.subject_id = n.id;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS access_events_erased_on_arrival ON access_events;
CREATE TRIGGER access_events_erased_on_arrival AFTER INSERT ON access_events
  REFERENCING NEW TABLE AS arrived FOR EACH STATEMENT EXECUTE FUNCTION erased_on_arrival_events();
DROP TRIGGER IF EXISTS subjects_erased_on_arrival ON subjects;
CREATE TRIGGER subjects_erased_on_arrival AFTER INSERT ON subjects
  REFERENCING NEW TABLE AS arrived FOR EACH STATEMENT EXECUTE FUNCTION erased_on_arrival_subjects();
-- When a person's account was deactivated (retention erases them after the inactivity window).
ALTER TABLE subjects ADD COLUMN IF NOT EXISTS deactivated_at timestamptz;

-- Consoles (issue 14, backend/consoles.ts): one row per admin token used or listed, with when it
-- was last seen and whether an owner revoked it. No foreign keys: an unfinished seed truncates
-- admins and orgs, and a revoked token's row must outlive the hash it names.
CREATE TABLE IF NOT EXISTS consoles (
  id            uuid PRIMARY KEY,
  org_id        uuid NOT NULL,
  admin_id      uuid NOT NULL,
  token_hash    text NOT NULL UNIQUE,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz,
  revoked_at    timestamptz,
  revoked_by    text
);
CREATE INDEX IF NOT EXISTS consoles_org ON consoles (org_id);
`;

/** The longest text a shared schema accepts (nullable/optional unwrapped). */
function maxLengthOf(schema: z.ZodType): number {
  let t = schema as unknown as { maxLength?: number | null; unwrap?: () => unknown };
  while (t.maxLength === undefined && typeof t.unwrap === 'function') t = t.unwrap() as typeof t;
  if (typeof t.maxLength !== 'number') throw new Error('shared schema has no maximum length');
  return t.maxLength;
}

/**
 * The shared schemas' text limits as CHECK constraints (issue 14, item 3): whatever writes to
 * the database (seed, bulk load, a future ingest, a hand-run INSERT), a row the consoles would
 * refuse is refused at the source. NOT VALID: rows already stored are not re-checked here (the
 * consoles set such an item aside and go on).
 */
export const LENGTH_CHECKS: readonly { table: string; column: string; max: number }[] = [
  ...(
    [
      ['username', AccessEvent.shape.username],
      ['ip', AccessEvent.shape.ip],
      ['device_id', AccessEvent.shape.deviceId],
      ['device_name', AccessEvent.shape.deviceName],
      ['os_version', AccessEvent.shape.osVersion],
      ['app', AccessEvent.shape.app],
      ['reason', AccessEvent.shape.reason],
    ] as const
  ).map(([column, schema]) => ({ table: 'access_events', column, max: maxLengthOf(schema) })),
  ...(
    [
      ['username', Subject.shape.username],
      ['email', Subject.shape.email],
      ['display_name', Subject.shape.displayName],
      ['employee_id', Subject.shape.employeeId],
      ['department', Subject.shape.department],
    ] as const
  ).map(([column, schema]) => ({ table: 'subjects', column, max: maxLengthOf(schema) })),
  ...(
    [
      ['assignee', PrivacyRequest.shape.assignee],
      ['summary', PrivacyRequest.shape.summary],
    ] as const
  ).map(([column, schema]) => ({ table: 'requests', column, max: maxLengthOf(schema) })),
  ...([['actor', RequestEvent.shape.actor]] as const).map(([column, schema]) => ({
    table: 'request_events',
    column,
    max: maxLengthOf(schema),
  })),
  // The kind is one of RequestEventKind (the wire refuses any other); the column keeps its width.
  { table: 'request_events', column: 'kind', max: 64 },
];

async function addLengthChecks(db: BackendDb): Promise<void> {
  const existing = new Set(
    (
      await db.query<{ conname: string }>(
        "SELECT conname FROM pg_constraint WHERE contype = 'c' AND conname LIKE '%\\_len' ESCAPE '\\'",
      )
    ).map((r) => r.conname),
  );
  for (const c of LENGTH_CHECKS) {
    const name = `${c.table}_${c.column}_len`;
    if (existing.has(name)) continue;
    await db.exec(
      `ALTER TABLE ${c.table} ADD CONSTRAINT ${name} CHECK (char_length(${c.column}) <= ${Math.trunc(c.max)}) NOT VALID`,
    );
  }
}

export async function migrate(db: BackendDb): Promise<void> {
  await db.exec(SCHEMA_SQL);
  await db.exec(SEQ_SQL);
  await addLengthChecks(db);
  await db.query(`INSERT INTO meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO NOTHING`, [
    String(SCHEMA_VERSION),
  ]);
}

const col = (name: string, type: string): BulkColumn => ({ name, type });

/** Bulk-load column lists (deleted takes its default; seq, last, is reserved by backend/seq.ts withSeqs). */
export const BULK_COLUMNS = {
  subjects: [
    col('org_id', 'uuid'),
    col('id', 'uuid'),
    col('username', 'text'),
    col('email', 'text'),
    col('display_name', 'text'),
    col('employee_id', 'text'),
    col('department', 'text'),
    col('restricted', 'boolean'),
    col('timezone', 'text'),
    col('devices', 'jsonb'),
    col('created_at', 'timestamptz'),
    col('updated_at', 'timestamptz'),
    col('deactivated_at', 'timestamptz'),
    col('seq', 'bigint'),
  ],
  access_events: [
    col('org_id', 'uuid'),
    col('id', 'uuid'),
    col('time', 'timestamptz'),
    col('subject_id', 'uuid'),
    col('username', 'text'),
    col('ip', 'text'),
    col('device_id', 'text'),
    col('device_name', 'text'),
    col('os_version', 'text'),
    col('app', 'text'),
    col('decision', 'text'),
    col('reason', 'text'),
    col('context_wire', 'text'),
    col('seq', 'bigint'),
  ],
  requests: [
    col('org_id', 'uuid'),
    col('id', 'uuid'),
    col('subject_id', 'uuid'),
    col('type', 'text'),
    col('jurisdiction', 'text'),
    col('status', 'text'),
    col('channel', 'text'),
    col('received_on', 'date'),
    col('version', 'integer'),
    col('assignee', 'text'),
    col('via_agent', 'boolean'),
    col('extended', 'boolean'),
    col('legal_hold', 'boolean'),
    col('summary', 'text'),
    col('updated_at', 'timestamptz'),
    col('responded_on', 'date'),
    col('response', 'text'),
    col('denial_basis', 'text'),
    col('acknowledged_on', 'date'),
    col('acknowledged_via', 'text'),
    col('refused_late', 'boolean'),
    col('seq', 'bigint'),
  ],
  request_events: [
    col('org_id', 'uuid'),
    col('id', 'uuid'),
    col('request_id', 'uuid'),
    col('at', 'timestamptz'),
    col('actor', 'text'),
    col('kind', 'text'),
    col('detail', 'jsonb'),
    col('seq', 'bigint'),
  ],
} as const satisfies Record<string, BulkColumn[]>;
