// Closing a request as a duplicate (`request.close_duplicate`): the rule the renderer's bulk
// "Close as duplicate" plans with and the backend checks when the action arrives, so a console
// (or any client) cannot close the original a person sent in favour of a later copy.
// Pure TypeScript: no node:*, no DOM.
import type { PrivacyRequest } from './domain';

type Receipt = Pick<PrivacyRequest, 'id' | 'receivedOn'>;

/**
 * Oldest first: earliest received, then lowest id (UUIDv7 ids grow with time). The first
 * request a person sent is the one answered, its clock the one that runs.
 */
export function compareByReceipt(a: Receipt, b: Receipt): number {
  if (a.receivedOn !== b.receivedOn) return a.receivedOn < b.receivedOn ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Why `duplicate` cannot be closed as a duplicate of `original` (null: no such request), or
 * null when it can: the original is another, OLDER request about the same person, and not
 * itself closed as a duplicate (the history would point at a request that is not answered).
 */
export function duplicateProblem(
  duplicate: Receipt & Pick<PrivacyRequest, 'subjectId'>,
  original: (Receipt & Pick<PrivacyRequest, 'subjectId' | 'status'>) | null,
): string | null {
  if (original?.id === duplicate.id) return 'A request cannot be a duplicate of itself.';
  if (!original) return 'The original request does not exist.';
  if (duplicate.subjectId === null || original.subjectId !== duplicate.subjectId)
    return 'The original request is not about the same person.';
  if (compareByReceipt(original, duplicate) > 0)
    return `The original must be the older request: ${original.id} was received after ${duplicate.id}.`;
  if (original.status === 'closed_duplicate')
    return `The original ${original.id} is itself closed as a duplicate.`;
  return null;
}
