// `request.intake` (issue 5): a request entered by hand in a console. The backend creates the
// request row — with the client-generated UUIDv7 as its id, so a replay can never create a
// second one — and its `received` history entry, in the action's transaction. The clocks run
// from the received date given (shared/clocks computes them from `receivedOn`).
import type { AppliedOutcome, FirstOutcome } from '../shared/push-protocol';
import { receivedOnZoneProblem, requestFromIntake, type IntakePayload } from '../shared/intake';
import type { BackendDbQueryable } from './db';
import { reject } from './outcome';
import type { Principal } from './store';

/** The subject the intake names: by id, or looked up by email / username (null: no match). */
async function resolveSubject(
  tx: BackendDbQueryable,
  orgId: string,
  s: IntakePayload['subject'],
): Promise<{ id: string | null } | { missing: true }> {
  if (s.by === 'id') {
    const rows = await tx.query<{ id: string }>(
      'SELECT id::text AS id FROM subjects WHERE org_id = $1 AND id::text = $2 AND NOT deleted',
      [orgId, s.id],
    );
    return rows[0] ? { id: rows[0].id } : { missing: true };
  }
  const rows = await tx.query<{ id: string }>(
    s.by === 'email'
      ? 'SELECT id::text AS id FROM subjects WHERE org_id = $1 AND lower(email) = lower($2) AND NOT deleted LIMIT 2'
      : 'SELECT id::text AS id FROM subjects WHERE org_id = $1 AND username = $2 AND NOT deleted LIMIT 2',
    [orgId, s.by === 'email' ? s.email : s.username],
  );
  // Ambiguous or unknown: the request is kept without a subject (answered "no data held" or
  // linked later) rather than attached to the wrong person.
  return { id: rows.length === 1 ? rows[0]!.id : null };
}

export async function applyIntake(
  tx: BackendDbQueryable,
  p: Principal,
  action: { id: string; requestId: string; payload: IntakePayload },
  /** Today in the organisation's time zone. */
  today: string,
): Promise<FirstOutcome> {
  const pl = action.payload;
  const future = receivedOnZoneProblem(pl.receivedOn, today);
  if (future) return reject(action.id, 'INVALID', future);
  const subject = await resolveSubject(tx, p.orgId, pl.subject);
  if ('missing' in subject) return reject(action.id, 'NOT_FOUND', 'The subject picked no longer exists.');
  // The same row the console shows while the intake is pending (shared/intake.ts); the database
  // gives it version 1 and its time.
  const req = requestFromIntake(action.requestId, pl, subject.id, '');
  const inserted = await tx.query<{ version: number; seq: number }>(
    `INSERT INTO requests (org_id, id, subject_id, type, jurisdiction, status, channel, received_on,
                           version, via_agent, summary, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, 1, $9, $10, now())
     ON CONFLICT (org_id, id) DO NOTHING
     RETURNING version, seq::float8 AS seq`,
    [
      p.orgId,
      req.id,
      req.subjectId,
      req.type,
      req.jurisdiction,
      req.status,
      req.channel,
      req.receivedOn,
      req.viaAgent,
      req.summary,
    ],
  );
  const row = inserted[0];
  if (!row) return reject(action.id, 'INVALID', 'A request with this id already exists.');
  // The history records how the request arrived and who entered it; the identifier typed to
  // find the subject is not kept (the link to the subject is).
  const detail: Record<string, unknown> = {
    channel: pl.channel,
    viaAgent: pl.agent !== undefined,
    enteredBy: p.adminName,
    matchedBy: pl.subject.by,
    subjectMatched: subject.id !== null,
    actionId: action.id,
  };
  if (pl.agent) detail.agent = { name: pl.agent.name, signedPermission: pl.agent.signedPermission };
  if (pl.note) detail.note = pl.note;
  await tx.query(
    `INSERT INTO request_events (org_id, id, request_id, at, actor, kind, detail)
     VALUES ($1, $2, $3, now(), $4, 'received', $5::jsonb)`,
    [p.orgId, action.id, action.requestId, p.adminName, JSON.stringify(detail)],
  );
  const applied: AppliedOutcome = {
    outcome: 'applied',
    id: action.id,
    version: Number(row.version),
    seq: Number(row.seq),
  };
  return applied;
}
