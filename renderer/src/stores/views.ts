// Saved views: named access-log filter sets, kept in the cache by the core.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Client } from '../api/client';
import { messageOf } from '../api/client';
import { deleteView, listViews, saveView, type SavedView } from '../logs/api';
import type { LogsQuery } from '../logs/query';

export interface ViewsState {
  views: SavedView[];
  loaded: boolean;
  busy: boolean;
  error: string | null;
  load(): Promise<void>;
  save(name: string, query: LogsQuery): Promise<boolean>;
  remove(id: string): Promise<void>;
}

export type ViewsStore = StoreApi<ViewsState>;

export function createViewsStore(client: Client): ViewsStore {
  return createStore<ViewsState>()((set, get) => ({
    views: [],
    loaded: false,
    busy: false,
    error: null,
    async load() {
      try {
        set({ views: await listViews(client), loaded: true, error: null });
      } catch (err) {
        set({ error: messageOf(err), loaded: true });
      }
    },
    async save(name, query) {
      const trimmed = name.trim();
      if (!trimmed) {
        set({ error: 'Give the view a name.' });
        return false;
      }
      set({ busy: true, error: null });
      try {
        await saveView(client, trimmed, query);
        await get().load();
        set({ busy: false });
        return true;
      } catch (err) {
        set({ busy: false, error: messageOf(err) });
        return false;
      }
    },
    async remove(id) {
      set({ busy: true, error: null });
      try {
        await deleteView(client, id);
        set((s) => ({ views: s.views.filter((v) => v.id !== id), busy: false }));
      } catch (err) {
        set({ busy: false, error: messageOf(err) });
      }
    },
  }));
}
