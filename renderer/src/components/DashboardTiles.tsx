// The Dashboard's tiles (issue 16). Each tile is a labelled region with a heading, and each
// figure leads to the view behind it: the Requests queue filtered the same way, the Reports,
// the person's timeline, the Access logs, the Sync & outbox room.
import { formatDistanceToNow } from 'date-fns';
import type { MouseEvent } from 'react';
import type { RequestsFilter } from '../../../shared/contract-requests';
import { FLAG_LABELS } from '../logs/flag-text';
import {
  DUE_THIS_WEEK_DAYS,
  type DashboardView,
  type DeadlineCounts,
  type DueBucket,
  type OpenCount,
} from '../../../shared/dashboard';
import { jurisdictionLabel, localDateTime, requestStatusLabel, requestTypeLabel } from '../format';
import { numberFormat } from '../locale';
import { hrefOf, subjectHref } from '../router';
import { requestQueueStore } from '../stores';
import type { SyncStatus } from '../../../shared/contract-app';

/** `#/requests?jurisdiction=gdpr&…`: the filter in the address, for a reader and for later. */
export function requestsHref(filter: RequestsFilter): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (typeof v === 'string') q.set(k, v);
  const s = q.toString();
  return s ? `${hrefOf('requests')}?${s}` : hrefOf('requests');
}

/**
 * A link into the Requests queue with `filter` applied. The queue takes its filter from its store
 * (only `?subject=` from the address), so the click sets the store's filter before the room opens.
 */
function RequestsLink({
  filter,
  label,
  children,
}: {
  filter: RequestsFilter;
  label: string;
  children: string;
}) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    void requestQueueStore.getState().setFilter(filter);
    window.location.hash = requestsHref(filter);
  };
  return (
    <a href={requestsHref(filter)} aria-label={label} onClick={onClick}>
      {children}
    </a>
  );
}

const nf = () => numberFormat();

export function DeadlinesTile({ deadlines }: { deadlines: readonly DeadlineCounts[] }) {
  const cell = (c: DeadlineCounts, n: number, due: DueBucket, what: string) => (
    <td className={n > 0 && due === 'overdue' ? 'figure bad' : 'figure'}>
      <RequestsLink
        filter={{ jurisdiction: c.jurisdiction, due }}
        label={`${jurisdictionLabel(c.jurisdiction)}: ${n} ${what}`}
      >
        {nf().format(n)}
      </RequestsLink>
    </td>
  );
  return (
    <section aria-labelledby="tile-deadlines" className="tile tile-wide">
      <h2 id="tile-deadlines">Deadlines</h2>
      <table aria-labelledby="tile-deadlines" className="tile-table">
        <thead>
          <tr>
            <th scope="col">Jurisdiction</th>
            <th scope="col" className="figure">
              Due today
            </th>
            <th scope="col" className="figure">
              Due in {DUE_THIS_WEEK_DAYS} days
            </th>
            <th scope="col" className="figure">
              Overdue
            </th>
          </tr>
        </thead>
        <tbody>
          {deadlines.map((c) => (
            <tr key={c.jurisdiction}>
              <th scope="row">{jurisdictionLabel(c.jurisdiction)}</th>
              {cell(c, c.dueToday, 'today', 'due today')}
              {cell(c, c.dueThisWeek, 'week', `due in ${DUE_THIS_WEEK_DAYS} days`)}
              {cell(c, c.overdue, 'overdue', 'overdue')}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const days = (d: number | null) =>
  d === null ? '—' : `${numberFormat({ maximumFractionDigits: 1 }).format(d)} days`;

export function ResponseTimesTile({ times }: { times: DashboardView['responseTimes'] }) {
  return (
    <section aria-labelledby="tile-response" className="tile">
      <h2 id="tile-response">Days to respond</h2>
      <p className="muted small">
        Requests answered in the last {times.windowDays} days: {nf().format(times.answered)}
      </p>
      <dl className="tile-figures">
        <div>
          <dt>Median</dt>
          <dd>{days(times.medianDays)}</dd>
        </div>
        <div>
          <dt>90th percentile</dt>
          <dd>{days(times.p90Days)}</dd>
        </div>
      </dl>
      <a href={hrefOf('reports')}>Yearly reports</a>
    </section>
  );
}

export function OpenRequestsTile({ open }: { open: readonly OpenCount[] }) {
  const total = open.reduce((n, c) => n + c.count, 0);
  return (
    <section aria-labelledby="tile-open" className="tile">
      <h2 id="tile-open">Open requests</h2>
      <p className="muted small">{nf().format(total)} being worked on</p>
      {open.length > 0 && (
        <table aria-labelledby="tile-open" className="tile-table">
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col" className="figure">
                Requests
              </th>
            </tr>
          </thead>
          <tbody>
            {open.map((c) => (
              <tr key={`${c.type}-${c.status}`}>
                <td>{requestTypeLabel(c.type)}</td>
                <td>{requestStatusLabel(c.status)}</td>
                <td className="figure">
                  <RequestsLink
                    filter={{ type: c.type, status: c.status }}
                    label={`${requestTypeLabel(c.type)}, ${requestStatusLabel(c.status)}: ${c.count}`}
                  >
                    {nf().format(c.count)}
                  </RequestsLink>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function FlagsTile({ flags }: { flags: DashboardView['newestFlags'] }) {
  return (
    <section aria-labelledby="tile-flags" className="tile">
      <h2 id="tile-flags">Newest triage flags</h2>
      {flags.length === 0 ? (
        <p className="muted">No flagged access events in the cache.</p>
      ) : (
        <ul className="tile-list">
          {flags.map((f) => (
            <li key={f.eventId}>
              <a href={subjectHref(f.subjectId)}>{f.username}</a>{' '}
              <span>{f.kinds.map((k) => FLAG_LABELS[k]).join(', ')}</span>{' '}
              <span className="muted small">
                {f.app} · <time dateTime={f.time}>{localDateTime(f.time)}</time>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function SyncTile({
  status,
  pending,
  conflicts,
}: {
  status: SyncStatus | null;
  pending: number;
  conflicts: number;
}) {
  const online = status?.online;
  const connection = online === true ? 'Online' : online === false ? 'Offline' : 'Not yet connected';
  return (
    <section aria-labelledby="tile-sync" className="tile">
      <h2 id="tile-sync">Sync health</h2>
      <dl className="tile-figures">
        <div>
          <dt>Connection</dt>
          <dd>{connection}</dd>
        </div>
        <div>
          <dt>Last synced</dt>
          <dd>
            {status?.lastSyncedAt ? `${formatDistanceToNow(new Date(status.lastSyncedAt))} ago` : 'Never'}
          </dd>
        </div>
        <div>
          <dt>Pending actions</dt>
          <dd>{nf().format(pending)}</dd>
        </div>
        <div>
          <dt>Conflicts</dt>
          <dd>{nf().format(conflicts)}</dd>
        </div>
      </dl>
      {status?.lastError && <p className="error small">{status.lastError.message}</p>}
      <a href={hrefOf('sync')}>Sync &amp; outbox</a>
    </section>
  );
}
