// Identity verification (11 CCR §7062): the admin ticks which data points the requester matched —
// never the values — and records `request.verify` with the point names only. The requirement of
// the request type is shown, and "Record verification" stays disabled until it is met (the core
// and the backend check again through the shared domain rule).
import { useId, useState, type FormEvent } from 'react';
import { type VerificationPoint } from '../../../shared/action-schemas';
import { roleMayDo } from '../../../shared/roles';
import { isDecided } from '../../../shared/action-rules';
import { verificationProblem, verificationRequirement } from '../../../shared/casework';
import type { PrivacyRequest, Role } from '../../../shared/domain';
import {
  RECTIFIABLE_FIELDS,
  RECTIFIABLE_FIELD_LABELS,
  type RectifiableField,
} from '../../../shared/rectification';
import { openRequestStore, useOpenRequest, useSession } from '../stores';

const CHECKLIST: { point: VerificationPoint; label: string }[] = [
  { point: 'email', label: 'Email address' },
  { point: 'username', label: 'Username' },
  { point: 'device_name', label: 'Device name' },
  { point: 'recent_ip', label: 'Last-seen IP network' },
  { point: 'employee_id', label: 'Employee id' },
];

export function VerificationPanel({ request }: { request: PrivacyRequest }) {
  const role = useSession((s) => s.session?.role ?? null);
  const submitting = useOpenRequest((s) => s.submitting);
  const [points, setPoints] = useState<VerificationPoint[]>([]);
  const [declaration, setDeclaration] = useState(false);
  const [agentChecked, setAgentChecked] = useState(false);
  const [powerOfAttorney, setPowerOfAttorney] = useState(false);
  const [declarationRef, setDeclarationRef] = useState('');
  const [corrects, setCorrects] = useState<RectifiableField[]>([]);
  const ids = useId();
  const need = verificationRequirement(request.type);
  // The declaration's reference: a SHA-256 of the signed file, or the document's id.
  const ref = declarationRef.trim();
  const declarationRecord = ref
    ? /^[0-9a-f]{64}$/.test(ref)
      ? { sha256: ref }
      : { documentId: ref }
    : undefined;
  const payload = {
    points,
    signedDeclaration: declaration,
    agentPermissionChecked: agentChecked,
    ...(powerOfAttorney ? { agentAuthority: 'power_of_attorney' as const } : {}),
    ...(declaration && declarationRecord ? { declaration: declarationRecord } : {}),
    ...(request.type === 'rectification' ? { corrects } : {}),
  };
  const problem = verificationProblem(request.type, payload, request.viaAgent);
  const notVerified = request.type === 'opt_out' || request.type === 'limit';
  const mayVerify = role !== null && roleMayDo(role as Role, 'request.verify') && !isDecided(request.status);

  const toggle = (p: VerificationPoint, on: boolean) =>
    setPoints((cur) => (on ? [...cur.filter((x) => x !== p), p] : cur.filter((x) => x !== p)));

  const record = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (problem) return;
    const ok = await openRequestStore.getState().submit({
      kind: 'request.verify',
      requestId: request.id,
      payload,
    });
    if (ok) {
      setPoints([]);
      setDeclaration(false);
      setAgentChecked(false);
      setPowerOfAttorney(false);
      setDeclarationRef('');
      setCorrects([]);
    }
  };

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Identity verification</h2>
      <p id={`${ids}-need`}>
        Required: {need.points} matching data points
        {need.signedDeclaration ? ' plus a signed declaration (specific pieces of information)' : ''}
        {request.viaAgent ? ", and the agent's signed permission from the consumer" : ''}.
      </p>
      {notVerified ? (
        <p className="muted">
          Not verified: opt-out and limit requests are acted on without verifying the requester (11 CCR
          §7060(b)).
        </p>
      ) : !mayVerify ? (
        <p className="muted">
          {isDecided(request.status)
            ? 'The request is decided; verification is closed.'
            : 'Your role cannot record a verification.'}
        </p>
      ) : (
        <form onSubmit={(e) => void record(e)} aria-label="Record identity verification" noValidate>
          {request.type === 'rectification' && (
            <fieldset>
              <legend>Fields the request corrects (not usable as verification points)</legend>
              <ul className="checklist">
                {RECTIFIABLE_FIELDS.map((f) => (
                  <li key={f}>
                    <input
                      id={`${ids}-corrects-${f}`}
                      type="checkbox"
                      checked={corrects.includes(f)}
                      onChange={(e) =>
                        setCorrects((cur) =>
                          e.target.checked ? [...cur.filter((x) => x !== f), f] : cur.filter((x) => x !== f),
                        )
                      }
                    />{' '}
                    <label htmlFor={`${ids}-corrects-${f}`}>Corrects: {RECTIFIABLE_FIELD_LABELS[f]}</label>
                  </li>
                ))}
              </ul>
            </fieldset>
          )}
          <fieldset>
            <legend>
              {request.viaAgent
                ? "The consumer's own verification — matched"
                : 'Data points the requester matched'}
            </legend>
            <ul className="checklist">
              {CHECKLIST.map(({ point, label }) => (
                <li key={point}>
                  <input
                    id={`${ids}-${point}`}
                    type="checkbox"
                    checked={points.includes(point)}
                    onChange={(e) => toggle(point, e.target.checked)}
                  />{' '}
                  <label htmlFor={`${ids}-${point}`}>{label}</label>
                </li>
              ))}
            </ul>
          </fieldset>
          {need.signedDeclaration && (
            <div className="field inline checkbox">
              <input
                id={`${ids}-decl`}
                type="checkbox"
                checked={declaration}
                onChange={(e) => setDeclaration(e.target.checked)}
              />
              <label htmlFor={`${ids}-decl`}>Signed declaration under penalty of perjury received</label>
            </div>
          )}
          {need.signedDeclaration && declaration && (
            <div className="field">
              <label htmlFor={`${ids}-decl-ref`}>
                Declaration reference (document id or SHA-256 of the signed file)
              </label>
              <input
                id={`${ids}-decl-ref`}
                type="text"
                required
                maxLength={256}
                value={declarationRef}
                onChange={(e) => setDeclarationRef(e.target.value)}
              />
            </div>
          )}
          {request.viaAgent && (
            <div className="field inline checkbox">
              <input
                id={`${ids}-agent`}
                type="checkbox"
                checked={agentChecked}
                onChange={(e) => setAgentChecked(e.target.checked)}
              />
              <label htmlFor={`${ids}-agent`}>Signed permission from the consumer checked</label>
            </div>
          )}
          {request.viaAgent && (
            <div className="field inline checkbox">
              <input
                id={`${ids}-poa`}
                type="checkbox"
                checked={powerOfAttorney}
                onChange={(e) => setPowerOfAttorney(e.target.checked)}
              />
              <label htmlFor={`${ids}-poa`}>The agent holds a power of attorney (§7063(b))</label>
            </div>
          )}
          {problem && points.length >= need.points && (
            <p className="muted small" role="status">
              {problem}
            </p>
          )}
          <p className="muted small" aria-live="polite">
            {points.length} of {need.points} points marked. Only which points matched is recorded, never the
            values.
          </p>
          <button
            type="submit"
            className="primary"
            disabled={submitting || problem !== null}
            aria-describedby={`${ids}-need`}
          >
            Record verification
          </button>
        </form>
      )}
    </section>
  );
}
