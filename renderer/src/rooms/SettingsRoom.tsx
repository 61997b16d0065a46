import { resetSessionData, sessionStore, useSession } from '../stores';

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
      <h2>Session</h2>
      <dl className="details">
        <dt>Backend URL</dt>
        <dd>
          <bdi>{session?.backendUrl ?? '—'}</bdi>
        </dd>
        <dt>Organisation</dt>
        <dd>
          <bdi>{session?.orgName ?? '—'}</bdi>
        </dd>
        <dt>Admin</dt>
        <dd>
          <bdi>{session?.adminName ?? '—'}</bdi>
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
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="button" onClick={() => void signOut()} disabled={busy}>
        Sign out
      </button>
    </section>
  );
}
