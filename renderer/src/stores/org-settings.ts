// The organisation's synced settings (issue 11): read with `orgSettings:get`, changed by an
// owner through the outbox (`settings.update` with the version the edit started from).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Client } from '../api/client';
import { messageOf } from '../api/client';
import type { OrgSettingsView } from '../../../shared/contract-app';
import { OrgSettings } from '../../../shared/org-settings';
import { describeIssues } from '../../../shared/zod-issues';

export interface OrgSettingsState {
  view: OrgSettingsView | null;
  saving: boolean;
  queued: boolean;
  error: string | null;
  load(): Promise<void>;
  save(settings: OrgSettings): Promise<boolean>;
  /** Reloads on sync and outbox changes; returns the stop function. */
  start(): () => void;
}

export type OrgSettingsStore = StoreApi<OrgSettingsState>;

export function createOrgSettingsStore(client: Client): OrgSettingsStore {
  return createStore<OrgSettingsState>()((set, get) => ({
    view: null,
    saving: false,
    queued: false,
    error: null,
    async load() {
      try {
        set({ view: await client.invoke('orgSettings:get') });
      } catch (err) {
        set({ error: messageOf(err) });
      }
    },
    async save(settings) {
      const checked = OrgSettings.safeParse(settings);
      if (!checked.success) {
        set({
          error: describeIssues(checked.error, { max: 1 }) || 'Invalid settings',
          queued: false,
        });
        return false;
      }
      const fromVersion = get().view?.record.version ?? 0;
      set({ saving: true, queued: false, error: null });
      try {
        await client.invoke('actions:submit', {
          kind: 'settings.update',
          payload: { settings: checked.data, fromVersion },
        });
        set({ saving: false, queued: true });
        await get().load();
        return true;
      } catch (err) {
        set({ saving: false, error: messageOf(err) });
        return false;
      }
    },
    start() {
      const reload = () => void get().load();
      const offSync = client.on('sync:status', (s) => {
        if (!s.running) reload();
      });
      const offOutbox = client.on('outbox:changed', reload);
      reload();
      return () => {
        offSync();
        offOutbox();
      };
    },
  }));
}
