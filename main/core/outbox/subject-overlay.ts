// The optimistic overlay of the actions that change a subject (issue 5): a pending correction or
// restriction shows on the request page before the subjects stream brings it back.
// Pure functions over outbox entries; the overlay decides which entries are still "not pulled".
import type { OutboxEntry, RequestSubject } from '../../../shared/contract-requests';
import type { Subject } from '../../../shared/domain';
import { subjectChangeOf } from '../../../shared/subject-change';

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
