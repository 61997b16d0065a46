import type { RequestRow } from '../../../shared/contract';
import { queuedOf } from '../stores/requests';

/** "Pending sync" and conflict markers: text, announced with the row. */
export function RowMarkers({ row }: { row: Pick<RequestRow, 'pending' | 'conflictCount' | 'request'> }) {
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
      {row.conflictCount > 0 && (
        <span className="badge badge-conflict">
          {row.conflictCount} {row.conflictCount === 1 ? 'conflict' : 'conflicts'}
        </span>
      )}
    </>
  );
}
