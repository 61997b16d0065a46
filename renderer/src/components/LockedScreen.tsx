// The offline lock (issue 14): shown instead of the rooms while this console has not synced for
// longer than the organisation's maxOfflineDays. The core refuses every data channel meanwhile
// (E_CACHE_LOCKED); this screen says why and offers the way out — a sync.
import { useEffect } from 'react';
import { lockMessage, type CacheLock } from '../../../shared/offline-lock';
import { localDateTime } from '../format';
import { resetSessionData, sessionStore, syncStore, useSession, useSync } from '../stores';

export function LockedScreen({ lock }: { lock: CacheLock }) {
  const requesting = useSync((s) => s.requesting);
  const syncError = useSync((s) => s.error);
  const busy = useSession((s) => s.busy);

  // Follow the sync (automatic or asked for here): the session is asked again after each run.
  useEffect(() => syncStore.getState().start(), []);

  const syncNow = async () => {
    await syncStore.getState().syncNow();
    await sessionStore.getState().refresh();
  };
  const signOut = async () => {
    await sessionStore.getState().signOut();
    if (sessionStore.getState().status === 'signedOut') resetSessionData();
  };

  return (
    <main className="splash" aria-labelledby="locked-title">
      <h1 id="locked-title">Console locked</h1>
      <p role="alert">{lockMessage(lock)}</p>
      <p className="muted">
        {lock.lastSyncedAt ? `Last successful sync: ${localDateTime(lock.lastSyncedAt)}. ` : ''}
        Your organisation allows {lock.limitDays} days without a sync, so that a console kept offline cannot
        keep erased people or revoked access. The cached data stays encrypted on this machine and opens again
        after the next successful sync.
      </p>
      {syncError ? (
        <p role="status" className="error">
          {syncError}
        </p>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={requesting}
          aria-busy={requesting}
          onClick={() => void syncNow()}
        >
          Sync now
        </button>
        <button type="button" disabled={busy} onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </main>
  );
}
