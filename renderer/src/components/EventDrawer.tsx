// One access event in full: every field, its triage flags with their explanations, and the way
// to the person's timeline. A non-modal dialog beside the table; Escape or Close dismisses it.
import { useEffect, useRef } from 'react';
import { eventDrawerStore, useEventDrawer } from '../stores';
import { subjectHref } from '../router';
import { localDateTime } from '../format';
import { Text, Inert } from './Text';
import { RestrictedBadge } from './RestrictedBadge';
import { FLAG_EXPLANATIONS, FLAG_LABELS } from '../logs/flag-text';
import { ErrorAlert } from './ErrorAlert';

export function EventDrawer() {
  const event = useEventDrawer((s) => s.event);
  const loading = useEventDrawer((s) => s.loading);
  const error = useEventDrawer((s) => s.error);
  const subject = useEventDrawer((s) => s.subject);
  const heading = useRef<HTMLHeadingElement>(null);
  const returnTo = useRef<Element | null>(null);
  const openId = event?.id ?? null;

  useEffect(() => {
    if (!openId) return;
    returnTo.current ??= document.activeElement;
    heading.current?.focus();
  }, [openId]);

  useEffect(() => {
    if (!openId) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openId]);

  if (!event) return null;

  function close() {
    eventDrawerStore.getState().close();
    const back = returnTo.current;
    returnTo.current = null;
    if (back instanceof HTMLElement && back.isConnected) back.focus();
  }

  return (
    <aside
      role="dialog"
      aria-modal="false"
      aria-labelledby="event-drawer-title"
      className="drawer"
      aria-busy={loading}
    >
      <div className="drawer-head">
        <h2 id="event-drawer-title" tabIndex={-1} ref={heading}>
          Event details
        </h2>
        <button type="button" onClick={close} aria-label="Close event details">
          Close
        </button>
      </div>
      <ErrorAlert message={error} />
      <dl className="details drawer-fields">
        <dt>Time</dt>
        <dd>
          <time dateTime={event.time}>{localDateTime(event.time)}</time>{' '}
          <span className="muted small">({event.time})</span>
        </dd>
        <dt>Decision</dt>
        <dd>
          <span className={`badge badge-${event.decision}`}>{event.decision}</span>
        </dd>
        <dt>Reason</dt>
        <dd>
          <Text value={event.reason} className="wrap-text" />
        </dd>
        <dt>User</dt>
        <dd>
          <Text value={event.username} className="wrap-text" />
          {subject?.id === event.subjectId && subject.restricted && (
            <RestrictedBadge restriction={subject.restriction} />
          )}
        </dd>
        <dt>Subject ID</dt>
        <dd>
          <Text value={event.subjectId} className="wrap-text" />
        </dd>
        <dt>IP</dt>
        <dd>
          <Text value={event.ip} className="wrap-text" />
        </dd>
        <dt>Device</dt>
        <dd>
          <Text value={event.deviceName} className="wrap-text" />
        </dd>
        <dt>Device ID</dt>
        <dd>
          <Text value={event.deviceId} className="wrap-text" />
        </dd>
        <dt>OS</dt>
        <dd>
          <Text value={event.osVersion} className="wrap-text" />
        </dd>
        <dt>App</dt>
        <dd>
          <Text value={event.app} className="wrap-text" />
        </dd>
        <dt>Event ID</dt>
        <dd>
          <Text value={event.id} className="wrap-text" />
        </dd>
      </dl>
      <h3>Flags</h3>
      {event.flags.length === 0 ? (
        <p className="muted">No triage flags on this event.</p>
      ) : (
        <ul className="flag-explanations" aria-label="Flags">
          {event.flags.map((f) => (
            <li key={f.kind}>
              <span className={`flag flag-${f.kind.replace(/[^a-z0-9_-]/gi, '')}`}>
                {FLAG_LABELS[f.kind]}
              </span>{' '}
              <span>{FLAG_EXPLANATIONS[f.kind]}</span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={subjectHref(event.subjectId)}>
          Open the timeline of <Inert value={event.username} />
        </a>
      </p>
    </aside>
  );
}
