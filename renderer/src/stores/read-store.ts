// A store for one read from the core that the screen asks for again and again (on entering a room,
// after every sync run): the value under `key`, with loading and error. Only the newest load's
// answer is applied — a slow reply must not overwrite a newer one — and a reset (sign-out) drops
// whatever is still in flight. The cache statistics and the Dashboard's figures are such reads.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { messageOf } from '../api/client';

export type ReadState<K extends string, T> = { [P in K]: T | null } & {
  loading: boolean;
  error: string | null;
  load(): Promise<void>;
  reset(): void;
};

export function createReadStore<K extends string, T>(
  key: K,
  read: () => Promise<T>,
): StoreApi<ReadState<K, T>> {
  let seq = 0;
  // (TypeScript cannot follow a computed key of a generic type: the patches are cast once, here.)
  type Patch = Partial<ReadState<K, T>>;
  const holding = (value: T | null) => ({ [key]: value }) as { [P in K]: T | null };
  return createStore<ReadState<K, T>>()((set) => ({
    ...holding(null),
    loading: false,
    error: null,
    async load() {
      const mine = ++seq;
      set({ loading: true } as Patch);
      try {
        const value = await read();
        if (mine === seq) set({ ...holding(value), loading: false, error: null } as Patch);
      } catch (err) {
        if (mine === seq) set({ loading: false, error: messageOf(err) } as Patch);
      }
    },
    reset() {
      seq += 1;
      set({ ...holding(null), loading: false, error: null } as Patch);
    },
  }));
}
