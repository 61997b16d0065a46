import { useEffect } from 'react';
import { resetSessionData, sessionStore, syncStore, useSession } from './stores';
import { sessionFollowsSync } from './stores/session-watch';
import { SignIn } from './components/SignIn';
import { Shell } from './components/Shell';
import { LockedScreen } from './components/LockedScreen';

export function App() {
  const status = useSession((s) => s.status);
  const error = useSession((s) => s.error);

  const lock = useSession((s) => s.session?.lock ?? null);

  useEffect(() => {
    void sessionStore.getState().load();
  }, []);
  // issue 14: the offline lock and a revocation reach the screen without a click.
  useEffect(
    () => (status === 'signedIn' ? sessionFollowsSync(syncStore, sessionStore) : undefined),
    [status],
  );
  // Signed out by the core (a revoked token): nothing of the previous session stays on screen.
  useEffect(() => {
    if (status === 'signedOut') resetSessionData();
  }, [status]);

  if (status === 'loading') {
    return (
      <main className="splash" aria-busy="true">
        <p>Opening the console…</p>
      </main>
    );
  }
  if (status === 'unavailable') {
    return (
      <main className="splash">
        <h1>ZTA Privacy Console</h1>
        <p role="alert" className="error">
          {error ?? 'The console could not be reached.'}
        </p>
      </main>
    );
  }
  if (status === 'signedOut') return <SignIn />;
  if (lock?.locked) return <LockedScreen lock={lock} />;
  return <Shell />;
}
