// The request's subject on the request page: who it is (linked to the timeline), the fields a
// rectification corrects — with pending corrections shown over the synced values — and the
// restriction of processing, if any.
import type { RequestSubject } from '../../../shared/contract-requests';
import { RECTIFIABLE_FIELDS, RECTIFIABLE_FIELD_LABELS } from '../../../shared/rectification';
import { subjectHref } from '../router';
import { localDateTime } from '../format';
import { RestrictedBadge } from './RestrictedBadge';
import { Inert } from './Text';

export function SubjectPanel({
  subject,
  mirrored,
}: {
  subject: RequestSubject | null;
  mirrored: RequestSubject | null;
}) {
  if (!subject || !mirrored) {
    return (
      <section className="panel" aria-labelledby="subject-title">
        <h2 id="subject-title">Subject</h2>
        <p className="muted">Not linked to a subject in the cache.</p>
      </section>
    );
  }
  const restrictionPending = subject.restricted !== mirrored.restricted;
  return (
    <section className="panel" aria-labelledby="subject-title">
      <h2 id="subject-title">Subject</h2>
      <p>
        <a href={subjectHref(subject.id)}>
          <Inert value={subject.username} />
        </a>
        {subject.restricted && (
          <RestrictedBadge restriction={subject.restriction} pending={restrictionPending} />
        )}
        {!subject.restricted && restrictionPending && (
          <span className="badge badge-pending">Restriction lifted (pending)</span>
        )}
      </p>
      {subject.restricted && subject.restriction && (
        <p className="muted small">
          Restricted since{' '}
          <time dateTime={subject.restriction.since}>{localDateTime(subject.restriction.since)}</time> by{' '}
          <Inert value={subject.restriction.by} />. Erasure and export delivery are refused until it is
          lifted.
        </p>
      )}
      <dl className="details" aria-label="Subject details">
        {RECTIFIABLE_FIELDS.map((f) => {
          const now = subject[f];
          const was = mirrored[f];
          return (
            <div key={f} className="details-row">
              <dt>{RECTIFIABLE_FIELD_LABELS[f]}</dt>
              <dd>
                <Inert value={now ?? '—'} />
                {now !== was && (
                  <span className="muted">
                    {' '}
                    (pending correction; was <Inert value={was ?? '—'} />)
                  </span>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
