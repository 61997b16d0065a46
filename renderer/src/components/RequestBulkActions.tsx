// Actions on the queue's selection: assign to me, add a note, close as duplicates; each shown
// only when the role may do it. The outcome of the last bulk run is announced as a status.
import { useState } from 'react';
import { requestQueueStore, useRequestQueue } from '../stores';

export function RequestBulkActions({
  mayAssign,
  mayNote,
  mayClose,
  adminName,
}: {
  mayAssign: boolean;
  mayNote: boolean;
  mayClose: boolean;
  adminName: string | null;
}) {
  const selected = useRequestQueue((s) => s.selected);
  const bulkResult = useRequestQueue((s) => s.bulkResult);
  const bulkRunning = useRequestQueue((s) => s.bulkRunning);
  const [bulkNote, setBulkNote] = useState('');
  const mayBulk = mayAssign || mayNote || mayClose;
  return (
    <>
      {mayBulk && (
        <div role="toolbar" aria-label="Bulk actions on the selection" className="action-row">
          <span aria-live="polite">{selected.length} selected</span>
          {mayAssign && (
            <button
              type="button"
              disabled={bulkRunning || selected.length === 0}
              onClick={() =>
                void requestQueueStore.getState().bulk(
                  (requestId) => ({
                    kind: 'request.assign',
                    requestId,
                    payload: { assignee: adminName ?? '' },
                  }),
                  'Assign to me',
                )
              }
            >
              Assign selected to me
            </button>
          )}
          {mayNote && (
            <>
              <label htmlFor="bulk-note">Note for the selection</label>
              <input
                id="bulk-note"
                type="text"
                maxLength={4000}
                value={bulkNote}
                onChange={(e) => setBulkNote(e.target.value)}
              />
              <button
                type="button"
                disabled={bulkRunning || selected.length === 0 || bulkNote.trim() === ''}
                onClick={() => {
                  const text = bulkNote.trim();
                  void requestQueueStore
                    .getState()
                    .bulk((requestId) => ({ kind: 'request.note', requestId, payload: { text } }), 'Note')
                    .then(() => setBulkNote(''));
                }}
              >
                Add note to selected
              </button>
            </>
          )}
        </div>
      )}
      {mayClose && (
        <div role="group" aria-label="Close duplicates" className="action-row">
          <button
            type="button"
            disabled={bulkRunning || selected.length < 2}
            onClick={() => void requestQueueStore.getState().closeDuplicates()}
          >
            Close selected as duplicates
          </button>
          <span className="muted small">
            Keeps the oldest selected request (the first one received) open and closes the others as its
            duplicates. All must be about the same person.
          </span>
        </div>
      )}
      {bulkResult && (
        <p role="status" className="muted">
          {bulkResult}
        </p>
      )}
    </>
  );
}
