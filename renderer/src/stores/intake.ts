// Manual intake: the "New request" form's subject search (`subjects:list`) and its submission,
// queued through `actions:submit` like every action — offline too. The form checks the payload
// with the shared schema first (shared/intake.ts), so bad input never reaches the queue.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SubjectSummary } from '../../../shared/contract-subjects';
import type { IntakePayloadInput } from '../../../shared/intake';
import type { Client } from '../api/client';
import { messageOf } from '../api/client';

export interface IntakeState {
  matches: SubjectSummary[];
  searching: boolean;
  submitting: boolean;
  error: string | null;
  searchSubjects(search: string): Promise<void>;
  /** Queues the intake; resolves the new request's id, or null when the core refused it. */
  submit(payload: IntakePayloadInput): Promise<string | null>;
  reset(): void;
}
export type IntakeStore = StoreApi<IntakeState>;

export function createIntakeStore(client: Client): IntakeStore {
  let seq = 0;
  return createStore<IntakeState>()((set) => ({
    matches: [],
    searching: false,
    submitting: false,
    error: null,
    async searchSubjects(search) {
      const mine = ++seq;
      set({ searching: true });
      try {
        const { subjects } = await client.invoke('subjects:list', { search, limit: 20 });
        if (mine === seq) set({ matches: subjects, searching: false });
      } catch (err) {
        if (mine === seq) set({ searching: false, error: messageOf(err) });
      }
    },
    async submit(payload) {
      set({ submitting: true, error: null });
      try {
        const entry = await client.invoke('actions:submit', { kind: 'request.intake', payload });
        set({ submitting: false });
        return entry.action.requestId;
      } catch (err) {
        set({ submitting: false, error: messageOf(err) });
        return null;
      }
    },
    reset() {
      seq += 1;
      set({ matches: [], searching: false, submitting: false, error: null });
    },
  }));
}
