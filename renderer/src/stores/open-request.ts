// The open request's page (`requests:get`): one request with its history, and the actions an
// admin takes on it, submitted through `actions:submit`. The core writes each action to the outbox
// with its audit entry; the overlay it returns shows the pending state at once, online or not.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ActionIntentInput } from '../../../shared/action-schemas';
import type { OutboxEntry, RequestDetail } from '../../../shared/contract-requests';
import type { Client } from '../api/client';
import { messageOf } from '../api/client';

export interface OpenRequestState {
  id: string | null;
  detail: RequestDetail | null;
  loading: boolean;
  error: string | null;
  /** An action is being handed to the core. */
  submitting: boolean;
  submitError: string | null;
  /** The last action queued from this page (for the "queued" confirmation). */
  lastQueued: OutboxEntry | null;
  open(id: string): Promise<void>;
  refresh(): Promise<void>;
  close(): void;
  /** Queues an action; resolves true when the core accepted it into the outbox. */
  submit(intent: ActionIntentInput): Promise<boolean>;
  clearSubmitError(): void;
}
export type OpenRequestStore = StoreApi<OpenRequestState>;

export function createOpenRequestStore(client: Client): OpenRequestStore {
  let seq = 0;
  return createStore<OpenRequestState>()((set, get) => {
    const fetchDetail = async (id: string) => {
      const mine = ++seq;
      set({ loading: true });
      try {
        const detail = await client.invoke('requests:get', { id });
        if (mine !== seq || get().id !== id) return;
        set({ detail, loading: false, error: null });
      } catch (err) {
        if (mine !== seq || get().id !== id) return;
        set({ loading: false, error: messageOf(err) });
      }
    };
    return {
      id: null,
      detail: null,
      loading: false,
      error: null,
      submitting: false,
      submitError: null,
      lastQueued: null,

      async open(id) {
        if (get().id !== id) {
          set({ id, detail: null, error: null, submitError: null, lastQueued: null });
        }
        await fetchDetail(id);
      },
      async refresh() {
        const id = get().id;
        if (id) await fetchDetail(id);
      },
      close() {
        seq += 1;
        set({ id: null, detail: null, loading: false, error: null, submitError: null, lastQueued: null });
      },
      async submit(intent) {
        set({ submitting: true, submitError: null });
        try {
          const entry = await client.invoke('actions:submit', intent);
          // Shown at once, before the refreshed overlay arrives.
          set((s) => ({
            submitting: false,
            lastQueued: entry,
            detail:
              s.detail &&
              s.detail.request.id === entry.action.requestId &&
              !s.detail.pending.some((p) => p.action.id === entry.action.id)
                ? { ...s.detail, pending: [...s.detail.pending, entry] }
                : s.detail,
          }));
          if (get().id === intent.requestId) await fetchDetail(intent.requestId);
          return true;
        } catch (err) {
          set({ submitting: false, submitError: messageOf(err) });
          return false;
        }
      },
      clearSubmitError() {
        set({ submitError: null });
      },
    };
  });
}
