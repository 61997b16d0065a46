// Privacy requests: the queue of mirrored requests (with the optimistic overlay of pending
// actions) and, at #/requests/<id>, one request's page with its history and actions.
import { useEffect, useMemo, useState } from 'react';
import { hrefOf, routeFromHash, useHash, useRouteItem } from '../router';
import { requestQueueStore, useRequestQueue, useSession } from '../stores';
import { jurisdictionLabel, requestStatusLabel, requestTypeLabel } from '../format';
import { CopyButton } from '../components/CopyButton';
import type { RequestRow } from '../../../shared/contract-requests';
import { RequestPage } from '../components/RequestPage';
import { IntakeForm } from '../components/IntakeForm';
import { RequestFilterBar } from '../components/RequestFilterBar';
import { RequestBulkActions } from '../components/RequestBulkActions';
import { RowMarkers } from '../components/RowMarkers';
import { HowComputedLink, UrgencyMarker, daysLeftText, fieldOfNext } from '../components/Clocks';
import { roleMayDo } from '../../../shared/roles';
import type { Role } from '../../../shared/domain';
import { DEADLINE_KIND_LABELS, compareByDeadline, requestClocks } from '../../../shared/casework';
import { orgToday, useLegalSettings } from '../legal-settings';
import { useNow } from '../hooks';
import { Inert } from '../components/Text';
import { ErrorAlert } from '../components/ErrorAlert';

/** `#/requests/new` is the intake form (request ids are UUIDs, never "new"). */
export const NEW_REQUEST_ITEM = 'new';

export function RequestsRoom() {
  const item = useRouteItem();
  if (item === NEW_REQUEST_ITEM) return <IntakeForm />;
  return item ? <RequestPage id={item} /> : <RequestsList />;
}
/** Who and what at a glance: the person's name and the summary lead; the id is secondary, to copy. */
function RequestHeadline({ row, name }: { row: RequestRow; name: string | undefined }) {
  const id = row.request.id;
  return (
    <>
      <a href={hrefOf('requests', id)} className="request-name">
        {name ? <Inert value={name} /> : <span className="muted">Unknown person</span>}
      </a>
      <span className="request-summary" title={row.request.summary}>
        <Inert value={row.request.summary} />
      </span>
      <span className="request-id muted small">
        <a href={hrefOf('requests', id)} tabIndex={-1}>
          <code>{id}</code>
        </a>
        <CopyButton value={id} label={`Copy request id ${id}`} />
      </span>
    </>
  );
}

/** Status with its markers, and who has it: the assignee is secondary text under the status so
 *  the queue fits 1280 px without a column of its own (issue 16). */
function StatusCell({ row }: { row: RequestRow }) {
  return (
    <>
      {requestStatusLabel(row.request.status)} <RowMarkers row={row} />
      <span className="muted small block">
        {row.request.assignee ? (
          <>
            Assignee: <Inert value={row.request.assignee} />
          </>
        ) : (
          'Unassigned'
        )}
      </span>
    </>
  );
}

function RequestsList() {
  const rows = useRequestQueue((s) => s.rows);
  const loading = useRequestQueue((s) => s.loading);
  const loaded = useRequestQueue((s) => s.loaded);
  const error = useRequestQueue((s) => s.error);
  const next = useRequestQueue((s) => s.next);
  const filter = useRequestQueue((s) => s.filter);
  // The queue reads by urgency first (issue 16); the button falls back to newest received.
  const [sortByDeadline, setSortByDeadline] = useState(true);
  const names = useRequestQueue((s) => s.names);
  const selected = useRequestQueue((s) => s.selected);
  const role = useSession((s) => s.session?.role ?? null) as Role | null;
  const adminName = useSession((s) => s.session?.adminName ?? null);
  const mayAssign = role !== null && roleMayDo(role, 'request.assign') && adminName !== null;
  const mayNote = role !== null && roleMayDo(role, 'request.note');
  const mayClose = role !== null && roleMayDo(role, 'request.close_duplicate');
  const mayIntake = role !== null && roleMayDo(role, 'request.intake');
  const mayBulk = mayAssign || mayNote || mayClose;
  const filtered = Object.keys(filter).some((k) => k !== 'subjectId');
  const legal = useLegalSettings();
  const today = orgToday(legal, useNow(60_000));
  const shown = useMemo(() => {
    const withClocks = rows.map((row) => ({
      row,
      rc: requestClocks(row.request, today, legal.ready ? legal.memberState : null),
    }));
    return sortByDeadline ? [...withClocks].sort((a, b) => compareByDeadline(a.rc, b.rc)) : withClocks;
  }, [rows, today, sortByDeadline, legal.ready, legal.memberState]);

  // `#/requests?subject=<id>` (from a subject's timeline) narrows the queue to that person.
  const subject = routeFromHash(useHash()).query.get('subject');
  useEffect(() => {
    const { subjectId: _drop, ...rest } = requestQueueStore.getState().filter;
    void _drop;
    void requestQueueStore.getState().setFilter(subject ? { ...rest, subjectId: subject } : rest);
  }, [subject]);

  return (
    <section aria-labelledby="room-title" className="room-body">
      <div className="room-head">
        <h1 id="room-title" tabIndex={-1}>
          Requests
        </h1>
        <RequestFilterBar
          adminName={adminName}
          newRequestHref={mayIntake ? hrefOf('requests', NEW_REQUEST_ITEM) : null}
        />
      </div>
      <ErrorAlert message={error} />
      <RequestBulkActions mayAssign={mayAssign} mayNote={mayNote} mayClose={mayClose} adminName={adminName} />
      {loaded && rows.length === 0 && !error ? (
        <p className="empty">
          {filtered
            ? 'No cached requests match these filters.'
            : 'No requests cached yet — sync to fetch them.'}
        </p>
      ) : !loaded ? (
        <p className="muted">{loading ? 'Loading requests…' : ''}</p>
      ) : (
        <div className="table-scroll">
          <table aria-label="Privacy requests" className="data-table request-table" aria-busy={loading}>
            <thead>
              <tr>
                {mayBulk && (
                  <th scope="col">
                    <span className="visually-hidden">Select</span>
                  </th>
                )}
                <th scope="col">Request</th>
                <th scope="col" aria-sort={sortByDeadline ? 'ascending' : 'none'}>
                  <button
                    type="button"
                    className="sort-button"
                    aria-pressed={sortByDeadline}
                    onClick={() => setSortByDeadline((v) => !v)}
                  >
                    Next deadline{sortByDeadline ? ' ▲' : ''}
                  </button>
                </th>
                <th scope="col">Days left</th>
                <th scope="col">Type</th>
                <th scope="col">Status</th>
                <th scope="col">Received</th>
              </tr>
            </thead>
            <tbody>
              {shown.map(({ row, rc }) => (
                <tr key={row.request.id}>
                  {mayBulk && (
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Select request ${row.request.id}`}
                        checked={selected.includes(row.request.id)}
                        onChange={(e) =>
                          requestQueueStore.getState().toggleSelected(row.request.id, e.target.checked)
                        }
                      />
                    </td>
                  )}
                  <td className="request-cell">
                    <RequestHeadline
                      row={row}
                      name={row.request.subjectId ? names[row.request.subjectId] : undefined}
                    />
                  </td>
                  <td>
                    {rc.next ? (
                      <>
                        {DEADLINE_KIND_LABELS[rc.next.kind]} by{' '}
                        <time dateTime={rc.next.date} className="block">
                          {rc.next.date}
                        </time>
                        <HowComputedLink
                          field={fieldOfNext(rc)}
                          request={row.request}
                          memberState={legal.memberState}
                        />
                      </>
                    ) : (
                      <span className="none">—</span>
                    )}
                  </td>
                  <td>
                    <span className="nowrap">
                      {rc.next ? daysLeftText(rc.next.daysLeft) : <span className="none">—</span>}
                    </span>{' '}
                    <UrgencyMarker urgency={rc.urgency} />
                  </td>
                  <td>
                    {requestTypeLabel(row.request.type)}
                    <span className="muted small block">{jurisdictionLabel(row.request.jurisdiction)}</span>
                  </td>
                  <td>
                    <StatusCell row={row} />
                  </td>
                  <td>
                    <time dateTime={row.request.receivedOn}>{row.request.receivedOn}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <div className="action-row">
          <button
            type="button"
            onClick={() => void requestQueueStore.getState().loadMore()}
            disabled={loading}
          >
            Load more
          </button>
        </div>
      )}
    </section>
  );
}
