// POST /v1/actions (docs/ARCHITECTURE.md §5 Push): each action in ONE PostgreSQL transaction.
//
// 1. Claim the idempotency key (org, action id) with INSERT … ON CONFLICT DO NOTHING. Under
//    true concurrency a second transaction with the same id blocks on the first one's row until
//    it commits, then inserts nothing and replays the stored first outcome as `duplicate`.
// 2. Authorise by role, lock the request row (SELECT … FOR UPDATE), check the domain rules
//    (shared/actions.ts — first decision wins, legal hold, …).
// 3. Applied: bump version + seq, append a request_event (so it syncs back through the pull
//    streams), store the outcome — all in the same transaction. A decision also fills the
//    request's 24-month record (response date, response, denial basis; 11 CCR §7101).
// `request.intake` creates its request instead (backend/intake.ts); rectification and
// restriction also change the request's subject (backend/subject-actions.ts), whose
// restriction flag every action on its requests is checked against (shared/restriction.ts).
import { Action } from '../shared/action-schemas';
import {
  type AppliedOutcome,
  type FirstOutcome,
  type Outcome,
  type RejectedOutcome,
} from '../shared/push-protocol';
import { roleMayDo } from '../shared/roles';
import { applyActionRules, DECISION_KINDS, decisionRecord, isDecided } from '../shared/action-rules';
import type { IntakePayload } from '../shared/intake';
import { verifiedCorrections } from '../shared/rectification';
import type { PrivacyRequest, RequestEventKind } from '../shared/domain';
import { duplicateProblem } from '../shared/duplicates';
import type { BackendDb, BackendDbQueryable } from './db';
import { applyIntake } from './intake';
import { reject } from './outcome';
import { applySettingsUpdate, loadOrgSettings } from './org-settings';
import { eraseSubject, otherHold, receiptOfRequest, vacuumAfterErasure } from './erasure';
import type { ErasureReceipt } from '../shared/erasure';
import { legalContextFor } from './legal-settings';
import { REQUEST_COLUMNS, requestFromRow, type Principal } from './store';
import { applySubjectEffect, lockSubject, SUBJECT_KINDS } from './subject-actions';
import { describeIssues } from '../shared/zod-issues';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The request_event each applied kind appends (vocabulary of the seeded history). */
function eventOf(action: Action): { kind: RequestEventKind; detail: Record<string, unknown> } {
  const p = action.payload as Record<string, unknown>;
  switch (action.kind) {
    // The subject kinds' detail comes from applySubjectEffect (field names, never values).
    case 'rectification.apply':
      return { kind: 'rectified', detail: {} };
    case 'restriction.place':
      return { kind: 'restricted', detail: {} };
    case 'restriction.lift':
      return { kind: 'restriction_lifted', detail: {} };
    case 'request.intake':
      return { kind: 'received', detail: {} };
    case 'request.verify':
      return { kind: 'verified', detail: { matched: p.points, ...p } };
    case 'request.approve':
      return {
        kind: 'decided',
        detail: { decision: p.partial ? 'partially_approved' : 'approved', ...p },
      };
    case 'request.deny':
      return { kind: 'decided', detail: { decision: 'denied', ...p } };
    case 'request.close_duplicate':
      return { kind: 'closed', detail: { reason: 'duplicate', ...p } };
    case 'request.extend':
      return { kind: 'extended', detail: p };
    case 'request.hold':
      return { kind: 'legal_hold', detail: p };
    case 'request.release':
      return { kind: 'legal_hold_released', detail: p };
    case 'request.assign':
      return { kind: 'assigned', detail: p };
    case 'request.note':
      return { kind: 'note', detail: p };
    case 'export.delivered':
      return { kind: 'completed', detail: p };
    case 'erasure.execute':
      return { kind: 'erased', detail: p };
    case 'settings.update':
      return { kind: 'settings_updated', detail: {} };
    case 'request.acknowledge':
      return { kind: 'acknowledged', detail: p };
  }
}

/**
 * Why `duplicateOf` cannot be the original of `current` (issue 14, item 9), or null: it must be
 * a request of the SAME organisation (another organisation's id is "no such request", never a
 * hint that it exists); the rest is the shared rule (shared/duplicates.ts).
 */
async function originalProblem(
  tx: BackendDbQueryable,
  orgId: string,
  current: Pick<PrivacyRequest, 'id' | 'subjectId' | 'receivedOn'>,
  duplicateOf: string,
): Promise<string | null> {
  if (duplicateOf === current.id || !UUID.test(duplicateOf)) return duplicateProblem(current, null);
  const rows = await tx.query<Pick<PrivacyRequest, 'subjectId' | 'receivedOn' | 'status'>>(
    `SELECT subject_id::text AS "subjectId", to_char(received_on, 'YYYY-MM-DD') AS "receivedOn", status
       FROM requests WHERE org_id = $1 AND id = $2 AND NOT deleted`,
    [orgId, duplicateOf],
  );
  const original = rows[0];
  return duplicateProblem(current, original ? { id: duplicateOf, ...original } : null);
}

async function whoDecided(
  tx: BackendDbQueryable,
  orgId: string,
  row: Record<string, unknown>,
): Promise<{ decidedBy?: string; decidedAt?: string }> {
  if (row.decided_by) return { decidedBy: String(row.decided_by), decidedAt: String(row.decided_at_iso) };
  // Decisions made before the backend recorded them on the row: the latest decision event.
  const ev = await tx.query<{ actor: string; at: string }>(
    `SELECT actor, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
       FROM request_events WHERE org_id = $1 AND request_id = $2 AND kind IN ('decided', 'closed') AND NOT deleted
      ORDER BY at DESC LIMIT 1`,
    [orgId, String(row.id)],
  );
  const e = ev[0];
  return e ? { decidedBy: e.actor, decidedAt: e.at } : {};
}

/**
 * Checks that need no database: the shared schema (incl. text PostgreSQL can store) and the
 * role. Runs BEFORE the idempotency key is claimed, so junk or a viewer's pushes never fill
 * action_outcomes; a replay of such an action is simply refused again.
 */
function validate(p: Principal, raw: Record<string, unknown> & { id: string }): Action | RejectedOutcome {
  const parsed = Action.safeParse(raw);
  if (!parsed.success) {
    const msg = describeIssues(parsed.error, { max: 5, root: 'action' });
    return reject(raw.id, 'INVALID', `invalid action: ${msg}`);
  }
  const action = parsed.data;
  if (!roleMayDo(p.role, action.kind)) {
    return reject(action.id, 'NOT_PERMITTED', `the ${p.role} role may not ${action.kind}`);
  }
  return action;
}

async function applyOne(tx: BackendDbQueryable, p: Principal, action: Action): Promise<Outcome> {
  const actionId = action.id;
  const claimed = await tx.query<{ action_id: string }>(
    `INSERT INTO action_outcomes (org_id, action_id, admin_id, outcome, kind, request_id)
     VALUES ($1, $2, $3, '{}'::jsonb, $4, $5) ON CONFLICT (org_id, action_id) DO NOTHING RETURNING action_id`,
    [p.orgId, actionId, p.adminId, action.kind, action.requestId],
  );
  if (claimed.length === 0) {
    const rows = await tx.query<{ outcome: unknown }>(
      'SELECT outcome FROM action_outcomes WHERE org_id = $1 AND action_id = $2',
      [p.orgId, actionId],
    );
    const stored = rows[0]?.outcome;
    const first = (typeof stored === 'string' ? JSON.parse(stored) : stored) as FirstOutcome;
    return { outcome: 'duplicate', id: actionId, first };
  }
  const first = await decide(tx, p, action);
  await tx.query(
    'UPDATE action_outcomes SET outcome = $3::jsonb, applied = $4 WHERE org_id = $1 AND action_id = $2',
    [p.orgId, actionId, JSON.stringify(first), first.outcome === 'applied'],
  );
  return first;
}

/** The fields the request's verification named as corrected (shared/rectification.ts). */
async function correctedFieldsOf(tx: BackendDbQueryable, orgId: string, requestId: string) {
  const rows = await tx.query<{ at: string; detail: Record<string, unknown> }>(
    `SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, detail
       FROM request_events WHERE org_id = $1 AND request_id = $2 AND kind = 'verified' AND NOT deleted`,
    [orgId, requestId],
  );
  return verifiedCorrections(rows);
}

async function decide(tx: BackendDbQueryable, p: Principal, action: Action): Promise<FirstOutcome> {
  const id = action.id;
  if (!UUID.test(action.requestId)) return reject(id, 'NOT_FOUND', 'no such request');
  if (action.kind === 'settings.update') return applySettingsUpdate(tx, p, action);
  // The action id doubles as its request_event id: an id already in the history (a forged or
  // colliding UUIDv7) is refused here instead of failing the INSERT below.
  const taken = await tx.query('SELECT 1 FROM request_events WHERE org_id = $1 AND id = $2', [p.orgId, id]);
  if (taken.length > 0) return reject(id, 'INVALID', 'This action id is already used by a history entry.');
  const legal = await legalContextFor(tx, p.orgId);
  if (action.kind === 'request.intake') {
    return applyIntake(
      tx,
      p,
      { id, requestId: action.requestId, payload: action.payload as IntakePayload },
      legal.today,
    );
  }
  const rows = await tx.query<Record<string, unknown>>(
    `SELECT ${REQUEST_COLUMNS}, decided_by,
            to_char(decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS decided_at_iso
       FROM requests WHERE org_id = $1 AND id = $2 AND NOT deleted FOR UPDATE`,
    [p.orgId, action.requestId],
  );
  const row = rows[0];
  if (!row) return reject(id, 'NOT_FOUND', 'no such request');
  const current = requestFromRow(row);
  const erasure = action.kind === 'erasure.execute';
  if (erasure) {
    // Carried out once: a second execution (another admin, another console) is told so.
    const done = await receiptOfRequest(tx, p.orgId, action.requestId);
    if (done)
      return reject(
        id,
        'ALREADY_CARRIED_OUT',
        `This erasure was already carried out on ${done.carriedOutAt} by ${done.carriedOutBy} (receipt SHA-256 ${done.sha256}).`,
        { current },
      );
  }
  const touchesSubject = SUBJECT_KINDS.includes(action.kind);
  const subject = current.subjectId
    ? await lockSubject(tx, p.orgId, current.subjectId, touchesSubject || erasure)
    : null;
  if (action.kind === 'request.close_duplicate') {
    const problem = await originalProblem(tx, p.orgId, current, action.payload.duplicateOf);
    if (problem) return reject(id, 'INVALID', problem, { current });
  }
  const rule = applyActionRules(current, action, {
    subjectRestricted: subject?.restricted ?? false,
    ...legal,
    ...(action.kind === 'rectification.apply'
      ? { correctedFields: await correctedFieldsOf(tx, p.orgId, action.requestId) }
      : {}),
  });
  if (!rule.ok) {
    const extra: Partial<RejectedOutcome> = { current };
    if (rule.code === 'ALREADY_DECIDED' && isDecided(current.status)) {
      Object.assign(extra, await whoDecided(tx, p.orgId, row));
    }
    return reject(id, rule.code, rule.message, extra);
  }
  const next = rule.next;
  let subjectDetail: Record<string, unknown> = {};
  if (touchesSubject) {
    if (!subject)
      return reject(id, 'NOT_FOUND', 'The subject of this request no longer exists.', { current });
    const effect = await applySubjectEffect(tx, p, action, subject);
    if (!effect.ok) return reject(id, effect.code, effect.message, { current });
    subjectDetail = effect.detail;
  }
  if (erasure) {
    const carried = await carryOutErasure(tx, p, current);
    if (!carried.ok) return reject(id, carried.code, carried.message, { current });
    subjectDetail = { receipt: carried.receipt };
  }
  const decision = DECISION_KINDS.includes(action.kind);
  const record = decisionRecord(action);
  const updated = await tx.query<{ version: number; seq: number }>(
    `UPDATE requests
        SET status = $3, extended = $4, legal_hold = $5, assignee = $6,
            version = version + 1, seq = nextval('sync_seq'), updated_at = now(),
            decided_by = CASE WHEN $7::boolean THEN $8::text ELSE decided_by END,
            decided_at = CASE WHEN $7::boolean THEN now() ELSE decided_at END,
            response = CASE WHEN $7::boolean THEN $9::text ELSE response END,
            denial_basis = CASE WHEN $7::boolean THEN $10::text ELSE denial_basis END,
            responded_on = $11::date, acknowledged_on = $12::date, acknowledged_via = $13::text,
            refused_late = $14::boolean
      WHERE org_id = $1 AND id = $2
      RETURNING version, seq::float8 AS seq`,
    [
      p.orgId,
      action.requestId,
      next.status,
      next.extended,
      next.legalHold,
      next.assignee,
      decision,
      p.adminName,
      record?.response ?? null,
      record?.denialBasis ?? null,
      // The shared rules set the dates of record, in the organisation's time zone (issue 13).
      next.respondedOn,
      next.acknowledgedOn,
      next.acknowledgedVia,
      next.refusedLate,
    ],
  );
  const u = updated[0];
  if (!u) return reject(id, 'NOT_FOUND', 'no such request');
  const ev = eventOf(action);
  if (action.kind === 'request.verify' && action.payload.declaration) {
    // The signed declaration's record: who recorded it, when, and the reference (issue 13).
    ev.detail = {
      ...ev.detail,
      declaration: {
        ...action.payload.declaration,
        recordedBy: p.adminName,
        recordedAt: new Date().toISOString(),
      },
    };
  }
  if (action.kind === 'request.deny' && next.refusedLate) ev.detail = { ...ev.detail, late: true };
  // The action id (a UUIDv7) doubles as the request_event id: one event per applied action.
  await tx.query(
    `INSERT INTO request_events (org_id, id, request_id, at, actor, kind, detail)
     VALUES ($1, $2, $3, now(), $4, $5, $6::jsonb)`,
    [
      p.orgId,
      action.id,
      action.requestId,
      p.adminName,
      ev.kind,
      JSON.stringify({ ...ev.detail, ...subjectDetail, actionId: action.id }),
    ],
  );
  const applied: AppliedOutcome = { outcome: 'applied', id, version: Number(u.version), seq: Number(u.seq) };
  return applied;
}

/**
 * `erasure.execute` after the request rules passed (approved erasure, no hold on it, subject not
 * restricted): refused while another request about the same person is on legal hold; otherwise
 * the person is erased under the organisation's policy (backend/erasure.ts).
 */
async function carryOutErasure(
  tx: BackendDbQueryable,
  p: Principal,
  request: PrivacyRequest,
): Promise<{ ok: true; receipt: ErasureReceipt } | { ok: false; code: string; message: string }> {
  if (!request.subjectId)
    return { ok: false, code: 'INVALID', message: 'The request is not linked to a subject.' };
  const held = await otherHold(tx, p.orgId, request.subjectId, request.id);
  if (held)
    return {
      ok: false,
      code: 'ON_LEGAL_HOLD',
      message: `Another request about this person (${held}) is on legal hold: release it first.`,
    };
  const { erasurePolicy } = await loadOrgSettings(tx, p.orgId);
  const receipt = await eraseSubject(
    tx,
    {
      orgId: p.orgId,
      subjectId: request.subjectId,
      requestId: request.id,
      trigger: 'request',
      by: p.adminName,
    },
    erasurePolicy,
  );
  return { ok: true, receipt };
}

/** PostgreSQL data and constraint errors (classes 22, 23): this action's fault, not the server's. */
function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}

/**
 * Applies a batch in order, one transaction per action; one outcome per action. A malformed
 * action, or one the database refuses, is `rejected` on its own (HTTP 200 for the batch): it
 * never turns the whole batch into a 500 that the console would retry forever.
 */
export async function applyActions(
  db: BackendDb,
  p: Principal,
  actions: (Record<string, unknown> & { id: string })[],
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let erased = false;
  for (const raw of actions) {
    const action = validate(p, raw);
    if ('outcome' in action) {
      outcomes.push(action);
      continue;
    }
    try {
      const o = await db.transaction((tx) => applyOne(tx, p, action));
      if (o.outcome === 'applied' && action.kind === 'erasure.execute') erased = true;
      outcomes.push(o);
    } catch (err) {
      if (!isDataError(err)) throw err;
      outcomes.push(reject(action.id, 'INVALID', 'The backend cannot store this action.'));
    }
  }
  if (erased) await vacuumAfterErasure(db).catch(() => undefined);
  return outcomes;
}
