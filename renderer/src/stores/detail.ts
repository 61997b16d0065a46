// The event shown in the detail drawer: all fields plus its flags with their explanations.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Client } from '../api/client';
import { messageOf } from '../api/client';
import { fetchEvent, type LogRow } from '../logs/api';

export interface DetailState {
  /** The row as listed (shown at once), then the full record from `logs:event`. */
  event: LogRow | null;
  loading: boolean;
  error: string | null;
  open(row: LogRow): Promise<void>;
  close(): void;
}

export type DetailStore = StoreApi<DetailState>;

export function createDetailStore(client: Client): DetailStore {
  let seq = 0;
  return createStore<DetailState>()((set) => ({
    event: null,
    loading: false,
    error: null,
    async open(row) {
      const mine = ++seq;
      set({ event: row, loading: true, error: null });
      try {
        const event = await fetchEvent(client, row.id);
        if (mine === seq) set({ event, loading: false });
      } catch (err) {
        if (mine === seq) set({ loading: false, error: messageOf(err) });
      }
    },
    close() {
      seq += 1;
      set({ event: null, loading: false, error: null });
    },
  }));
}
