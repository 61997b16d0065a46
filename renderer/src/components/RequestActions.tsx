// The actions an admin can take on a request. Each one is queued through the request store
// (`actions:submit`): the core writes it to the outbox and the page shows it as pending at
// once, online or offline. What the signed-in role cannot do is hidden or disabled here, but
// the core and the backend check again — this is convenience, not security.
import { useId, useState, type FormEvent } from 'react';
import {
  ACKNOWLEDGE_CHANNELS,
  type ActionIntentInput,
  type ActionKind,
} from '../../../shared/action-schemas';
import { roleMayDo } from '../../../shared/roles';
import { isDecided } from '../../../shared/action-rules';
import { EXEMPTION_CODES, type PrivacyRequest, type Role } from '../../../shared/domain';
import { exemptionsFor } from '../../../shared/exemptions';
import { openRequestStore, useOrgSettings, useOpenRequest, useSession } from '../stores';
import { exemptionLabel, requestStatusLabel } from '../format';
import { orgToday, useLegalSettings } from '../legal-settings';
import { ErrorAlert } from './ErrorAlert';

type FormKind = 'deny' | 'extend' | 'hold' | 'acknowledge' | null;

export function RequestActions({ request }: { request: PrivacyRequest }) {
  const role = useSession((s) => s.session?.role ?? null);
  const adminName = useSession((s) => s.session?.adminName ?? null);
  const submitting = useOpenRequest((s) => s.submitting);
  const submitError = useOpenRequest((s) => s.submitError);
  const lastQueued = useOpenRequest((s) => s.lastQueued);
  const [form, setForm] = useState<FormKind>(null);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [exemption, setExemption] = useState('');
  const [remedy, setRemedy] = useState('');
  const [ackChannel, setAckChannel] = useState<(typeof ACKNOWLEDGE_CHANNELS)[number]>('email');
  const [ackOn, setAckOn] = useState('');
  const legal = useLegalSettings();
  // The complaint information the organisation gives (its disclosures), offered for Art. 12(4).
  const complaint = useOrgSettings((s) => s.view?.record.settings.disclosures.complaint) ?? '';
  const gdpr = request.jurisdiction === 'gdpr';
  const ids = useId();

  const may = (kind: ActionKind) => role !== null && roleMayDo(role as Role, kind);
  const decided = isDecided(request.status);
  const hold = request.legalHold;

  const submit = async (intent: ActionIntentInput) => {
    const ok = await openRequestStore.getState().submit(intent);
    if (ok) {
      setForm(null);
      setReason('');
      setExemption('');
    }
    return ok;
  };

  const addNote = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const text = note.trim();
    if (!text) return;
    if (await submit({ kind: 'request.note', requestId: request.id, payload: { text } })) setNote('');
  };

  const confirmForm = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const why = reason.trim();
    if (!why) return;
    if (form === 'deny') {
      if (!exemption) return;
      await submit({
        kind: 'request.deny',
        requestId: request.id,
        payload: {
          reason: why,
          exemption: exemption as (typeof EXEMPTION_CODES)[number],
          ...(remedy.trim() ? { remedyInfo: remedy.trim() } : {}),
        },
      });
    } else if (form === 'extend') {
      await submit({ kind: 'request.extend', requestId: request.id, payload: { reason: why } });
    } else if (form === 'hold') {
      await submit({ kind: 'request.hold', requestId: request.id, payload: { reason: why } });
    }
  };

  const openForm = (kind: FormKind) => {
    openRequestStore.getState().clearSubmitError();
    setReason('');
    setExemption('');
    setRemedy(gdpr ? complaint : '');
    setAckOn(orgToday(legal, new Date()));
    setForm(kind);
  };

  const acknowledge = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    await submit({
      kind: 'request.acknowledge',
      requestId: request.id,
      payload: { channel: ackChannel, on: ackOn },
    });
  };

  if (role === 'viewer' || role === null) {
    return (
      <section className="panel" aria-labelledby={`${ids}-title`}>
        <h2 id={`${ids}-title`}>Actions</h2>
        <p className="muted">Your role ({role ?? 'unknown'}) can view requests but not act on them.</p>
      </section>
    );
  }

  const reasonMissing = reason.trim() === '';
  const remedyMissing = form === 'deny' && gdpr && remedy.trim() === '';
  const formTitle =
    form === 'deny' ? 'Deny the request' : form === 'extend' ? 'Extend the deadline' : 'Place on legal hold';
  const confirmLabel =
    form === 'deny' ? 'Confirm denial' : form === 'extend' ? 'Confirm extension' : 'Confirm legal hold';

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Actions</h2>
      {decided && (
        <p className="muted">
          This request is decided — {requestStatusLabel(request.status).toLowerCase()} — and cannot be decided
          again.
        </p>
      )}
      {hold && <p className="muted">On legal hold: decisions are blocked until the hold is released.</p>}

      <div className="action-row">
        {may('request.approve') && (
          <button
            type="button"
            className="primary"
            disabled={submitting || decided || hold}
            onClick={() =>
              void submit({ kind: 'request.approve', requestId: request.id, payload: { partial: false } })
            }
          >
            Approve
          </button>
        )}
        {may('request.deny') && (
          <button
            type="button"
            disabled={submitting || decided || hold}
            aria-expanded={form === 'deny'}
            onClick={() => openForm(form === 'deny' ? null : 'deny')}
          >
            Deny
          </button>
        )}
        {may('request.extend') && (
          <button
            type="button"
            disabled={submitting || decided || request.extended}
            aria-expanded={form === 'extend'}
            onClick={() => openForm(form === 'extend' ? null : 'extend')}
          >
            Extend
          </button>
        )}
        {may('request.acknowledge') && request.acknowledgedOn === null && (
          <button
            type="button"
            disabled={submitting}
            aria-expanded={form === 'acknowledge'}
            onClick={() => openForm(form === 'acknowledge' ? null : 'acknowledge')}
          >
            Record acknowledgement
          </button>
        )}
        {!hold && may('request.hold') && (
          <button
            type="button"
            disabled={submitting}
            aria-expanded={form === 'hold'}
            onClick={() => openForm(form === 'hold' ? null : 'hold')}
          >
            Place on legal hold
          </button>
        )}
        {hold && may('request.release') && (
          <button
            type="button"
            disabled={submitting}
            onClick={() => void submit({ kind: 'request.release', requestId: request.id, payload: {} })}
          >
            Release hold
          </button>
        )}
        {may('request.assign') && adminName && request.assignee !== adminName && (
          <button
            type="button"
            disabled={submitting}
            onClick={() =>
              void submit({ kind: 'request.assign', requestId: request.id, payload: { assignee: adminName } })
            }
          >
            Assign to me
          </button>
        )}
      </div>

      {form === 'acknowledge' && (
        <form onSubmit={(e) => void acknowledge(e)} aria-label="Record the acknowledgement" noValidate>
          <h3>Record the acknowledgement</h3>
          <p className="notice">
            The receipt confirmation (11 CCR §7021(a)) counts only once it is recorded here.
          </p>
          <div className="field">
            <label htmlFor={`${ids}-ack-on`}>Sent on</label>
            <input
              id={`${ids}-ack-on`}
              type="date"
              required
              value={ackOn}
              onChange={(e) => setAckOn(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-ack-via`}>Sent by</label>
            <select
              id={`${ids}-ack-via`}
              value={ackChannel}
              onChange={(e) => setAckChannel(e.target.value as (typeof ACKNOWLEDGE_CHANNELS)[number])}
            >
              {ACKNOWLEDGE_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {c.replace('_', ' ')}
                </option>
              ))}
            </select>
          </div>
          <div className="action-row">
            <button type="submit" className="primary" disabled={submitting || ackOn === ''}>
              Confirm acknowledgement
            </button>
            <button type="button" onClick={() => setForm(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}

      {form && form !== 'acknowledge' && (
        <form onSubmit={(e) => void confirmForm(e)} aria-label={formTitle} noValidate>
          <h3>{formTitle}</h3>
          {form === 'extend' && (
            <p className="notice">
              The subject must be told about the extension, with its reasons, before the original deadline.
              Record here the reasons given to the person.
            </p>
          )}
          <div className="field">
            <label htmlFor={`${ids}-reason`}>
              {form === 'extend' ? 'Reasons given to the person' : 'Reason'}
            </label>
            <textarea
              id={`${ids}-reason`}
              required
              maxLength={2000}
              aria-invalid={reasonMissing}
              aria-describedby={`${ids}-reason-hint`}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            <span id={`${ids}-reason-hint`} className="muted small">
              Required.
            </span>
          </div>
          {form === 'deny' && (
            <div className="field">
              <label htmlFor={`${ids}-exemption`}>Exemption</label>
              <select
                id={`${ids}-exemption`}
                required
                aria-invalid={exemption === ''}
                value={exemption}
                onChange={(e) => setExemption(e.target.value)}
              >
                <option value="">Choose the exemption cited…</option>
                {/* Only the bases that fit this request's jurisdiction and type (shared/exemptions.ts). */}
                {exemptionsFor(request.jurisdiction, request.type).map((code) => (
                  <option key={code} value={code}>
                    {exemptionLabel(code)}
                  </option>
                ))}
              </select>
            </div>
          )}
          {form === 'deny' && gdpr && (
            <div className="field">
              <label htmlFor={`${ids}-remedy`}>Complaint and remedy information given</label>
              <textarea
                id={`${ids}-remedy`}
                required
                maxLength={2000}
                aria-invalid={remedyMissing}
                value={remedy}
                onChange={(e) => setRemedy(e.target.value)}
              />
              <span className="muted small">
                GDPR Art. 12(4): the right to complain to a supervisory authority and to seek a judicial
                remedy.
              </span>
            </div>
          )}
          <div className="action-row">
            <button
              type="submit"
              className="primary"
              disabled={submitting || reasonMissing || remedyMissing || (form === 'deny' && exemption === '')}
            >
              {confirmLabel}
            </button>
            <button type="button" onClick={() => setForm(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}

      {may('request.note') && (
        <form onSubmit={(e) => void addNote(e)} aria-label="Add a note" noValidate>
          <div className="field">
            <label htmlFor={`${ids}-note`}>Note</label>
            <textarea
              id={`${ids}-note`}
              maxLength={4000}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
          <button type="submit" disabled={submitting || note.trim() === ''}>
            Add note
          </button>
        </form>
      )}

      <ErrorAlert message={submitError} />
      <p className="muted small" aria-live="polite">
        {lastQueued && lastQueued.action.requestId === request.id
          ? 'Queued. It is pushed to the backend as soon as it can be reached.'
          : ''}
      </p>
    </section>
  );
}
