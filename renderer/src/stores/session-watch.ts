// The session follows the sync (issue 14): a finished run may have unlocked the cache or found
// the token revoked (the core then signed out and purged), and time alone may lock it — so the
// session status is asked again after each run, on a revocation, and once a minute.
import type { SessionStore } from './session';
import type { SyncStore } from './sync';

export function sessionFollowsSync(sync: SyncStore, session: SessionStore, everyMs = 60_000): () => void {
  const off = sync.subscribe((state, previous) => {
    const revoked =
      state.status?.lastError?.code === 'E_REVOKED' && previous.status?.lastError?.code !== 'E_REVOKED';
    if (revoked || state.completedRuns !== previous.completedRuns) void session.getState().refresh();
  });
  const timer = everyMs > 0 ? setInterval(() => void session.getState().refresh(), everyMs) : null;
  return () => {
    off();
    if (timer) clearInterval(timer);
  };
}
