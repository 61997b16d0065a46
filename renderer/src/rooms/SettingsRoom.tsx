import { useEffect, useId, useState, type FormEvent } from 'react';
import { resetSessionData, sessionStore, settingsStore, useSession, useSettings } from '../stores';
import { DEFAULT_RETENTION_DAYS } from '../stores/settings';
import { OrgSettingsEditor } from '../components/OrgSettingsEditor';
import { Inert } from '../components/Text';
import { ErrorAlert } from '../components/ErrorAlert';
import { ConsolesPanel } from '../components/ConsolesPanel';

export function SettingsRoom() {
  const session = useSession((s) => s.session);
  const appInfo = useSession((s) => s.appInfo);
  const busy = useSession((s) => s.busy);
  const error = useSession((s) => s.error);

  const signOut = async () => {
    await sessionStore.getState().signOut();
    if (sessionStore.getState().status === 'signedOut') resetSessionData();
  };

  return (
    <section aria-labelledby="room-title" className="room-body">
      <h1 id="room-title" tabIndex={-1}>
        Settings
      </h1>
      <RetentionSettings />
      <OrgSettingsEditor />
      {session?.role === 'owner' ? <ConsolesPanel /> : null}
      <h2>Session</h2>
      <dl className="details">
        <dt>Backend URL</dt>
        <dd>
          <Inert value={session?.backendUrl ?? '—'} />
        </dd>
        <dt>Organisation</dt>
        <dd>
          <Inert value={session?.orgName ?? '—'} />
        </dd>
        <dt>Admin</dt>
        <dd>
          <Inert value={session?.adminName ?? '—'} />
        </dd>
        <dt>Role</dt>
        <dd>{session?.role ?? '—'}</dd>
        {appInfo && (
          <>
            <dt>Console</dt>
            <dd>
              {appInfo.name} {appInfo.version} ({appInfo.transport === 'electron' ? 'desktop app' : 'browser'}
              )
            </dd>
          </>
        )}
      </dl>
      <p className="muted">
        Signing out forgets the admin token on this machine. Cached data stays encrypted and is reused when
        you sign in to the same organisation again.
      </p>
      <ErrorAlert message={error} />
      <button type="button" onClick={() => void signOut()} disabled={busy}>
        Sign out
      </button>
    </section>
  );
}

function RetentionSettings() {
  const settings = useSettings((s) => s.settings);
  const saving = useSettings((s) => s.saving);
  const saved = useSettings((s) => s.saved);
  const error = useSettings((s) => s.error);
  const [days, setDays] = useState('');
  const id = useId();

  useEffect(() => {
    void settingsStore.getState().load();
  }, []);
  useEffect(() => {
    if (settings) setDays(String(settings.retentionDays));
  }, [settings]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void settingsStore.getState().setRetentionDays(Number(days));
  };

  return (
    <>
      <h2>Local retention</h2>
      <form className="settings-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
        <p id={`${id}-title`} className="muted">
          Access events older than this window are purged from this machine's cache automatically (default{' '}
          {DEFAULT_RETENTION_DAYS} days). The backend keeps its own records.
        </p>
        <div className="field inline">
          <label htmlFor={`${id}-days`}>Retention window (days)</label>
          <input
            id={`${id}-days`}
            type="number"
            inputMode="numeric"
            min={1}
            max={3650}
            step={1}
            value={days}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(e) => setDays(e.target.value)}
          />
          <button type="submit" disabled={saving || !settings}>
            Save
          </button>
          <span role="status" className="muted small">
            {saved ? 'Saved.' : ''}
          </span>
        </div>
        {error && (
          <p id={`${id}-error`} role="alert" className="field-error">
            {error}
          </p>
        )}
      </form>
    </>
  );
}
