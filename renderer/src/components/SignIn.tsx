import { useState, type FormEvent } from 'react';
import { sessionStore, useSession } from '../stores';
import { ErrorAlert } from './ErrorAlert';

export function SignIn() {
  const busy = useSession((s) => s.busy);
  const error = useSession((s) => s.error);
  const previousUrl = useSession((s) => s.session?.backendUrl ?? '');
  const revoked = useSession((s) => s.session?.revoked ?? null);
  const [backendUrl, setBackendUrl] = useState(previousUrl);
  const [token, setToken] = useState('');

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const ok = await sessionStore.getState().signIn(backendUrl, token);
    if (ok) setToken('');
  };

  return (
    <main className="signin">
      <form
        className="signin-card"
        onSubmit={(e) => void submit(e)}
        aria-labelledby="signin-title"
        noValidate
      >
        <p className="brand">ZTA Privacy Console</p>
        <h1 id="signin-title">Sign in to your ZTA backend</h1>
        <p className="muted">
          Use an admin API token issued by your organisation. It is kept encrypted on this machine, never in
          the page.
        </p>
        {revoked && (
          <p role="alert" className="error">
            This console was signed out: {revoked.message}
          </p>
        )}
        <div className="field">
          <label htmlFor="backend-url">Backend URL</label>
          <input
            id="backend-url"
            name="backendUrl"
            type="url"
            inputMode="url"
            autoComplete="url"
            placeholder="https://zta.example.com"
            required
            value={backendUrl}
            onChange={(e) => setBackendUrl(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="admin-token">Admin token</label>
          <input
            id="admin-token"
            name="token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            required
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
        </div>
        <ErrorAlert message={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
            Sign in
          </button>
          {busy && <span className="muted">Checking the token with the backend…</span>}
        </div>
      </form>
    </main>
  );
}
