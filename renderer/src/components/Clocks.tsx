// The legal clocks of a request (shared/clocks via shared/casework): the queue's deadline cells
// and the request page's "Legal clocks" panel.
import { useId } from 'react';
import { DEADLINE_KIND_LABELS, type RequestClocks, type Urgency } from '../../../shared/casework';

export function UrgencyMarker({ urgency }: { urgency: Urgency }) {
  if (urgency === null) return null;
  return (
    <span className={`badge ${urgency === 'overdue' ? 'badge-overdue' : 'badge-due-soon'}`}>
      {urgency === 'overdue' ? 'Overdue' : 'Due soon'}
    </span>
  );
}

function DateOr({ date, none }: { date: string | null; none: string }) {
  return date ? <time dateTime={date}>{date}</time> : <>{none}</>;
}

export function daysLeftText(days: number): string {
  if (days < 0) return `${-days} ${days === -1 ? 'day' : 'days'} overdue`;
  if (days === 0) return 'Due today';
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}

export function ClocksPanel({ rc, jurisdictionName }: { rc: RequestClocks; jurisdictionName: string }) {
  const ids = useId();
  const { clocks, next, urgency } = rc;
  const inForce = clocks.extended ? 'Extended respond by' : 'Respond by';
  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Legal clocks</h2>
      <dl className="details" aria-label="Legal clocks">
        <dt>Acknowledge by{clocks.acknowledgeBy ? ' (CCPA)' : ''}</dt>
        <dd>
          {clocks.acknowledgeBy ? (
            <time dateTime={clocks.acknowledgeBy}>{clocks.acknowledgeBy}</time>
          ) : (
            'Not required'
          )}
        </dd>
        <dt>Respond by</dt>
        <dd>
          <time dateTime={clocks.respondBy}>{clocks.respondBy}</time>
        </dd>
        <dt>Extension notice by</dt>
        <dd>
          <DateOr date={clocks.extensionNoticeBy} none="No extension possible" />
        </dd>
        <dt>Extended respond by</dt>
        <dd>
          <DateOr date={clocks.extendedRespondBy} none="No extension possible" />
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
          ) : (
            'None open (decided)'
          )}
        </dd>
      </dl>
    </section>
  );
}
