// The legal clocks of a request (shared/clocks via shared/casework): the queue's deadline cells
// and the request page's "Legal clocks" panel. Every deadline carries one line saying how it was
// computed, linking to the rule's section of docs/legal-rules.md in the Legal rules room.
import { useId } from 'react';
import { DEADLINE_KIND_LABELS, type RequestClocks, type Urgency } from '../../../shared/casework';
import { explainClock, type ClockField } from '../../../shared/clocks/explain';
import type { Jurisdiction, RequestType } from '../../../shared/domain';
import { ruleHref } from '../legal-rules-doc';

export function UrgencyMarker({ urgency }: { urgency: Urgency }) {
  if (urgency === null) return null;
  return (
    <span className={`badge ${urgency === 'overdue' ? 'badge-overdue' : 'badge-due-soon'}`}>
      {urgency === 'overdue' ? 'Overdue' : 'Due soon'}
    </span>
  );
}

export function daysLeftText(days: number): string {
  if (days < 0) return `${-days} ${days === -1 ? 'day' : 'days'} overdue`;
  if (days === 0) return 'Due today';
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}

function DateOr({ date, none }: { date: string | null; none: string }) {
  return date ? <time dateTime={date}>{date}</time> : <>{none}</>;
}

export interface ClockRequest {
  jurisdiction: Jurisdiction;
  type: RequestType;
  acknowledgedOn?: string | null;
  acknowledgedVia?: string | null;
  respondedOn?: string | null;
  refusedLate?: boolean;
}

/** "How this date was computed": one line and a link to the rule. */
function HowComputed({
  field,
  request,
  memberState,
}: {
  field: ClockField;
  request: ClockRequest;
  memberState: string | null;
}) {
  const e = explainClock(field, { ...request, memberState });
  if (!e) return null;
  return (
    <span className="muted small how-computed">
      {' '}
      {e.text} <a href={ruleHref(e.anchor)}>How this date was computed</a>
    </span>
  );
}

/** The field behind a next deadline, for its explanation. */
export function fieldOfNext(rc: RequestClocks): ClockField | null {
  if (!rc.next) return null;
  if (rc.next.kind === 'acknowledge') return 'acknowledgeBy';
  if (rc.next.kind === 'extension_notice') return 'extensionNoticeBy';
  return rc.clocks.extended ? 'extendedRespondBy' : 'respondBy';
}

/** A compact "how computed" link for table cells: the line is its accessible name and tooltip. */
export function HowComputedLink({
  field,
  request,
  memberState,
}: {
  field: ClockField | null;
  request: ClockRequest;
  memberState: string | null;
}) {
  const e = field ? explainClock(field, { ...request, memberState }) : null;
  if (!e) return null;
  return (
    <a
      className="how-computed small"
      href={ruleHref(e.anchor)}
      title={e.text}
      aria-label={`How this date was computed: ${e.text}`}
    >
      {' '}
      (how?)
    </a>
  );
}

export function ClocksPanel({
  rc,
  jurisdictionName,
  request,
  memberState = null,
}: {
  rc: RequestClocks;
  jurisdictionName: string;
  request: ClockRequest;
  memberState?: string | null;
}) {
  const ids = useId();
  const { clocks, next, urgency } = rc;
  const inForce = clocks.extended ? 'Extended respond by' : 'Respond by';
  const how = (field: ClockField) => (
    <HowComputed field={field} request={request} memberState={memberState} />
  );
  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Legal clocks</h2>
      <dl className="details" aria-label="Legal clocks">
        <dt>Acknowledge by{clocks.acknowledgeBy ? ' (CCPA)' : ''}</dt>
        <dd>
          {clocks.acknowledgeBy ? (
            <>
              <time dateTime={clocks.acknowledgeBy}>{clocks.acknowledgeBy}</time>
              {request.acknowledgedOn ? (
                <>
                  {' '}
                  — confirmed on <time dateTime={request.acknowledgedOn}>{request.acknowledgedOn}</time>
                  {request.acknowledgedVia ? ` (${request.acknowledgedVia.replace('_', ' ')})` : ''}
                </>
              ) : (
                ' — not recorded yet'
              )}
              {how('acknowledgeBy')}
            </>
          ) : (
            'Not required'
          )}
        </dd>
        <dt>Respond by</dt>
        <dd>
          <time dateTime={clocks.respondBy}>{clocks.respondBy}</time>
          {how('respondBy')}
        </dd>
        {clocks.refuseBy && (
          <>
            <dt>Refuse by</dt>
            <dd>
              <time dateTime={clocks.refuseBy}>{clocks.refuseBy}</time>
              {request.refusedLate ? ' — refused late' : ''}
              {how('refuseBy')}
            </dd>
          </>
        )}
        <dt>Extension notice by</dt>
        <dd>
          <DateOr date={clocks.extensionNoticeBy} none="No extension possible" />
          {clocks.extensionNoticeBy && how('extensionNoticeBy')}
        </dd>
        <dt>Extended respond by</dt>
        <dd>
          <DateOr date={clocks.extendedRespondBy} none="No extension possible" />
          {clocks.extendedRespondBy && how('extendedRespondBy')}
        </dd>
        <dt>In force</dt>
        <dd>
          {inForce}: <time dateTime={clocks.dueBy}>{clocks.dueBy}</time> ({jurisdictionName}
          {clocks.extended ? ', extended' : ''})
        </dd>
        <dt>Next deadline</dt>
        <dd>
          {next ? (
            <>
              {DEADLINE_KIND_LABELS[next.kind]} by <time dateTime={next.date}>{next.date}</time> —{' '}
              {daysLeftText(next.daysLeft)} <UrgencyMarker urgency={urgency} />
            </>
          ) : request.respondedOn ? (
            <>
              None open (done on <time dateTime={request.respondedOn}>{request.respondedOn}</time>)
            </>
          ) : (
            'None open (done)'
          )}
        </dd>
      </dl>
    </section>
  );
}
