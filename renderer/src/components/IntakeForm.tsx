// "New request": a privacy request that arrived by email, letter, phone or in person, entered
// by hand. Checked with the shared schema (shared/intake.ts) before anything is queued — the
// backend checks it again — then queued through the outbox like any action, offline too; the
// new request shows in the queue at once with a pending badge.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Jurisdiction, RequestType } from '../../../shared/domain';
import { INTAKE_CHANNELS, IntakePayload, type IntakePayloadInput } from '../../../shared/intake';
import { orgToday, useLegalSettings } from '../legal-settings';
import { hrefOf, navigate } from '../router';
import { intakeStore, requestQueueStore, useIntake, useSession } from '../stores';
import { jurisdictionLabel, requestTypeLabel } from '../format';
import { roleMayDo } from '../../../shared/roles';
import { ErrorAlert } from './ErrorAlert';

const CHANNEL_LABELS: Record<(typeof INTAKE_CHANNELS)[number], string> = {
  email: 'Email',
  letter: 'Letter',
  phone: 'Phone',
  web_form: 'Web form',
  in_person: 'In person',
};

const FIELD_LABELS: Record<string, string> = {
  subject: 'Subject',
  type: 'Request type',
  jurisdiction: 'Jurisdiction',
  receivedOn: 'Date received',
  channel: 'Channel',
  agent: 'Agent',
  note: 'Note',
};

type SubjectMode = 'id' | 'email' | 'username';

export function IntakeForm() {
  const ids = useId();
  const role = useSession((s) => s.session?.role ?? null);
  const matches = useIntake((s) => s.matches);
  const submitting = useIntake((s) => s.submitting);
  const queueError = useIntake((s) => s.error);
  const [mode, setMode] = useState<SubjectMode>('id');
  const [search, setSearch] = useState('');
  const [subjectId, setSubjectId] = useState('');
  const [identifier, setIdentifier] = useState('');
  const [type, setType] = useState('');
  const [jurisdiction, setJurisdiction] = useState('');
  const legal = useLegalSettings();
  // The date of record is the organisation's (its time zone), not this machine's.
  const [receivedOn, setReceivedOn] = useState(() => orgToday(legal, new Date()));
  const [channel, setChannel] = useState<string>('email');
  const [viaAgent, setViaAgent] = useState(false);
  const [agentName, setAgentName] = useState('');
  const [signedPermission, setSignedPermission] = useState(false);
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<string[]>([]);

  useEffect(() => {
    void intakeStore.getState().searchSubjects(search);
  }, [search]);
  // A refusal is about the values as they were: any edit clears it (the next submit re-checks).
  useEffect(() => {
    setProblems([]);
  }, [
    mode,
    subjectId,
    identifier,
    type,
    jurisdiction,
    receivedOn,
    channel,
    viaAgent,
    agentName,
    signedPermission,
  ]);

  const back = (
    <p>
      <a href={hrefOf('requests')}>← All requests</a>
    </p>
  );
  if (role !== null && !roleMayDo(role, 'request.intake')) {
    return (
      <section aria-labelledby="room-title" className="room-body">
        {back}
        <h1 id="room-title" tabIndex={-1}>
          New request
        </h1>
        <p className="muted">Your role ({role}) cannot enter requests.</p>
      </section>
    );
  }

  const payload = (): IntakePayloadInput => {
    const subject =
      mode === 'id'
        ? { by: 'id' as const, id: subjectId }
        : mode === 'email'
          ? { by: 'email' as const, email: identifier.trim() }
          : { by: 'username' as const, username: identifier.trim() };
    return {
      subject,
      type: type as IntakePayloadInput['type'],
      jurisdiction: jurisdiction as IntakePayloadInput['jurisdiction'],
      receivedOn: receivedOn.trim(),
      channel: channel as IntakePayloadInput['channel'],
      ...(viaAgent ? { agent: { name: agentName, signedPermission } } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
  };

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const checked = IntakePayload.safeParse(payload());
    if (!checked.success) {
      setProblems(
        checked.error.issues.map((i) => {
          const field = FIELD_LABELS[String(i.path[0])] ?? 'Request';
          if (i.path[0] === 'subject' && mode === 'id') return 'Subject: pick a person from the list.';
          if (i.path[0] === 'type' || i.path[0] === 'jurisdiction') return `${field}: choose one.`;
          return `${field}: ${i.message}`;
        }),
      );
      return;
    }
    setProblems([]);
    const requestId = await intakeStore.getState().submit(payload());
    if (requestId) {
      void requestQueueStore.getState().refresh();
      navigate('requests', requestId);
    }
  };

  return (
    <section aria-labelledby="room-title" className="room-body">
      {back}
      <h1 id="room-title" tabIndex={-1}>
        New request
      </h1>
      <p className="muted">
        For a request that arrived by email, letter, phone or in person. It is queued like any action and
        reaches the backend as soon as it can be reached; the legal clocks run from the date received.
      </p>
      <form aria-label="New request" onSubmit={(e) => void onSubmit(e)} noValidate className="intake-form">
        <fieldset>
          <legend>Subject</legend>
          <div className="field inline">
            {(
              [
                ['id', 'Pick a synced subject'],
                ['email', 'By email address'],
                ['username', 'By username'],
              ] as const
            ).map(([value, label]) => (
              <label key={value}>
                <input
                  type="radio"
                  name={`${ids}-mode`}
                  checked={mode === value}
                  onChange={() => setMode(value)}
                />{' '}
                {label}
              </label>
            ))}
          </div>
          {mode === 'id' ? (
            <>
              <div className="field">
                <label htmlFor={`${ids}-search`}>Search subjects</label>
                <input
                  id={`${ids}-search`}
                  type="search"
                  value={search}
                  onChange={(e) => setSearch(e.target.value)}
                />
              </div>
              <div className="field">
                <label htmlFor={`${ids}-subject`}>Subject</label>
                <select
                  id={`${ids}-subject`}
                  value={subjectId}
                  onChange={(e) => setSubjectId(e.target.value)}
                >
                  <option value="">Choose a person…</option>
                  {matches.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.username} — {s.displayName}
                    </option>
                  ))}
                </select>
              </div>
            </>
          ) : (
            <div className="field">
              <label htmlFor={`${ids}-identifier`}>{mode === 'email' ? 'Email address' : 'Username'}</label>
              <input
                id={`${ids}-identifier`}
                type={mode === 'email' ? 'email' : 'text'}
                value={identifier}
                onChange={(e) => setIdentifier(e.target.value)}
                aria-describedby={`${ids}-identifier-hint`}
              />
              <span id={`${ids}-identifier-hint`} className="muted small">
                The backend looks the person up; with no match the request is kept without a subject.
              </span>
            </div>
          )}
        </fieldset>
        <div className="field">
          <label htmlFor={`${ids}-type`}>Request type</label>
          <select id={`${ids}-type`} value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">Choose…</option>
            {RequestType.options.map((t) => (
              <option key={t} value={t}>
                {requestTypeLabel(t)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-jurisdiction`}>Jurisdiction</label>
          <select
            id={`${ids}-jurisdiction`}
            value={jurisdiction}
            onChange={(e) => setJurisdiction(e.target.value)}
          >
            <option value="">Choose…</option>
            {Jurisdiction.options.map((j) => (
              <option key={j} value={j}>
                {jurisdictionLabel(j)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-received`}>Date received</label>
          <input
            id={`${ids}-received`}
            type="text"
            inputMode="numeric"
            placeholder="YYYY-MM-DD"
            value={receivedOn}
            onChange={(e) => setReceivedOn(e.target.value)}
            aria-describedby={`${ids}-received-hint`}
          />
          <span id={`${ids}-received-hint`} className="muted small">
            YYYY-MM-DD, the day the letter or email arrived (not in the future).
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-channel`}>Channel</label>
          <select id={`${ids}-channel`} value={channel} onChange={(e) => setChannel(e.target.value)}>
            {INTAKE_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {CHANNEL_LABELS[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline checkbox">
          <input
            id={`${ids}-agent`}
            type="checkbox"
            checked={viaAgent}
            onChange={(e) => setViaAgent(e.target.checked)}
          />
          <label htmlFor={`${ids}-agent`}>Made by an authorized agent</label>
        </div>
        {viaAgent && (
          <>
            <div className="field">
              <label htmlFor={`${ids}-agent-name`}>Agent name</label>
              <input
                id={`${ids}-agent-name`}
                type="text"
                maxLength={256}
                value={agentName}
                onChange={(e) => setAgentName(e.target.value)}
              />
            </div>
            <div className="field inline checkbox">
              <input
                id={`${ids}-agent-permission`}
                type="checkbox"
                checked={signedPermission}
                onChange={(e) => setSignedPermission(e.target.checked)}
              />
              <label htmlFor={`${ids}-agent-permission`}>
                The consumer&apos;s signed permission is on file
              </label>
            </div>
          </>
        )}
        <div className="field">
          <label htmlFor={`${ids}-note`}>Note (optional)</label>
          <textarea
            id={`${ids}-note`}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
        {problems.length > 0 && (
          <div role="alert" className="error">
            <p>Nothing was queued:</p>
            <ul>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        )}
        <ErrorAlert message={queueError} />
        <div className="action-row">
          <button type="submit" className="primary" disabled={submitting}>
            Queue the request
          </button>
        </div>
      </form>
    </section>
  );
}
