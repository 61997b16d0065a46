// Issue 14 in the renderer: the session follows the sync — a revocation found by a sync signs the
// window out (with the reason), a successful sync lifts the offline lock — over a fake bridge.
import { describe, expect, it } from 'vitest';
import { createClient } from '../../renderer/src/api/client';
import { createSessionStore } from '../../renderer/src/stores/session';
import { createSyncStore } from '../../renderer/src/stores/sync';
import { sessionFollowsSync } from '../../renderer/src/stores/session-watch';
import type { SessionStatus, SyncStatus } from '../../shared/contract-app';
import type { Bridge } from '../../shared/contract';

const SIGNED_IN: SessionStatus = {
  signedIn: true,
  backendUrl: 'http://127.0.0.1:1',
  orgName: 'Acme',
  adminName: 'Ada',
  role: 'approver',
  lock: { locked: true, lastSyncedAt: '2026-01-01T00:00:00.000Z', offlineDays: 20, limitDays: 14 },
  revoked: null,
};
const SYNC: SyncStatus = {
  online: true,
  running: false,
  lastSyncedAt: null,
  lastError: null,
  progress: null,
};

function fake() {
  let session = SIGNED_IN;
  let emit: (payload: unknown) => void = () => undefined;
  const bridge: Bridge = {
    invoke: (channel) =>
      Promise.resolve(
        channel === 'session:status'
          ? { ok: true, value: session }
          : channel === 'sync:status'
            ? { ok: true, value: SYNC }
            : { ok: false, error: { code: 'E_UNKNOWN_CHANNEL', message: channel } },
      ),
    on: (_event, listener) => {
      emit = listener;
      return () => undefined;
    },
  };
  return {
    bridge,
    setSession: (s: SessionStatus) => (session = s),
    syncEvent: (s: SyncStatus) => emit(s),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('sessionFollowsSync', () => {
  it('a finished sync run asks the session again: the lock lifts', async () => {
    const f = fake();
    const client = createClient(f.bridge);
    const session = createSessionStore(client);
    const sync = createSyncStore(client, { pollMs: 0 });
    await session.getState().load();
    expect(session.getState().session?.lock?.locked).toBe(true);
    const stopSync = sync.getState().start();
    const stop = sessionFollowsSync(sync, session, 0);

    f.setSession({ ...SIGNED_IN, lock: { ...SIGNED_IN.lock!, locked: false, offlineDays: 0 } });
    f.syncEvent({ ...SYNC, running: true });
    f.syncEvent({ ...SYNC, lastSyncedAt: '2026-01-21T00:00:00.000Z' });
    await settle();
    expect(session.getState().session?.lock?.locked).toBe(false);
    stop();
    stopSync();
  });

  it('a sync refused as revoked signs the window out, with the reason', async () => {
    const f = fake();
    const client = createClient(f.bridge);
    const session = createSessionStore(client);
    const sync = createSyncStore(client, { pollMs: 0 });
    await session.getState().load();
    const stopSync = sync.getState().start();
    const stop = sessionFollowsSync(sync, session, 0);

    f.setSession({
      ...SIGNED_IN,
      signedIn: false,
      lock: { locked: false, lastSyncedAt: null, offlineDays: null, limitDays: 14 },
      revoked: { at: '2026-01-21T00:00:00.000Z', message: 'An owner revoked this console' },
    });
    f.syncEvent({ ...SYNC, lastError: { code: 'E_REVOKED', message: 'An owner revoked this console' } });
    await settle();
    expect(session.getState().status).toBe('signedOut');
    expect(session.getState().session?.revoked?.message).toBe('An owner revoked this console');
    stop();
    stopSync();
  });
});
