// The Audit room (issue 16): what was done on this console (the local hash-linked chain, reads of
// personal data included), verified every time the room opens, and what every admin of the
// organisation did (the backend's trail, owners and approvers only), under one filter.
import { useEffect, type FormEvent, type ReactNode } from 'react';
import { ACTION_KINDS } from '../../../shared/action-schemas';
import type { ChainVerification, LocalAuditEntry, OrgAuditEntry } from '../../../shared/audit';
import { actionKindLabel, localDateTime } from '../format';
import { auditStore, useAudit } from '../stores';
import type { AuditFilter } from '../stores/audit';
import { Inert } from '../components/Text';
import { ColumnTable, type Column } from '../components/ColumnTable';
import { ErrorAlert } from '../components/ErrorAlert';

/** What each local event means, in the words of the room. */
const LOCAL_EVENT_LABELS: Record<string, string> = {
  'action.queued': 'Action queued',
  'action.applied': 'Action applied by the backend',
  'action.rejected': 'Action rejected by the backend',
  'action.needs_attention': 'Action held in Needs attention',
  'action.retried': 'Action retried',
  'action.discarded': 'Action discarded',
  'conflict.dismissed': 'Conflict dismissed',
  'read.timeline': "Opened a person's timeline",
  'read.search': 'Searched the access logs for people',
  'read.export_csv': 'Exported access events as CSV',
};
const localEventLabel = (event: string) => LOCAL_EVENT_LABELS[event] ?? event;

function what(e: LocalAuditEntry): string {
  const kind = typeof e.detail['kind'] === 'string' ? actionKindLabel(e.detail['kind']) : null;
  return kind ? `${localEventLabel(e.event)}: ${kind}` : localEventLabel(e.event);
}

function Verification({ v }: { v: ChainVerification | null }) {
  if (!v) return null;
  if (v.ok)
    return (
      <p role="status" className="muted">
        Chain verified: all {v.entries} entries follow from the first one.
      </p>
    );
  const where = v.brokenEntry
    ? ` (${localEventLabel(v.brokenEntry.event)}, ${localDateTime(v.brokenEntry.at)}${v.brokenEntry.actor ? `, by ${v.brokenEntry.actor}` : ''})`
    : '';
  const why =
    v.reason === 'content'
      ? 'its content was changed after it was written'
      : 'the entry before it was removed, or an entry was inserted';
  return (
    <p role="alert" className="error">
      The audit chain is broken at entry #{v.brokenAt}
      {where}: {why}. That entry and every one after it cannot be trusted.
    </p>
  );
}

function Filters() {
  const filter = useAudit((s) => s.filter);
  const loading = useAudit((s) => s.loading);
  const setFilter = (patch: Partial<AuditFilter>) => auditStore.getState().setFilter(patch);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    void auditStore.getState().load();
  };
  return (
    <form role="search" aria-label="Filter the audit trail" className="filters wrap" onSubmit={apply}>
      <div className="field inline">
        <label htmlFor="audit-admin">Admin</label>
        <input id="audit-admin" value={filter.admin} onChange={(e) => setFilter({ admin: e.target.value })} />
      </div>
      <div className="field inline">
        <label htmlFor="audit-ref">Request</label>
        <input
          id="audit-ref"
          placeholder="request id"
          value={filter.ref}
          onChange={(e) => setFilter({ ref: e.target.value })}
        />
      </div>
      <div className="field inline">
        <label htmlFor="audit-kind">Action</label>
        <select id="audit-kind" value={filter.kind} onChange={(e) => setFilter({ kind: e.target.value })}>
          <option value="">Any action</option>
          {ACTION_KINDS.map((k) => (
            <option key={k} value={k}>
              {actionKindLabel(k)}
            </option>
          ))}
        </select>
      </div>
      <div className="field inline">
        <label htmlFor="audit-from">From</label>
        <input
          id="audit-from"
          type="date"
          value={filter.fromDay}
          onChange={(e) => setFilter({ fromDay: e.target.value })}
        />
      </div>
      <div className="field inline">
        <label htmlFor="audit-to">To</label>
        <input
          id="audit-to"
          type="date"
          value={filter.toDay}
          onChange={(e) => setFilter({ toDay: e.target.value })}
        />
      </div>
      <button type="submit" disabled={loading}>
        Apply
      </button>
    </form>
  );
}

const none = <span className="none">—</span>;
const when = (at: string) => <time dateTime={at}>{localDateTime(at)}</time>;

const LOCAL_COLUMNS: readonly Column<LocalAuditEntry>[] = [
  { header: '#', className: 'num', cell: (e) => e.seq },
  { header: 'When', cell: (e) => when(e.at) },
  { header: 'Admin', cell: (e) => (e.actor ? <Inert value={e.actor} /> : none) },
  { header: 'What', cell: what },
  {
    header: 'About',
    cell: (e) => {
      const about = typeof e.detail['requestId'] === 'string' ? e.detail['requestId'] : e.ref;
      return about ? <code>{about}</code> : none;
    },
  },
  { header: 'Chain', cell: (e) => (e.intact ? 'Verified' : <strong className="error">Broken</strong>) },
];

const ORG_COLUMNS: readonly Column<OrgAuditEntry>[] = [
  { header: 'When', cell: (e) => when(e.at) },
  { header: 'Admin', cell: (e) => <Inert value={e.admin} /> },
  { header: 'Action', cell: (e) => (e.kind ? actionKindLabel(e.kind) : none) },
  { header: 'Request', cell: (e) => (e.requestId ? <code>{e.requestId}</code> : none) },
  { header: 'Outcome', cell: (e) => (e.code ? `${e.outcome} (${e.code})` : e.outcome) },
];

/** One trail: its heading, what went wrong reading it, its rows (or why none), and "More". */
function Trail<T>({
  id,
  title,
  note,
  error,
  empty,
  more,
  onMore,
  ...table
}: {
  id: string;
  title: string;
  note?: ReactNode;
  error: string | null;
  empty: string;
  more: string | null;
  onMore(): void;
  label: string;
  rows: readonly T[];
  rowKey(row: T): string | number;
  columns: readonly Column<T>[];
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {note}
      <ErrorAlert message={error} />
      {table.rows.length > 0 ? <ColumnTable {...table} /> : !error && <p className="empty">{empty}</p>}
      {more !== null && (
        <div className="action-row">
          <button type="button" onClick={onMore}>
            {more}
          </button>
        </div>
      )}
    </section>
  );
}

function LocalTrail() {
  const entries = useAudit((s) => s.local);
  const next = useAudit((s) => s.localNext);
  const error = useAudit((s) => s.localError);
  const verification = useAudit((s) => s.verification);
  return (
    <Trail
      id="audit-local-title"
      title="On this console"
      note={<Verification v={verification} />}
      error={error}
      empty="Nothing recorded on this console matches."
      more={next !== null ? 'More from this console' : null}
      onMore={() => void auditStore.getState().moreLocal()}
      label="Actions and reads on this console"
      rows={entries}
      rowKey={(e) => e.seq}
      columns={LOCAL_COLUMNS}
    />
  );
}

function OrgTrail() {
  const entries = useAudit((s) => s.org);
  const next = useAudit((s) => s.orgNext);
  const error = useAudit((s) => s.orgError);
  return (
    <Trail
      id="audit-org-title"
      title="In the organisation"
      error={error}
      empty="No admin action of the organisation matches."
      more={next !== null ? 'More from the organisation' : null}
      onMore={() => void auditStore.getState().moreOrg()}
      label="Admin actions in the organisation"
      rows={entries}
      rowKey={(e) => e.actionId}
      columns={ORG_COLUMNS}
    />
  );
}

export function AuditRoom() {
  // Verified on every open: the core walks the whole chain with each read.
  useEffect(() => {
    void auditStore.getState().load();
  }, []);
  return (
    <section aria-labelledby="room-title" className="room-body">
      <div className="room-head">
        <h1 id="room-title" tabIndex={-1}>
          Audit
        </h1>
      </div>
      <Filters />
      <LocalTrail />
      <OrgTrail />
    </section>
  );
}
