// Erasure carried out (issue 11): *Execute erasure* on an approved erasure request — a
// confirmation names the subject and lists what happens to each dataset under the organisation's
// policy — then the receipt, the deletion certificate (printable) and the Art. 19 recipients,
// each with a *Notified* action recorded as a request note.
import { Inert } from './Text';
import { useEffect, useState } from 'react';
import { roleMayDo } from '../../../shared/roles';
import {
  certificateModel,
  notifiedNote,
  notifiedOf,
  type CertificateModel,
} from '../../../shared/certificate';
import type { OutboxEntry, RequestSubject } from '../../../shared/contract-requests';
import type { PrivacyRequest, RequestEvent, Role } from '../../../shared/domain';
import { receiptOf, type ErasureReceipt } from '../../../shared/erasure';
import { ERASURE_DATASETS, type ErasureDisposition } from '../../../shared/org-settings';
import { orgSettingsStore, openRequestStore, useOrgSettings, useOpenRequest, useSession } from '../stores';

const DATASET_LABEL: Record<string, string> = {
  profile: 'Profile',
  devices: 'Devices',
  access_events: 'Access events',
  request_history: 'Request history',
};

const planText = (d: ErasureDisposition) =>
  d.action === 'delete'
    ? 'deleted'
    : d.action === 'anonymise'
      ? 'anonymised (identifiers replaced by a random token, IP addresses truncated)'
      : `retained under ${d.citation} until ${d.keepUntil}`;

export function ErasurePanel({
  request,
  subject,
  events,
  pending,
}: {
  request: PrivacyRequest;
  subject: RequestSubject | null;
  events: readonly RequestEvent[];
  pending: readonly OutboxEntry[];
}) {
  const role = useSession((s) => s.session?.role ?? null) as Role | null;
  const orgName = useSession((s) => s.session?.orgName ?? null);
  const view = useOrgSettings((s) => s.view);
  const submitting = useOpenRequest((s) => s.submitting);
  const [confirming, setConfirming] = useState(false);
  const [showCertificate, setShowCertificate] = useState(false);
  useEffect(() => orgSettingsStore.getState().start(), []);
  if (request.type !== 'erasure') return null;

  const receipt =
    events.map((e) => (e.kind === 'erased' ? receiptOf(e.detail) : null)).find((r) => r) ?? null;
  const queued = pending.some((p) => p.action.kind === 'erasure.execute' && p.status === 'pending');
  const may = role !== null && roleMayDo(role, 'erasure.execute');
  const policy = (view?.pending ?? view?.record.settings)?.erasurePolicy ?? null;

  return (
    <section className="panel" aria-labelledby="erasure-title">
      <h2 id="erasure-title">Erasure</h2>
      {receipt ? (
        <Receipt
          receipt={receipt}
          request={request}
          events={events}
          orgName={orgName}
          showCertificate={showCertificate}
          onToggleCertificate={() => setShowCertificate((v) => !v)}
          mayNote={role !== null && roleMayDo(role, 'request.note')}
        />
      ) : queued ? (
        <p role="status">Erasure queued: it is carried out when this console syncs.</p>
      ) : request.status !== 'approved' && request.status !== 'partially_approved' ? (
        <p className="muted">An erasure is carried out once the request is approved.</p>
      ) : !may ? (
        <p className="muted">Your role ({role ?? 'unknown'}) cannot execute an erasure.</p>
      ) : request.legalHold ? (
        <p className="muted">The request is on legal hold: release it before erasing.</p>
      ) : subject?.restricted ? (
        <p className="muted">The subject is under restriction of processing (GDPR Art. 18): lift it first.</p>
      ) : !confirming ? (
        <button type="button" onClick={() => setConfirming(true)}>
          Execute erasure
        </button>
      ) : (
        <div role="dialog" aria-labelledby="erasure-confirm-title">
          <h3 id="erasure-confirm-title">
            Erase subject <Inert value={subject?.displayName || request.subjectId} />?
          </h3>
          <p>
            Subject id <code>{request.subjectId}</code>. Under the organisation&apos;s policy:
          </p>
          <ul aria-label="What happens to each dataset">
            {policy &&
              ERASURE_DATASETS.map((d) => (
                <li key={d}>
                  {DATASET_LABEL[d]}: {planText(policy[d])}
                </li>
              ))}
          </ul>
          <p className="muted small">The request record itself is kept for 24 months (11 CCR §7101).</p>
          <button
            type="button"
            disabled={submitting}
            onClick={() =>
              void openRequestStore
                .getState()
                .submit({ kind: 'erasure.execute', requestId: request.id, payload: {} })
                .then(() => setConfirming(false))
            }
          >
            Confirm erasure
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}

/** What happened to each dataset (the receipt, and again on the certificate). */
function OutcomeTable({ label, outcomes }: { label: string; outcomes: CertificateModel['outcomes'] }) {
  return (
    <table aria-label={label}>
      <thead>
        <tr>
          <th>Dataset</th>
          <th>Outcome</th>
          <th>Exemption</th>
        </tr>
      </thead>
      <tbody>
        {outcomes.map(([dataset, outcome, citation]) => (
          <tr key={dataset}>
            <td>{dataset}</td>
            <td>{outcome}</td>
            <td>{citation}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Receipt({
  receipt,
  request,
  events,
  orgName,
  showCertificate,
  onToggleCertificate,
  mayNote,
}: {
  receipt: ErasureReceipt;
  request: PrivacyRequest;
  events: readonly RequestEvent[];
  orgName: string | null;
  showCertificate: boolean;
  onToggleCertificate: () => void;
  mayNote: boolean;
}) {
  const view = useOrgSettings((s) => s.view);
  const recipients = view?.record.settings.recipients ?? [];
  const notified = notifiedOf(events);
  const m = certificateModel({ receipt, request, orgName, recipients, notified });
  return (
    <>
      <p role="status">
        Erasure carried out on <time dateTime={receipt.carriedOutAt}>{receipt.carriedOutAt}</time> by{' '}
        <Inert value={receipt.carriedOutBy} />.
      </p>
      <OutcomeTable label="Erasure receipt" outcomes={m.outcomes} />
      <p className="small">
        Receipt SHA-256 <code>{receipt.sha256}</code>
      </p>
      <button type="button" onClick={onToggleCertificate} aria-expanded={showCertificate}>
        {showCertificate ? 'Hide certificate' : 'Show certificate'}
      </button>
      {showCertificate && (
        <div className="certificate-overlay">
          <article aria-label="Deletion certificate" className="certificate">
            <h3>{m.title}</h3>
            <table aria-label="Erasure facts">
              <tbody>
                {m.facts.map(([label, value]) => (
                  <tr key={label}>
                    <th scope="row">{label}</th>
                    <td>
                      <Inert value={String(value)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h4>Outcome per dataset</h4>
            <OutcomeTable label="Outcome per dataset" outcomes={m.outcomes} />
            <h4>Recipients to notify (GDPR Art. 19)</h4>
            {recipients.length === 0 ? (
              <p className="muted">No recipients are configured (an owner adds them in Settings).</p>
            ) : (
              <ul>
                {recipients.map((r) => (
                  <li key={r.id}>
                    <Inert value={r.name} /> ({r.contact || 'no contact'}):{' '}
                    {notified[r.id] ? (
                      `notified ${notified[r.id]}`
                    ) : mayNote ? (
                      <button
                        type="button"
                        onClick={() =>
                          void openRequestStore.getState().submit({
                            kind: 'request.note',
                            requestId: request.id,
                            payload: { text: notifiedNote(r) },
                          })
                        }
                      >
                        Notified {r.name}
                      </button>
                    ) : (
                      'not yet notified'
                    )}
                  </li>
                ))}
              </ul>
            )}
            <p className="small">{m.statement}</p>
            <p className="small">
              Receipt SHA-256 <code>{m.sha256}</code>
            </p>
            <button type="button" onClick={() => window.print()}>
              Print certificate
            </button>{' '}
            <button type="button" onClick={onToggleCertificate}>
              Close certificate
            </button>
          </article>
        </div>
      )}
    </>
  );
}
