// The organisation's consoles (issue 14, "lost laptops"), Settings room, owners only: each admin
// token the backend knows, when it was last seen, and Revoke — with a confirmation step, because
// a revoked console is signed out and purges its synced data at its next contact. Read and
// revoked live (consoles:list, consoles:revoke); nothing is queued.
import { useEffect, useId, useState } from 'react';
import { invoke, messageOf } from '../api/client';
import { localDateTime } from '../format';
import { Inert } from './Text';
import type { ConsoleInfo } from '../../../shared/consoles';

export function ConsolesPanel() {
  const ids = useId();
  const [consoles, setConsoles] = useState<ConsoleInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<ConsoleInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const load = async () => {
    try {
      setConsoles((await invoke('consoles:list')).consoles);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  useEffect(() => {
    void load();
  }, []);

  const revoke = async (c: ConsoleInfo) => {
    setBusy(true);
    try {
      await invoke('consoles:revoke', { id: c.id });
      setDone(`Revoked the console of ${c.adminName} (${c.role}).`);
      setConfirming(null);
      await load();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Consoles</h2>
      <p className="muted">
        One entry per admin token: every machine signed in with that token is that console. Revoking it signs
        those machines out and purges their synced data when they next reach the backend; the admin needs a
        new token.
      </p>
      {/* A status, not an alert: offline, the rest of the Settings room still works. */}
      {error ? <p role="status">Consoles unavailable: {error}</p> : null}
      {done ? <p role="status">{done}</p> : null}
      {confirming ? (
        <div role="alertdialog" aria-labelledby={`${ids}-confirm`} className="confirm">
          <p id={`${ids}-confirm`}>
            Revoke the console of <Inert value={confirming.adminName} /> ({confirming.role})?
            {confirming.current
              ? ' This is the token this console uses: it will sign out and clear its synced data too.'
              : ' It is signed out and purges its synced data at its next contact with the backend.'}
          </p>
          <button type="button" className="danger" disabled={busy} onClick={() => void revoke(confirming)}>
            Revoke
          </button>{' '}
          <button type="button" disabled={busy} onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </div>
      ) : null}
      {consoles && consoles.length > 0 ? (
        <table aria-label="Consoles">
          <thead>
            <tr>
              <th scope="col">Admin</th>
              <th scope="col">Role</th>
              <th scope="col">Since</th>
              <th scope="col">Last seen</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {consoles.map((c) => (
              <tr key={c.id}>
                <td>
                  <Inert value={c.adminName} />
                  {c.current ? <span className="muted small"> (this console)</span> : null}
                </td>
                <td>{c.role}</td>
                <td>{localDateTime(c.since)}</td>
                <td>{c.lastSeenAt ? localDateTime(c.lastSeenAt) : 'never'}</td>
                <td>
                  {c.revokedAt ? (
                    <>
                      Revoked {localDateTime(c.revokedAt)}
                      {c.revokedBy ? (
                        <>
                          {' '}
                          by <Inert value={c.revokedBy} />
                        </>
                      ) : null}
                    </>
                  ) : (
                    'Active'
                  )}
                </td>
                <td>
                  {c.revokedAt ? null : (
                    <button
                      type="button"
                      disabled={busy}
                      aria-label={`Revoke the console of ${c.adminName}`}
                      onClick={() => {
                        setDone(null);
                        setConfirming(c);
                      }}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
