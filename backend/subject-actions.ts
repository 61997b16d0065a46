// The actions that change a request's SUBJECT, not only the request (issue 5): rectification
// (the corrected values) and restriction of processing (GDPR Art. 18). Each runs inside the
// action's transaction (backend/actions.ts), after the request row and the subject row are
// locked, and bumps the subject's seq so the change syncs back through the subjects stream.
import type { Action } from '../shared/action-schemas';
import type { Subject } from '../shared/domain';
import type { RectifiableField } from '../shared/rectification';
import { subjectChangeOf } from '../shared/subject-change';
import type { BackendDbQueryable } from './db';
import { SUBJECT_COLUMNS, subjectFromRow, type Principal } from './store';

export const SUBJECT_KINDS: readonly Action['kind'][] = [
  'rectification.apply',
  'restriction.place',
  'restriction.lift',
];

/**
 * The subject of a request. Locked FOR UPDATE when the action changes it; FOR SHARE otherwise,
 * so a restriction placed concurrently waits for (or is seen by) an erasure or an export.
 */
export async function lockSubject(
  tx: BackendDbQueryable,
  orgId: string,
  subjectId: string,
  forUpdate: boolean,
): Promise<Subject | null> {
  const rows = await tx.query<Record<string, unknown>>(
    `SELECT ${SUBJECT_COLUMNS} FROM subjects WHERE org_id = $1 AND id = $2 AND NOT deleted
      ${forUpdate ? 'FOR UPDATE' : 'FOR SHARE'}`,
    [orgId, subjectId],
  );
  return rows[0] ? subjectFromRow(rows[0]) : null;
}

const COLUMN_OF: Record<RectifiableField, string> = {
  displayName: 'display_name',
  email: 'email',
  employeeId: 'employee_id',
  department: 'department',
};

export type SubjectEffect =
  { ok: true; detail: Record<string, unknown> } | { ok: false; code: 'INVALID'; message: string };

/**
 * Applies the subject side of `action`. Returns the request-event detail to record: for a
 * rectification the NAMES of the fields that changed, never their old or new values.
 */
export async function applySubjectEffect(
  tx: BackendDbQueryable,
  p: Principal,
  action: Action,
  subject: Subject,
): Promise<SubjectEffect> {
  // The rule (what changes, what is recorded) is shared with the console's overlay; here it is
  // written to the locked row. The restriction's time is the database's clock (now()).
  const change = subjectChangeOf(subject, action, { actor: p.adminName, at: '' });
  if (change === null) return { ok: true, detail: {} };
  if (!change.ok) return change;
  switch (action.kind) {
    case 'rectification.apply': {
      const { fields } = change;
      const sets = fields.map((f, i) => `${COLUMN_OF[f]} = $${i + 3}`);
      const values = fields.map((f) => change.subject[f]);
      await tx.query(
        `UPDATE subjects SET ${sets.join(', ')}, seq = next_seq($1), updated_at = now()
          WHERE org_id = $1 AND id = $2`,
        [p.orgId, subject.id, ...values],
      );
      return { ok: true, detail: change.detail };
    }
    case 'restriction.place': {
      await tx.query(
        `UPDATE subjects SET restricted = true, restricted_since = now(), restricted_by = $3,
                restricted_request_id = $4, seq = next_seq($1), updated_at = now()
          WHERE org_id = $1 AND id = $2`,
        [p.orgId, subject.id, p.adminName, action.requestId],
      );
      return { ok: true, detail: change.detail };
    }
    case 'restriction.lift': {
      await tx.query(
        `UPDATE subjects SET restricted = false, restricted_since = NULL, restricted_by = NULL,
                restricted_request_id = NULL, seq = next_seq($1), updated_at = now()
          WHERE org_id = $1 AND id = $2`,
        [p.orgId, subject.id],
      );
      return { ok: true, detail: change.detail };
    }
    default:
      return { ok: true, detail: {} };
  }
}
