// Export bundles (issue 12): make one with progress and cancel, list what this machine made, and
// *Mark delivered*. The core writes the ZIP where the admin chose (the desktop app's save dialog,
// or a path typed in the browser host); a generated passphrase comes back once, is shown once, and
// is dropped with `dismiss`.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Client } from '../api/client';
import { messageOf } from '../api/client';
import type { BundleEncryption, ExportBundleResult, ExportRecord } from '../../../shared/contract-bundles';

export type BundlePhase = 'idle' | 'running' | 'done' | 'failed';

export interface BundlesState {
  exports: ExportRecord[];
  listError: string | null;
  phase: BundlePhase;
  operationId: string | null;
  /** Who the running or last export is for (the panel that started it shows it). */
  target: { subjectId: string; requestId: string | null } | null;
  rowsWritten: number;
  rowsTotal: number;
  file: string | null;
  result: ExportBundleResult | null;
  error: string | null;
  load(): Promise<void>;
  start(p: {
    subjectId: string;
    requestId: string | null;
    /** Where to save; null: ask the host's save dialog (Electron), and a cancel makes no export. */
    outPath: string | null;
    encryption: BundleEncryption;
  }): Promise<void>;
  cancel(): Promise<void>;
  markDelivered(
    id: string,
    deliveredVia: 'secure_link' | 'email' | 'portal' | 'post' | 'other',
  ): Promise<void>;
  dismiss(): void;
}

export type BundlesStore = StoreApi<BundlesState>;

const IDLE = {
  phase: 'idle' as BundlePhase,
  operationId: null,
  target: null,
  rowsWritten: 0,
  rowsTotal: 0,
  file: null,
  result: null,
  error: null,
};

export function createBundlesStore(client: Client): BundlesStore {
  let off: (() => void) | null = null;
  return createStore<BundlesState>()((set, get) => ({
    exports: [],
    listError: null,
    ...IDLE,
    async load() {
      try {
        const { exports } = await client.invoke('exports:list');
        set({ exports, listError: null });
      } catch (err) {
        set({ listError: messageOf(err) });
      }
    },
    async start(p) {
      if (get().phase === 'running') return;
      const target = { subjectId: p.subjectId, requestId: p.requestId };
      let outPath = p.outPath;
      if (outPath === null) {
        try {
          outPath = (await client.invoke('dialog:saveBundlePath', target)).path;
        } catch (err) {
          set({ ...IDLE, phase: 'failed', target, error: messageOf(err) });
          return;
        }
        if (outPath === null) return;
      }
      const operationId = crypto.randomUUID();
      off?.();
      off = client.on('bundle:progress', (ev) => {
        if (ev.operationId !== get().operationId) return;
        set({ rowsWritten: ev.rowsWritten, rowsTotal: ev.rowsTotal, file: ev.file });
      });
      set({
        ...IDLE,
        phase: 'running',
        operationId,
        target,
      });
      try {
        const result = await client.invoke('exports:bundle', { operationId, ...p, outPath });
        set({ phase: 'done', result, rowsWritten: get().rowsTotal });
        void get().load();
      } catch (err) {
        set({ phase: 'failed', error: messageOf(err) });
      } finally {
        off?.();
        off = null;
      }
    },
    async cancel() {
      const id = get().operationId;
      if (id && get().phase === 'running') await client.invoke('exports:cancel', { operationId: id });
    },
    async markDelivered(id, deliveredVia) {
      try {
        await client.invoke('exports:markDelivered', { id, deliveredVia });
        await get().load();
      } catch (err) {
        set({ listError: messageOf(err) });
      }
    },
    dismiss() {
      set({ ...IDLE });
    },
  }));
}
