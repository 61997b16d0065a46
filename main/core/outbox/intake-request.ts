// A request entered by hand (issue 5) shows in the queue before the backend has it: its row is
// built from the pending (or applied, not yet pulled) intake action.
import type { OutboxEntry } from '../../../shared/contract-requests';
import type { PrivacyRequest } from '../../../shared/domain';
import { IntakePayload, requestFromIntake } from '../../../shared/intake';

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
