// One rejected action in the Conflicts inbox: the backend's code (verbatim, with a plain-words
// explanation when the console knows it), the winning state, who decided and when, and what
// the admin can do next.
import type { Conflict } from '../../../shared/contract-requests';
import { hrefOf } from '../router';
import { outboxStore, openRequestStore, useOutbox } from '../stores';
import { actionKindLabel, localDateTime, rejectionExplanation, requestStatusLabel } from '../format';
import { Inert } from './Text';

export function ConflictCard({ conflict, showOpen = true }: { conflict: Conflict; showOpen?: boolean }) {
  const dismissing = useOutbox((s) => s.dismissing.includes(conflict.id));
  const explanation = rejectionExplanation(conflict.code);
  const current = conflict.current;
  const titleId = `conflict-${conflict.id}`;
  return (
    <article className="panel conflict-card" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {actionKindLabel(conflict.action.kind)} rejected: <code>{conflict.code}</code>
      </h3>
      <dl className="details">
        <dt>Request</dt>
        <dd>
          <Inert value={conflict.action.requestId} />
        </dd>
        <dt>Why</dt>
        <dd>
          {explanation ?? 'Code not known to this console (shown as the backend sent it).'}
          {conflict.message && (
            <>
              {' — '}
              <Inert value={conflict.message} />
            </>
          )}
        </dd>
        {current && (
          <>
            <dt>Winning state</dt>
            <dd>
              {requestStatusLabel(current.status)}
              {current.legalHold ? ' · on legal hold' : ''}
            </dd>
          </>
        )}
        {(conflict.decidedBy || conflict.decidedAt) && (
          <>
            <dt>Decided by</dt>
            <dd>
              <Inert value={conflict.decidedBy ?? 'unknown admin'} />
              {conflict.decidedAt && (
                <>
                  {' at '}
                  <time dateTime={conflict.decidedAt}>{localDateTime(conflict.decidedAt)}</time>
                </>
              )}
            </dd>
          </>
        )}
        <dt>Your action</dt>
        <dd>
          queued <time dateTime={conflict.action.createdAt}>{localDateTime(conflict.action.createdAt)}</time>,
          rejected <time dateTime={conflict.rejectedAt}>{localDateTime(conflict.rejectedAt)}</time>
        </dd>
        <dt>What next</dt>
        <dd>
          {conflict.canRedecide
            ? 'The request can still be acted on: open it to decide again.'
            : 'Nothing more to do here: dismiss it once read.'}
        </dd>
      </dl>
      <div className="action-row">
        {showOpen && (
          <a href={hrefOf('requests', conflict.action.requestId)} className="button-link">
            {conflict.canRedecide ? 'Open request to re-decide' : 'Open request'}
          </a>
        )}
        <button
          type="button"
          disabled={dismissing}
          onClick={() =>
            void outboxStore
              .getState()
              .dismiss(conflict.id)
              .then(() => openRequestStore.getState().refresh())
          }
        >
          Dismiss
        </button>
      </div>
    </article>
  );
}
