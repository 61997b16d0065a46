// CSV export of the filtered access-log view: the core writes the file (formula injection
// neutralised there), reports progress with `export:progress`, and the finished file is
// offered as a download.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Client } from '../api/client';
import { messageOf } from '../api/client';
import {
  exportDownloadUrl,
  onExportProgress,
  startCsvExport,
  toLogsFilter,
  type ExportProgress,
} from '../logs/api';
import type { LogsQuery } from '../logs/query';

export type ExportPhase = 'idle' | 'running' | 'done' | 'failed';

export interface ExportState {
  phase: ExportPhase;
  exportId: string | null;
  written: number;
  total: number;
  downloadUrl: string | null;
  fileName: string | null;
  error: string | null;
  start(query: LogsQuery): Promise<void>;
  dismiss(): void;
  /** The download of a finished export failed. */
  fail(message: string): void;
}

export type ExportStore = StoreApi<ExportState>;

/** No export on screen: the state a new export starts from and `dismiss` returns to. */
const IDLE: Omit<ExportState, 'start' | 'dismiss' | 'fail'> = {
  phase: 'idle',
  exportId: null,
  written: 0,
  total: 0,
  downloadUrl: null,
  fileName: null,
  error: null,
};

export function createExportStore(client: Client, options: { now?: () => Date } = {}): ExportStore {
  const now = options.now ?? (() => new Date());
  let off: (() => void) | null = null;

  return createStore<ExportState>()((set, get) => {
    const apply = (p: ExportProgress) => {
      const s = get();
      if (s.exportId !== null && p.exportId !== s.exportId) return;
      if (s.phase !== 'running') return;
      set({
        exportId: p.exportId,
        written: p.written,
        total: p.total,
        ...(p.error ? { phase: 'failed', error: p.error } : {}),
        ...(p.done && !p.error
          ? { phase: 'done', downloadUrl: exportDownloadUrl(p.fileName, p.key), fileName: p.fileName }
          : {}),
      });
    };

    return {
      ...IDLE,

      fail(message) {
        set({ phase: 'failed', error: message });
      },

      async start(query) {
        off ??= onExportProgress(client, apply);
        set({ ...IDLE, phase: 'running' });
        try {
          const result = await startCsvExport(client, toLogsFilter(query, now()), query.order);
          // The reply may come after the last progress event (or with none at all).
          const s = get();
          if (s.exportId === null || s.exportId === result.exportId) {
            set({ exportId: result.exportId, fileName: result.fileName });
            if (result.error) set({ phase: 'failed', error: result.error });
            else if (result.done) {
              set({
                phase: 'done',
                written: result.written,
                total: Math.max(result.total, result.written),
                downloadUrl: exportDownloadUrl(result.fileName),
              });
            } else if (get().phase === 'running' && result.written >= get().written) {
              set({ written: result.written, total: result.total });
            }
          }
        } catch (err) {
          set({ phase: 'failed', error: messageOf(err) });
        }
      },

      dismiss() {
        set(IDLE);
      },
    };
  });
}
