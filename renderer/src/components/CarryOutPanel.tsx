// Carrying out an approved rectification or restriction request (issue 5): the corrected values
// (only the fields that change are sent; the history records which fields, not the values), or
// placing / lifting the restriction of processing (GDPR Art. 18). Queued through the outbox like
// every action; the core and the backend check the preconditions again.
import { useId, useState, type FormEvent } from 'react';
import { roleMayDo } from '../../../shared/roles';
import type { RequestSubject } from '../../../shared/contract-requests';
import type { PrivacyRequest, Role } from '../../../shared/domain';
import {
  RECTIFIABLE_FIELDS,
  RECTIFIABLE_FIELD_LABELS,
  RectificationChanges,
  type RectifiableField,
} from '../../../shared/rectification';
import { openRequestStore, useOpenRequest, useSession } from '../stores';

const READY: readonly string[] = ['approved', 'partially_approved'];

export function CarryOutPanel({
  request,
  subject,
  corrected = null,
}: {
  request: PrivacyRequest;
  subject: RequestSubject | null;
  /** The fields the synced verification named as corrected (null: not known here). */
  corrected?: readonly RectifiableField[] | null;
}) {
  const role = useSession((s) => s.session?.role ?? null) as Role | null;
  if (request.type !== 'rectification' && request.type !== 'restriction') return null;
  const kind = request.type === 'rectification' ? 'rectification.apply' : 'restriction.place';
  const may = role !== null && roleMayDo(role, kind);
  return (
    <section className="panel" aria-labelledby="carry-out-title">
      <h2 id="carry-out-title">
        {request.type === 'rectification' ? 'Correction' : 'Restriction of processing'}
      </h2>
      {!subject ? (
        <p className="muted">
          The request is not linked to a subject in the cache: nothing to carry out here.
        </p>
      ) : !may ? (
        <p className="muted">Your role ({role ?? 'unknown'}) cannot carry out this request.</p>
      ) : request.type === 'rectification' ? (
        <RectificationForm request={request} subject={subject} corrected={corrected} />
      ) : (
        <RestrictionControls request={request} subject={subject} />
      )}
    </section>
  );
}

function RectificationForm({
  request,
  subject,
  corrected,
}: {
  request: PrivacyRequest;
  subject: RequestSubject;
  corrected: readonly RectifiableField[] | null;
}) {
  // Only the fields the verification named: the others may have been its matching points (issue 13).
  const fields = corrected ? RECTIFIABLE_FIELDS.filter((f) => corrected.includes(f)) : RECTIFIABLE_FIELDS;
  const ids = useId();
  const submitting = useOpenRequest((s) => s.submitting);
  const [values, setValues] = useState<Record<RectifiableField, string>>(() => ({
    displayName: subject.displayName,
    email: subject.email,
    employeeId: subject.employeeId ?? '',
    department: subject.department ?? '',
  }));
  const [problem, setProblem] = useState<string | null>(null);
  if (!READY.includes(request.status)) {
    return (
      <p className="muted">
        {request.status === 'completed'
          ? 'The correction was applied.'
          : 'Corrections are applied once the request is approved.'}
      </p>
    );
  }

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const current = (f: RectifiableField) => subject[f] ?? '';
    const changes: Record<string, string | null> = {};
    for (const f of fields) {
      const v = values[f].trim();
      if (v === current(f)) continue;
      changes[f] = v === '' && (f === 'employeeId' || f === 'department') ? null : v;
    }
    const checked = RectificationChanges.safeParse(changes);
    if (!checked.success) {
      const i = checked.error.issues[0];
      const field = i?.path[0] ? RECTIFIABLE_FIELD_LABELS[i.path[0] as RectifiableField] : null;
      setProblem(`${field ? `${field}: ` : ''}${i?.message ?? 'Invalid correction'}`);
      return;
    }
    setProblem(null);
    await openRequestStore.getState().submit({
      kind: 'rectification.apply',
      requestId: request.id,
      payload: { changes: checked.data },
    });
  };

  return (
    <form aria-label="Apply the correction" onSubmit={(e) => void onSubmit(e)} noValidate>
      <p className="muted small">
        Enter the corrected values. Only the fields you change are sent; the request history records which
        fields changed, not their values.
        {corrected && ' Only the fields the verification named as corrected are offered.'}
      </p>
      {fields.map((f) => (
        <div className="field" key={f}>
          <label htmlFor={`${ids}-${f}`}>Corrected {RECTIFIABLE_FIELD_LABELS[f].toLowerCase()}</label>
          <input
            id={`${ids}-${f}`}
            type={f === 'email' ? 'email' : 'text'}
            value={values[f]}
            onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))}
          />
        </div>
      ))}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <button type="submit" className="primary" disabled={submitting}>
        Apply the correction
      </button>
    </form>
  );
}

function RestrictionControls({ request, subject }: { request: PrivacyRequest; subject: RequestSubject }) {
  const ids = useId();
  const submitting = useOpenRequest((s) => s.submitting);
  const [reason, setReason] = useState('');
  if (!subject.restricted) {
    const ready = READY.includes(request.status) || request.status === 'completed';
    return (
      <>
        <p className="muted small">
          While restricted, the backend keeps the data stored but refuses erasure and export delivery for this
          person (GDPR Art. 18(2)). Every console shows the restriction.
        </p>
        <button
          type="button"
          className="primary"
          disabled={submitting || !ready}
          onClick={() =>
            void openRequestStore
              .getState()
              .submit({ kind: 'restriction.place', requestId: request.id, payload: {} })
          }
        >
          Place under restriction
        </button>
        {!ready && <p className="muted small">A restriction is placed once the request is approved.</p>}
      </>
    );
  }
  return (
    <form
      aria-label="Lift the restriction"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!reason.trim()) return;
        void openRequestStore
          .getState()
          .submit({ kind: 'restriction.lift', requestId: request.id, payload: { reason: reason.trim() } })
          .then((ok) => ok && setReason(''));
      }}
    >
      <p className="notice">The subject must be told before the restriction is lifted (GDPR Art. 18(3)).</p>
      <div className="field">
        <label htmlFor={`${ids}-lift-reason`}>Reason for lifting</label>
        <textarea
          id={`${ids}-lift-reason`}
          maxLength={2000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
      <button type="submit" disabled={submitting || reason.trim() === ''}>
        Lift the restriction
      </button>
    </form>
  );
}
