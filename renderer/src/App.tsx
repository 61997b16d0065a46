import { useEffect } from 'react';
import { sessionStore, useSession } from './stores';
import { SignIn } from './components/SignIn';
import { Shell } from './components/Shell';

export function App() {
  const status = useSession((s) => s.status);
  const error = useSession((s) => s.error);

  useEffect(() => {
    void sessionStore.getState().load();
  }, []);

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
  return <Shell />;
}
