// One request: what it is (with the pending overlay), its history from request_events, the
// actions waiting in the outbox, its conflicts, and the action panel.
import { useEffect } from 'react';
import { formatDistanceToNow } from 'date-fns';
import { verifiedCorrections } from '../../../shared/rectification';
import type { OutboxEntry } from '../../../shared/contract-requests';
import type { RequestEvent } from '../../../shared/domain';
import { hrefOf, subjectHref } from '../router';
import { openRequestStore, useOpenRequest } from '../stores';
import { queuedOf } from '../stores/request-queue';
import { useNow } from '../hooks';
import {
  actionKindLabel,
  jurisdictionLabel,
  localDateTime,
  requestStatusLabel,
  requestTypeLabel,
} from '../format';
import { RequestActions } from './RequestActions';
import { ConflictCard } from './ConflictCard';
import { RowMarkers } from './RowMarkers';
import { ClocksPanel } from './Clocks';
import { VerificationPanel } from './VerificationPanel';
import { SubjectPanel } from './SubjectPanel';
import { CarryOutPanel } from './CarryOutPanel';
import { BundleExportPanel } from './BundleExportPanel';

// issue 12: an approved access or portability request offers its export bundle.
const EXPORTABLE_TYPES: readonly string[] = ['access', 'access_specific', 'portability'];
const EXPORTABLE_STATUSES: readonly string[] = ['approved', 'partially_approved', 'completed'];
import { ErasurePanel } from './ErasurePanel';
import { RecordPanel } from './RecordPanel';
import { RestrictedBadge } from './RestrictedBadge';
import { requestClocks } from '../../../shared/casework';
import { orgToday, useLegalSettings } from '../legal-settings';
import { Inert } from './Text';

/** A history entry's detail as plain text (backend data: rendered as text only). */
function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
}

function payloadText(entry: OutboxEntry): string {
  const shown = Object.entries(entry.action.payload as Record<string, unknown>).filter(
    ([, v]) => v !== false && v !== undefined && !(Array.isArray(v) && v.length === 0),
  );
  return detailText(Object.fromEntries(shown));
}

export function PendingEntryText({ entry }: { entry: OutboxEntry }) {
  useNow(30_000);
  return (
    <>
      <strong>{actionKindLabel(entry.action.kind)}</strong>{' '}
      {entry.status === 'pending'
        ? `— waiting to be pushed (queued ${formatDistanceToNow(new Date(entry.queuedAt))} ago, ${entry.attempts} ${
            entry.attempts === 1 ? 'attempt' : 'attempts'
          })`
        : entry.status === 'applied'
          ? '— applied by the backend, waiting for the next pull'
          : `— rejected (${entry.rejectionCode ?? 'no code'})`}
      {payloadText(entry) && (
        <>
          {' '}
          <Inert className="muted" value={payloadText(entry)} />
        </>
      )}
      {entry.lastError && (
        <span className="outbox-error">
          {' '}
          Last error: <Inert value={entry.lastError.message} />
        </span>
      )}
    </>
  );
}

function History({ events }: { events: RequestEvent[] }) {
  if (events.length === 0) return <p className="muted">No history synced for this request.</p>;
  return (
    <ol className="history">
      {events.map((e) => (
        <li key={e.id}>
          <time dateTime={e.at}>{localDateTime(e.at)}</time> ·{' '}
          <strong>
            <Inert value={e.kind} />
          </strong>{' '}
          by <Inert value={e.actor} />
          {Object.keys(e.detail).length > 0 && (
            <>
              {' — '}
              <Inert value={detailText(e.detail)} />
            </>
          )}
        </li>
      ))}
    </ol>
  );
}

export function RequestPage({ id }: { id: string }) {
  const detail = useOpenRequest((s) => (s.id === id ? s.detail : null));
  const loading = useOpenRequest((s) => s.loading);
  const error = useOpenRequest((s) => s.error);
  const legal = useLegalSettings();
  const today = orgToday(legal, useNow(60_000));

  useEffect(() => {
    void openRequestStore.getState().open(id);
  }, [id]);
  useEffect(() => () => openRequestStore.getState().close(), []);

  const back = (
    <p>
      <a href={hrefOf('requests')}>← All requests</a>
    </p>
  );

  if (!detail) {
    return (
      <section aria-labelledby="room-title" className="room-body">
        {back}
        <h1 id="room-title" tabIndex={-1}>
          Request <Inert value={id} />
        </h1>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : (
          <p className="muted">{loading ? 'Loading the request…' : ''}</p>
        )}
      </section>
    );
  }

  const { request, mirrored, pending, conflicts, events, subject, subjectMirrored } = detail;
  const queued = queuedOf(pending);
  const changed = (k: 'status' | 'assignee' | 'legalHold' | 'extended') => request[k] !== mirrored[k];
  const was = (k: 'status' | 'assignee' | 'legalHold' | 'extended'): string => {
    const v = mirrored[k];
    if (k === 'status') return requestStatusLabel(String(v)).toLowerCase();
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    return v ?? 'unassigned';
  };
  const pendingNote = (k: 'status' | 'assignee' | 'legalHold' | 'extended') =>
    changed(k) ? (
      <span className="muted">
        {' '}
        (pending; was <Inert value={was(k)} />)
      </span>
    ) : null;

  return (
    <section aria-labelledby="room-title" className="room-body">
      {back}
      <div className="room-head">
        <h1 id="room-title" tabIndex={-1}>
          {requestTypeLabel(request.type)} request <Inert className="request-id" value={request.id} />
        </h1>
        <div>
          <RowMarkers row={{ request, pending, conflictCount: conflicts.length }} />
          {subject?.restricted && <RestrictedBadge restriction={subject.restriction} />}
        </div>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="request-layout">
        <div>
          <dl className="details" aria-label="Request summary">
            <dt>Status</dt>
            <dd>
              {requestStatusLabel(request.status)}
              {pendingNote('status')}
            </dd>
            <dt>Jurisdiction</dt>
            <dd>{jurisdictionLabel(request.jurisdiction)}</dd>
            <dt>Received</dt>
            <dd>
              {request.receivedOn} via {request.channel.replace('_', ' ')}
              {request.viaAgent ? ' (authorized agent)' : ''}
            </dd>
            <dt>Assignee</dt>
            <dd>
              <Inert value={request.assignee ?? '—'} />
              {pendingNote('assignee')}
            </dd>
            <dt>Extended</dt>
            <dd>
              {request.extended ? 'Yes' : 'No'}
              {pendingNote('extended')}
            </dd>
            <dt>Legal hold</dt>
            <dd>
              {request.legalHold ? 'On legal hold' : 'No'}
              {pendingNote('legalHold')}
            </dd>
            <dt>Subject</dt>
            <dd>
              {request.subjectId ? (
                <a href={subjectHref(request.subjectId)}>
                  <Inert value={subject?.username ?? request.subjectId} />
                </a>
              ) : (
                'Not identified'
              )}
            </dd>
            <dt>Summary</dt>
            <dd>
              <Inert value={request.summary} />
            </dd>
            <dt>Version</dt>
            <dd>{mirrored.version}</dd>
          </dl>

          <h2 id="pending-title">Pending actions</h2>
          {pending.length === 0 ? (
            <p className="muted">Nothing waiting for this request.</p>
          ) : (
            <ul aria-labelledby="pending-title" className="history">
              {pending.map((entry) => (
                <li key={entry.action.id} className={entry.status === 'pending' ? 'pending' : undefined}>
                  <PendingEntryText entry={entry} />
                </li>
              ))}
            </ul>
          )}
          {queued.length > 0 && (
            <p className="muted small">Shown over the synced data until the backend confirms.</p>
          )}

          {conflicts.length > 0 && (
            <>
              <h2>Conflicts</h2>
              {conflicts.map((c) => (
                <ConflictCard key={c.id} conflict={c} showOpen={false} />
              ))}
            </>
          )}

          <h2>History</h2>
          <History events={events} />
        </div>
        <div>
          <ClocksPanel
            rc={requestClocks(request, today, legal.ready ? legal.memberState : null)}
            memberState={legal.memberState}
            request={request}
            jurisdictionName={jurisdictionLabel(request.jurisdiction)}
          />
          <SubjectPanel subject={subject} mirrored={subjectMirrored} />
          <VerificationPanel request={request} />
          <CarryOutPanel
            request={request}
            subject={subject}
            corrected={verifiedCorrections(events.filter((e) => e.kind === 'verified'))}
          />
          {subject &&
            EXPORTABLE_TYPES.includes(request.type) &&
            EXPORTABLE_STATUSES.includes(request.status) && (
              <BundleExportPanel
                subjectId={subject.id}
                requestId={request.id}
                restricted={subject.restricted}
              />
            )}
          <ErasurePanel request={request} subject={subject} events={events} pending={pending} />
          <RequestActions request={request} />
          <RecordPanel request={request} mirrored={mirrored} />
        </div>
      </div>
    </section>
  );
}
