// The record kept 24 months for every answered request (11 CCR §7101): date received, nature,
// channel, response date, response and denial basis — no personal data beyond these.
import type { PrivacyRequest } from '../../../shared/domain';
import { exemptionLabel, requestTypeLabel } from '../format';

const RESPONSE_LABELS: Record<string, string> = {
  approved: 'Approved',
  partial: 'Partially approved',
  denied: 'Denied',
  duplicate: 'Closed as duplicate',
};

export function RecordPanel({ request, mirrored }: { request: PrivacyRequest; mirrored: PrivacyRequest }) {
  const pending = request.response !== mirrored.response;
  return (
    <section className="panel" aria-labelledby="record-title">
      <h2 id="record-title">Record</h2>
      <p className="muted small">Kept 24 months after the response (11 CCR §7101), then purged.</p>
      <dl className="details record-list" aria-label="Request record">
        <dt>Date received</dt>
        <dd>
          <time dateTime={request.receivedOn}>{request.receivedOn}</time>
        </dd>
        <dt>Nature</dt>
        <dd>{requestTypeLabel(request.type)}</dd>
        <dt>Channel</dt>
        <dd>{request.channel.replace('_', ' ')}</dd>
        <dt>Response date</dt>
        <dd>
          {mirrored.respondedOn ? (
            <time dateTime={mirrored.respondedOn}>{mirrored.respondedOn}</time>
          ) : pending ? (
            'Set when the backend applies the decision'
          ) : (
            '—'
          )}
        </dd>
        <dt>Response</dt>
        <dd>
          {request.response ? RESPONSE_LABELS[request.response] : '—'}
          {pending && <span className="muted"> (pending)</span>}
        </dd>
        <dt>Denial basis</dt>
        <dd>{request.denialBasis ? exemptionLabel(request.denialBasis) : '—'}</dd>
      </dl>
    </section>
  );
}
