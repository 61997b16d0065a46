// The Audit room (issue 16): what was done on this console (the local hash-linked chain, reads of
// personal data included), verified every time the room opens, and what every admin of the
// organisation did (the backend's trail, owners and approvers only), under one filter.
import { useEffect, type FormEvent } from 'react';
import { ACTION_KINDS } from '../../../shared/action-schemas';
import type { ChainVerification, LocalAuditEntry } from '../../../shared/audit';
import { actionKindLabel, localDateTime } from '../format';
import { auditStore, useAudit } from '../stores';
import type { AuditFilter } from '../stores/audit';
import { Inert } from '../components/Text';

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

function LocalTrail() {
  const entries = useAudit((s) => s.local);
  const next = useAudit((s) => s.localNext);
  const error = useAudit((s) => s.localError);
  const verification = useAudit((s) => s.verification);
  return (
    <section aria-labelledby="audit-local-title">
      <h2 id="audit-local-title">On this console</h2>
      <Verification v={verification} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {entries.length === 0 ? (
        <p className="empty">Nothing recorded on this console matches.</p>
      ) : (
        <div className="table-scroll">
          <table aria-label="Actions and reads on this console" className="data-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">Admin</th>
                <th scope="col">What</th>
                <th scope="col">About</th>
                <th scope="col">Chain</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.seq}>
                  <td className="num">{e.seq}</td>
                  <td>
                    <time dateTime={e.at}>{localDateTime(e.at)}</time>
                  </td>
                  <td>{e.actor ? <Inert value={e.actor} /> : <span className="none">—</span>}</td>
                  <td>{what(e)}</td>
                  <td>
                    {typeof e.detail['requestId'] === 'string' ? (
                      <code>{e.detail['requestId']}</code>
                    ) : e.ref ? (
                      <code>{e.ref}</code>
                    ) : (
                      <span className="none">—</span>
                    )}
                  </td>
                  <td>{e.intact ? 'Verified' : <strong className="error">Broken</strong>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next !== null && (
        <div className="action-row">
          <button type="button" onClick={() => void auditStore.getState().moreLocal()}>
            More from this console
          </button>
        </div>
      )}
    </section>
  );
}

function OrgTrail() {
  const entries = useAudit((s) => s.org);
  const next = useAudit((s) => s.orgNext);
  const error = useAudit((s) => s.orgError);
  return (
    <section aria-labelledby="audit-org-title">
      <h2 id="audit-org-title">In the organisation</h2>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : entries.length === 0 ? (
        <p className="empty">No admin action of the organisation matches.</p>
      ) : (
        <div className="table-scroll">
          <table aria-label="Admin actions in the organisation" className="data-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Admin</th>
                <th scope="col">Action</th>
                <th scope="col">Request</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.actionId}>
                  <td>
                    <time dateTime={e.at}>{localDateTime(e.at)}</time>
                  </td>
                  <td>
                    <Inert value={e.admin} />
                  </td>
                  <td>{e.kind ? actionKindLabel(e.kind) : <span className="none">—</span>}</td>
                  <td>{e.requestId ? <code>{e.requestId}</code> : <span className="none">—</span>}</td>
                  <td>{e.code ? `${e.outcome} (${e.code})` : e.outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next !== null && (
        <div className="action-row">
          <button type="button" onClick={() => void auditStore.getState().moreOrg()}>
            More from the organisation
          </button>
        </div>
      )}
    </section>
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
