// Waiting for a zustand store instead of the clock: a test that slept "long enough" passes on a
// fast machine and fails on a loaded one; one that waits for the state it needs only gets slower.
import type { StoreApi } from 'zustand/vanilla';

/**
 * Resolves with the store's state once `ready` holds: at once if it already does, else at the
 * first change that makes it hold. If it never does, the test's own timeout ends the wait.
 */
export function until<S>(store: StoreApi<S>, ready: (state: S) => boolean): Promise<S> {
  return new Promise((resolve) => {
    const now = store.getState();
    if (ready(now)) return resolve(now);
    const off = store.subscribe((state) => {
      if (!ready(state)) return;
      off();
      resolve(state);
    });
  });
}

/** Resolves once the store has nothing in flight (`loading` false). */
export const idle = <S extends { loading: boolean }>(store: StoreApi<S>): Promise<S> =>
  until(store, (s) => !s.loading);
