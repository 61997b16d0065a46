// Erasure carried out on the backend (issue 11, docs/ARCHITECTURE.md §8). One function erases one person
// under the organisation's policy, inside the caller's transaction (the `erasure.execute`
// action's, or the retention job's): per dataset delete / anonymise / retain, then the ledger
// of erased ids and the receipt. Deleted rows become tombstones whose personal columns are
// blanked — they keep only their id and a new seq, so every console purges them — and
// anonymised rows take a new seq so every console receives the anonymised values. After the
// transaction the touched tables are VACUUMed (vacuumAfterErasure) so freed space is reused.
import { randomBytes, randomUUID } from 'node:crypto';
import type { ErasureDisposition, ErasurePolicy } from '../shared/org-settings';
import {
  ANONYMISED_EMAIL_DOMAIN,
  ANONYMISED_PREFIX,
  receiptSha256,
  type ErasureOutcome,
  type ErasureReceipt,
  type ErasureReceiptBody,
  type ErasureTrigger,
} from '../shared/erasure';
import type { BackendDb, BackendDbQueryable } from './db';

export interface ErasureTarget {
  orgId: string;
  subjectId: string;
  requestId: string | null;
  trigger: ErasureTrigger;
  /** The admin's name, or `retention`. */
  by: string;
}

/** What a summary of an erased person's request becomes (the §7101 record fields stay). */
export const ERASED_SUMMARY = 'Erased: only the request record (11 CCR §7101) and the receipt are kept.';

/** IPv4 truncated to its /24, IPv6 to its /48 (a value that is not an address becomes ''). */
const TRUNCATED_IP = `CASE WHEN a.ip ~ '^[0-9a-fA-F:.]+$' THEN
    host(network(set_masklen(a.ip::inet, CASE WHEN family(a.ip::inet) = 4 THEN 24 ELSE 48 END)))
  ELSE '' END`;

const count = async (tx: BackendDbQueryable, sql: string, params: (string | string[] | null)[]) =>
  Number((await tx.query<{ n: number }>(sql, params))[0]?.n ?? 0);

const outcome = (dataset: ErasureOutcome['dataset'], d: ErasureDisposition, n: number): ErasureOutcome => ({
  dataset,
  action: d.action === 'delete' ? 'deleted' : d.action === 'anonymise' ? 'anonymised' : 'retained',
  count: n,
  citation: d.action === 'retain' ? d.citation : null,
  keepUntil: d.action === 'retain' ? d.keepUntil : null,
});

/**
 * Erases one person under `policy` in the caller's transaction and returns the receipt (also
 * stored in erasure_receipts). The anonymisation token is drawn here and never stored: only the
 * anonymised rows carry it.
 */
export async function eraseSubject(
  tx: BackendDbQueryable,
  target: ErasureTarget,
  policy: ErasurePolicy,
): Promise<ErasureReceipt> {
  const { orgId, subjectId } = target;
  // The shape consoles recognise (shared/erasure.ts isAnonymisedValue): 12 letters or digits.
  const token = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
  const anon = `${ANONYMISED_PREFIX}${token}`;
  const params = [orgId, subjectId];

  // Devices: the profile's list and every device id the events name map to the same tokens.
  const subjectRows = await tx.query<{ devices: unknown; deleted: boolean }>(
    'SELECT devices, deleted FROM subjects WHERE org_id = $1 AND id = $2 FOR UPDATE',
    params,
  );
  const subjectRow = subjectRows[0] && !subjectRows[0].deleted ? subjectRows[0] : null;
  const devicesJson = subjectRow
    ? ((typeof subjectRow.devices === 'string' ? JSON.parse(subjectRow.devices) : subjectRow.devices) as {
        id: string;
      }[])
    : [];
  const eventDevices = await tx.query<{ device_id: string }>(
    'SELECT DISTINCT device_id FROM access_events WHERE org_id = $1 AND subject_id = $2 AND NOT deleted',
    params,
  );
  const deviceIds = [...new Set([...devicesJson.map((d) => d.id), ...eventDevices.map((d) => d.device_id)])];
  const anonDevice = new Map(deviceIds.map((id, i) => [id, `${anon}-d${i + 1}`]));

  // Devices (inside the profile row).
  const devices = policy.devices;
  let devicesJsonNext: unknown[] = devicesJson;
  if (devices.action === 'delete') devicesJsonNext = [];
  else if (devices.action === 'anonymise')
    devicesJsonNext = devicesJson.map((d) => ({
      ...d,
      id: anonDevice.get(d.id),
      name: anonDevice.get(d.id),
    }));
  const devicesOutcome = outcome('devices', devices, devicesJson.length);

  // Profile.
  const profile = policy.profile;
  if (subjectRow) {
    if (profile.action === 'delete') {
      await tx.query(
        `UPDATE subjects SET deleted = true, seq = nextval('sync_seq'), username = '', email = '',
                display_name = '', employee_id = NULL, department = NULL, restricted_by = NULL,
                devices = $3::jsonb, updated_at = now()
          WHERE org_id = $1 AND id = $2`,
        [...params, JSON.stringify(devices.action === 'retain' ? devicesJson : [])],
      );
    } else {
      const anonymise = profile.action === 'anonymise';
      await tx.query(
        `UPDATE subjects SET seq = nextval('sync_seq'), updated_at = now(), devices = $3::jsonb,
                username = CASE WHEN $4::boolean THEN $5 ELSE username END,
                email = CASE WHEN $4::boolean THEN $5 || '@' || $6 ELSE email END,
                display_name = CASE WHEN $4::boolean THEN $5 ELSE display_name END,
                employee_id = CASE WHEN $4::boolean AND employee_id IS NOT NULL THEN $5 ELSE employee_id END
          WHERE org_id = $1 AND id = $2`,
        [...params, JSON.stringify(devicesJsonNext), String(anonymise), anon, ANONYMISED_EMAIL_DOMAIN],
      );
    }
  }
  const profileOutcome = outcome('profile', profile, subjectRow ? 1 : 0);

  // Access events.
  const events = policy.access_events;
  let eventCount: number;
  if (events.action === 'delete') {
    eventCount = await count(
      tx,
      `WITH t AS (
         UPDATE access_events SET deleted = true, seq = nextval('sync_seq'), username = '', ip = '',
                device_id = '', device_name = '', os_version = '', app = '', reason = NULL, context_wire = NULL
          WHERE org_id = $1 AND subject_id = $2 AND NOT deleted RETURNING 1)
       SELECT count(*)::int AS n FROM t`,
      params,
    );
  } else if (events.action === 'anonymise') {
    // A new subject id too: events stay countable per person, but do not lead back to them.
    eventCount = await count(
      tx,
      `WITH t AS (
         UPDATE access_events AS a SET subject_id = $3::uuid, username = $4, device_id = m.anon,
                device_name = m.anon, ip = ${TRUNCATED_IP}, context_wire = NULL, seq = nextval('sync_seq')
           FROM unnest($5::text[], $6::text[]) AS m(old, anon)
          WHERE a.org_id = $1 AND a.subject_id = $2 AND NOT a.deleted AND a.device_id = m.old RETURNING 1)
       SELECT count(*)::int AS n FROM t`,
      [...params, randomUUID(), anon, [...anonDevice.keys()], [...anonDevice.values()]],
    );
  } else {
    eventCount = await count(
      tx,
      'SELECT count(*)::int AS n FROM access_events WHERE org_id = $1 AND subject_id = $2 AND NOT deleted',
      params,
    );
  }
  const eventsOutcome = outcome('access_events', events, eventCount);

  // Request history: the history entries of every request about the person, and the free-text
  // summaries. The request rows keep their §7101 record fields whatever the policy says.
  const history = policy.request_history;
  let historyCount: number;
  const ofSubject = `request_id IN (SELECT id FROM requests WHERE org_id = $1 AND subject_id = $2)`;
  if (history.action === 'retain') {
    historyCount = await count(
      tx,
      `SELECT count(*)::int AS n FROM request_events WHERE org_id = $1 AND NOT deleted AND ${ofSubject}`,
      params,
    );
  } else {
    historyCount = await count(
      tx,
      `WITH t AS (
         UPDATE request_events SET detail = '{}'::jsonb, seq = nextval('sync_seq')
                ${history.action === 'delete' ? ', deleted = true' : ''}
          WHERE org_id = $1 AND NOT deleted AND ${ofSubject} RETURNING 1)
       SELECT count(*)::int AS n FROM t`,
      params,
    );
    await tx.query(
      `UPDATE requests SET summary = $3, seq = nextval('sync_seq')
        WHERE org_id = $1 AND subject_id = $2 AND NOT deleted AND summary <> $3`,
      [...params, ERASED_SUMMARY],
    );
    // A rejected action's stored outcome may hold a copy of the request (its summary).
    await tx.query(
      `UPDATE action_outcomes SET outcome = outcome - 'current'
        WHERE org_id = $1 AND outcome -> 'current' ->> 'subjectId' = $2::text`,
      params,
    );
  }
  const historyOutcome = outcome('request_history', history, historyCount);

  // Erased stays erased: the id, and nothing else, for what arrives later.
  await tx.query(
    `INSERT INTO erased_subjects (org_id, subject_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    params,
  );

  const at = (
    await tx.query<{ at: string }>(
      `SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at`,
    )
  )[0]!.at;
  const body: ErasureReceiptBody = {
    id: randomUUID(),
    trigger: target.trigger,
    requestId: target.requestId,
    subjectId,
    carriedOutAt: at,
    carriedOutBy: target.by,
    policy,
    outcomes: [profileOutcome, devicesOutcome, eventsOutcome, historyOutcome],
  };
  const receipt: ErasureReceipt = { ...body, sha256: await receiptSha256(body) };
  await tx.query(
    `INSERT INTO erasure_receipts (org_id, id, request_id, subject_id, receipt, sha256)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
    [orgId, receipt.id, target.requestId, subjectId, JSON.stringify(receipt), receipt.sha256],
  );
  return receipt;
}

/** The receipt of a request's erasure, when it was carried out. */
export async function receiptOfRequest(
  tx: BackendDbQueryable,
  orgId: string,
  requestId: string,
): Promise<ErasureReceipt | null> {
  const rows = await tx.query<{ receipt: unknown }>(
    'SELECT receipt FROM erasure_receipts WHERE org_id = $1 AND request_id = $2',
    [orgId, requestId],
  );
  const r = rows[0]?.receipt;
  return r ? ((typeof r === 'string' ? JSON.parse(r) : r) as ErasureReceipt) : null;
}

/** Another request about the same person on legal hold (its id), if any. */
export async function otherHold(
  tx: BackendDbQueryable,
  orgId: string,
  subjectId: string,
  requestId: string,
): Promise<string | null> {
  const rows = await tx.query<{ id: string }>(
    `SELECT id::text AS id FROM requests
      WHERE org_id = $1 AND subject_id = $2 AND id <> $3 AND legal_hold AND NOT deleted LIMIT 1`,
    [orgId, subjectId, requestId],
  );
  return rows[0]?.id ?? null;
}

export const ERASURE_TABLES = ['subjects', 'access_events', 'requests', 'request_events', 'action_outcomes'];

/**
 * After an erasure's transaction: VACUUM the touched tables so the space of the dead row
 * versions is freed and reused (the same statement on PGlite and PostgreSQL; it cannot run in
 * a transaction). A failure here leaves the erasure done; autovacuum would catch up.
 */
export async function vacuumAfterErasure(db: BackendDb): Promise<void> {
  for (const table of ERASURE_TABLES) await db.exec(`VACUUM ${table}`);
}

/**
 * Erased stays erased, for rows already stored (a restore from backup, a load that ran while
 * the trigger was missing): every live row of an erased person is removed. Returns how many.
 */
export async function sweepErasedSubjects(db: BackendDb): Promise<number> {
  return db.transaction(async (tx) => {
    const events = await count(
      tx,
      `WITH t AS (DELETE FROM access_events AS a USING erased_subjects AS e
                   WHERE a.org_id = e.org_id AND a.subject_id = e.subject_id AND NOT a.deleted RETURNING 1)
       SELECT count(*)::int AS n FROM t`,
      [],
    );
    const subjects = await count(
      tx,
      `WITH t AS (DELETE FROM subjects AS s USING erased_subjects AS e
                   WHERE s.org_id = e.org_id AND s.id = e.subject_id AND NOT s.deleted RETURNING 1)
       SELECT count(*)::int AS n FROM t`,
      [],
    );
    return events + subjects;
  });
}
