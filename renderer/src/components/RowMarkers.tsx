import type { RequestRow } from '../../../shared/contract-requests';
import { queuedOf } from '../stores/request-queue';
import { RestrictedBadge } from './RestrictedBadge';

/**
 * "Pending sync", legal-hold, restriction and conflict markers: text, announced with the row.
 * (The request page shows the restriction in full; the queue passes `subjectRestricted`.)
 */
export function RowMarkers({
  row,
}: {
  row: Pick<RequestRow, 'pending' | 'conflictCount' | 'request'> & { subjectRestricted?: boolean };
}) {
  const queued = queuedOf(row.pending).length;
  const awaitingPull = row.pending.length - queued;
  return (
    <>
      {queued > 0 && (
        <span role="status" className="badge badge-pending">
          Pending sync{queued > 1 ? ` (${queued})` : ''}
        </span>
      )}
      {queued === 0 && awaitingPull > 0 && <span className="badge badge-pending">Applied, refreshing</span>}
      {row.request.legalHold && <span className="badge badge-conflict">Legal hold</span>}
      {row.subjectRestricted && <RestrictedBadge restriction={null} />}
      {row.conflictCount > 0 && (
        <span className="badge badge-conflict">
          {row.conflictCount} {row.conflictCount === 1 ? 'conflict' : 'conflicts'}
        </span>
      )}
    </>
  );
}
