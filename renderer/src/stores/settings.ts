// Console settings kept by the core (local retention window of the cache).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Client } from '../api/client';
import { messageOf } from '../api/client';
import { getSettings, setSettings, type ConsoleSettings } from '../logs/api';

export const DEFAULT_RETENTION_DAYS = 90;

export interface SettingsState {
  settings: ConsoleSettings | null;
  saving: boolean;
  saved: boolean;
  error: string | null;
  load(): Promise<void>;
  setRetentionDays(days: number): Promise<boolean>;
}

export type SettingsStore = StoreApi<SettingsState>;

export function createSettingsStore(client: Client): SettingsStore {
  return createStore<SettingsState>()((set) => ({
    settings: null,
    saving: false,
    saved: false,
    error: null,
    async load() {
      try {
        set({ settings: await getSettings(client), error: null });
      } catch (err) {
        set({ error: messageOf(err) });
      }
    },
    async setRetentionDays(days) {
      if (!Number.isInteger(days) || days < 1 || days > 3650) {
        set({ error: 'Retention must be a whole number of days between 1 and 3650.', saved: false });
        return false;
      }
      set({ saving: true, saved: false, error: null });
      try {
        const settings = await setSettings(client, { retentionDays: days });
        set({ settings, saving: false, saved: true });
        return true;
      } catch (err) {
        set({ saving: false, error: messageOf(err) });
        return false;
      }
    },
  }));
}
