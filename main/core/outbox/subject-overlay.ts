// The optimistic overlay of the actions that create a request or change a subject (issue 5):
// a request entered by hand shows in the queue before the backend has it, and a pending
// correction or restriction shows on the request page before the subjects stream brings it back.
// Pure functions over outbox entries; the Outbox decides which entries are still "not pulled".
import type { OutboxEntry, RequestSubject } from '../../../shared/contract-requests';
import type { PrivacyRequest, Subject } from '../../../shared/domain';
import { IntakePayload, requestFromIntake } from '../../../shared/intake';
import { subjectChangeOf } from '../../../shared/subject-change';

/** The request a pending (or applied, not yet pulled) intake creates, as the console shows it. */
export function intakeRequest(entry: OutboxEntry): PrivacyRequest | null {
  const a = entry.action;
  if (a.kind !== 'request.intake') return null;
  const p = IntakePayload.safeParse(a.payload);
  if (!p.success) return null;
  const subjectId = p.data.subject.by === 'id' ? p.data.subject.id : null;
  const req = requestFromIntake(a.requestId, p.data, subjectId, entry.queuedAt);
  return entry.serverVersion !== null ? { ...req, version: entry.serverVersion } : req;
}

/** What the request page shows of a subject (no devices, no events). */
export function requestSubjectOf(s: Subject): RequestSubject {
  return {
    id: s.id,
    username: s.username,
    displayName: s.displayName,
    email: s.email,
    employeeId: s.employeeId,
    department: s.department,
    restricted: s.restricted,
    restriction: s.restriction,
  };
}

/** `subject` with the not-yet-pulled corrections and restriction changes applied, in order. */
export function overlaySubject(
  subject: RequestSubject,
  entries: readonly OutboxEntry[],
  actor: string | null,
): RequestSubject {
  let s = subject;
  for (const e of entries) {
    if (e.status === 'rejected') continue;
    const change = subjectChangeOf(s, e.action, { actor: actor ?? 'you', at: e.queuedAt });
    if (change?.ok) s = change.subject;
  }
  return s;
}
