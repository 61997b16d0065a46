// Privacy requests: the queue of mirrored requests (with the optimistic overlay of pending
// actions) and, at #/requests/<id>, one request's page with its history and actions.
import { useEffect, useMemo, useState } from 'react';
import {
  Jurisdiction as JurisdictionSchema,
  RequestStatus as RequestStatusSchema,
  RequestType as RequestTypeSchema,
} from '../../../shared/domain';
import { hrefOf, routeFromHash, useHash, useRouteItem } from '../router';
import { requestQueueStore, useRequestQueue, useSession } from '../stores';
import { jurisdictionLabel, requestStatusLabel, requestTypeLabel } from '../format';
import { CopyButton } from '../components/CopyButton';
import type { RequestRow } from '../../../shared/contract-requests';
import { RequestPage } from '../components/RequestPage';
import { IntakeForm } from '../components/IntakeForm';

/** The assignee filter's "unassigned" choice (not a name an admin can have: it has spaces). */
const UNASSIGNED = ' unassigned ';
import { RowMarkers } from '../components/RowMarkers';
import { HowComputedLink, UrgencyMarker, daysLeftText, fieldOfNext } from '../components/Clocks';
import { roleMayDo } from '../../../shared/roles';
import type { Role } from '../../../shared/domain';
import { DEADLINE_KIND_LABELS, compareByDeadline, requestClocks } from '../../../shared/casework';
import { orgToday, useLegalSettings } from '../legal-settings';
import { useNow } from '../hooks';
import { Inert } from '../components/Text';

/** `#/requests/new` is the intake form (request ids are UUIDs, never "new"). */
export const NEW_REQUEST_ITEM = 'new';

export function RequestsRoom() {
  const item = useRouteItem();
  if (item === NEW_REQUEST_ITEM) return <IntakeForm />;
  return item ? <RequestPage id={item} /> : <RequestsList />;
}

/** A queue filter select: "" = any; sets or drops one key of the filter. */
function FilterSelect<K extends 'status' | 'type' | 'jurisdiction'>({
  id,
  label,
  name,
  anyLabel,
  options,
  labelOf,
}: {
  id: string;
  label: string;
  name: K;
  anyLabel: string;
  options: readonly string[];
  labelOf: (v: string) => string;
}) {
  const filter = useRequestQueue((s) => s.filter);
  return (
    <div className="field inline">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={filter[name] ?? ''}
        onChange={(e) => {
          const { [name]: _drop, ...rest } = filter;
          void _drop;
          const value = e.target.value;
          void requestQueueStore.getState().setFilter(value ? { ...rest, [name]: value } : rest);
        }}
      >
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {labelOf(o)}
          </option>
        ))}
      </select>
    </div>
  );
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
  const bulkResult = useRequestQueue((s) => s.bulkResult);
  const bulkRunning = useRequestQueue((s) => s.bulkRunning);
  const role = useSession((s) => s.session?.role ?? null) as Role | null;
  const adminName = useSession((s) => s.session?.adminName ?? null);
  const [bulkNote, setBulkNote] = useState('');
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
        <div role="search" aria-label="Filter requests" className="filters">
          <FilterSelect
            id="filter-status"
            label="Status"
            name="status"
            anyLabel="Any status"
            options={RequestStatusSchema.options}
            labelOf={requestStatusLabel}
          />
          <FilterSelect
            id="filter-type"
            label="Type"
            name="type"
            anyLabel="Any type"
            options={RequestTypeSchema.options}
            labelOf={requestTypeLabel}
          />
          <FilterSelect
            id="filter-jurisdiction"
            label="Jurisdiction"
            name="jurisdiction"
            anyLabel="Any jurisdiction"
            options={JurisdictionSchema.options}
            labelOf={jurisdictionLabel}
          />
          <div className="field inline">
            <label htmlFor="filter-assignee">Assignee</label>
            <select
              id="filter-assignee"
              value={
                filter.assignee === undefined ? '' : filter.assignee === null ? UNASSIGNED : filter.assignee
              }
              onChange={(e) => {
                const { assignee: _drop, ...rest } = filter;
                void _drop;
                const v = e.target.value;
                void requestQueueStore
                  .getState()
                  .setFilter(v === '' ? rest : { ...rest, assignee: v === UNASSIGNED ? null : v });
              }}
            >
              <option value="">Anyone</option>
              <option value={UNASSIGNED}>Unassigned</option>
              {adminName && <option value={adminName}>Me ({adminName})</option>}
            </select>
          </div>
          <div className="field inline checkbox">
            <input
              id="filter-pending"
              type="checkbox"
              checked={filter.pendingOnly === true}
              onChange={(e) => {
                const { pendingOnly: _drop, ...rest } = filter;
                void _drop;
                void requestQueueStore
                  .getState()
                  .setFilter(e.target.checked ? { ...rest, pendingOnly: true } : rest);
              }}
            />
            <label htmlFor="filter-pending">Only with pending actions</label>
          </div>
          <button
            type="button"
            onClick={() => void requestQueueStore.getState().refresh()}
            disabled={loading}
          >
            Refresh
          </button>
          {mayIntake && (
            <a className="button-link" href={hrefOf('requests', NEW_REQUEST_ITEM)}>
              New request
            </a>
          )}
        </div>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
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
                <th scope="col">Assignee</th>
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
                    {rc.next ? daysLeftText(rc.next.daysLeft) : <span className="none">—</span>}
                    <UrgencyMarker urgency={rc.urgency} />
                  </td>
                  <td>
                    {requestTypeLabel(row.request.type)}
                    <span className="muted small block">{jurisdictionLabel(row.request.jurisdiction)}</span>
                  </td>
                  <td>
                    {requestStatusLabel(row.request.status)}
                    <RowMarkers row={row} />
                  </td>
                  <td>
                    <time dateTime={row.request.receivedOn}>{row.request.receivedOn}</time>
                  </td>
                  <td>
                    {row.request.assignee ? (
                      <Inert value={row.request.assignee} />
                    ) : (
                      <span className="none">—</span>
                    )}
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
