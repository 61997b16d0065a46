// Who is signed in to which backend. The token never stays in the renderer: it goes to main
// in session:signIn and is forgotten here.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppInfo, SessionStatus } from '../../../shared/contract-app';
import type { Client } from '../api/client';
import { messageOf } from '../api/client';

export type SessionPhase = 'loading' | 'signedOut' | 'signedIn' | 'unavailable';

export interface SessionState {
  status: SessionPhase;
  session: SessionStatus | null;
  appInfo: AppInfo | null;
  busy: boolean;
  error: string | null;
  load(): Promise<void>;
  /** Asks the status again (issue 14: lock, revocation); a failure leaves what is shown. */
  refresh(): Promise<void>;
  signIn(backendUrl: string, token: string): Promise<boolean>;
  signOut(): Promise<void>;
  clearError(): void;
}

export type SessionStore = StoreApi<SessionState>;

const phaseOf = (s: SessionStatus): SessionPhase => (s.signedIn ? 'signedIn' : 'signedOut');

export function createSessionStore(client: Client): SessionStore {
  return createStore<SessionState>()((set) => ({
    status: 'loading',
    session: null,
    appInfo: null,
    busy: false,
    error: null,

    async load() {
      try {
        const session = await client.invoke('session:status');
        set({ session, status: phaseOf(session), error: null });
      } catch (err) {
        set({ status: 'unavailable', error: messageOf(err) });
        return;
      }
      client.invoke('app:info').then(
        (appInfo) => set({ appInfo }),
        () => undefined, // informational only
      );
    },

    async refresh() {
      try {
        const session = await client.invoke('session:status');
        set({ session, status: phaseOf(session) });
      } catch {
        /* the next refresh, or the next call, says more */
      }
    },

    async signIn(backendUrl, token) {
      set({ busy: true, error: null });
      try {
        const session = await client.invoke('session:signIn', { backendUrl: backendUrl.trim(), token });
        set({ session, status: phaseOf(session), busy: false });
        return session.signedIn;
      } catch (err) {
        set({ busy: false, error: messageOf(err) });
        return false;
      }
    },

    async signOut() {
      set({ busy: true, error: null });
      try {
        const session = await client.invoke('session:signOut');
        set({ session, status: phaseOf(session), busy: false });
      } catch (err) {
        set({ busy: false, error: messageOf(err) });
      }
    },

    clearError() {
      set({ error: null });
    },
  }));
}
