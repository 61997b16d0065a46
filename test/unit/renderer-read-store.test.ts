// The one "newest read wins" store behind the cache statistics and the Dashboard's figures: a
// slow answer never overwrites a newer one, a failure keeps the last value, a reset drops what
// is in flight.
import { describe, expect, it } from 'vitest';
import { createReadStore } from '../../renderer/src/stores/read-store';

/** Reads the test answers by hand, in any order. */
function handReads<T>() {
  const pending: Array<{ resolve(value: T): void; reject(err: Error): void }> = [];
  const read = () => new Promise<T>((resolve, reject) => pending.push({ resolve, reject }));
  return { read, pending };
}

describe('createReadStore', () => {
  it('holds the answer under its key, loading while a read is out', async () => {
    const { read, pending } = handReads<number>();
    const store = createReadStore('figure', read);
    expect(store.getState().figure).toBeNull();
    const done = store.getState().load();
    expect(store.getState().loading).toBe(true);
    pending[0]!.resolve(7);
    await done;
    expect(store.getState()).toMatchObject({ figure: 7, loading: false, error: null });
  });

  it('applies only the newest load: an older answer arriving last is dropped', async () => {
    const { read, pending } = handReads<string>();
    const store = createReadStore('view', read);
    const older = store.getState().load();
    const newer = store.getState().load();
    pending[1]!.resolve('newer');
    await newer;
    pending[0]!.resolve('older');
    await older;
    expect(store.getState().view).toBe('newer');
    // An older failure is dropped too.
    const third = store.getState().load();
    const fourth = store.getState().load();
    pending[3]!.resolve('fourth');
    pending[2]!.reject(new Error('E_STALE: too late'));
    await Promise.all([third, fourth]);
    expect(store.getState()).toMatchObject({ view: 'fourth', error: null, loading: false });
  });

  it('a failure keeps the last value and says why; a reset drops the read in flight', async () => {
    const { read, pending } = handReads<number>();
    const store = createReadStore('stats', read);
    const first = store.getState().load();
    pending[0]!.resolve(1);
    await first;
    const failing = store.getState().load();
    pending[1]!.reject(new Error('E_CACHE_LOCKED: the cache is locked'));
    await failing;
    expect(store.getState()).toMatchObject({
      stats: 1,
      loading: false,
      error: 'E_CACHE_LOCKED: the cache is locked',
    });

    const inFlight = store.getState().load();
    store.getState().reset();
    pending[2]!.resolve(99);
    await inFlight;
    expect(store.getState()).toMatchObject({ stats: null, loading: false, error: null });
  });
});
