// The event shown in the detail drawer: all fields plus its flags with their explanations, and
// whether its subject is under restriction of processing (one cached-subject read, best effort).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RequestSubject } from '../../../shared/contract-requests';
import type { Client } from '../api/client';
import { messageOf } from '../api/client';
import { fetchEvent, type LogRow } from '../logs/api';

export interface EventDrawerState {
  /** The row as listed (shown at once), then the full record from `logs:event`. */
  event: LogRow | null;
  /** The event's subject from the cache (null until read, or when not cached). */
  subject: RequestSubject | null;
  loading: boolean;
  error: string | null;
  open(row: LogRow): Promise<void>;
  close(): void;
}

export type EventDrawerStore = StoreApi<EventDrawerState>;

export function createEventDrawerStore(client: Client): EventDrawerStore {
  let seq = 0;
  return createStore<EventDrawerState>()((set) => ({
    event: null,
    subject: null,
    loading: false,
    error: null,
    async open(row) {
      const mine = ++seq;
      set({ event: row, subject: null, loading: true, error: null });
      // The subject only adds the restriction badge: a failure to read it is not an error.
      void client
        .invoke('subjects:get', { id: row.subjectId })
        .then((subject) => {
          if (mine === seq) set({ subject });
        })
        .catch(() => undefined);
      try {
        const event = await fetchEvent(client, row.id);
        if (mine === seq) set({ event, loading: false });
      } catch (err) {
        if (mine === seq) set({ loading: false, error: messageOf(err) });
      }
    },
    close() {
      seq += 1;
      set({ event: null, subject: null, loading: false, error: null });
    },
  }));
}
