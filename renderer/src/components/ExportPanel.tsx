// CSV export of the filtered view, with a progress bar and the download when it is ready.
import { exportStore, useExport, useSession } from '../stores';
import type { LogsQuery } from '../logs/query';
import { numberFormat } from '../locale';
import { downloadWithSession } from '../api/download';

const nf = numberFormat();

export function ExportPanel({ query, disabled }: { query: LogsQuery; disabled: boolean }) {
  const phase = useExport((s) => s.phase);
  const written = useExport((s) => s.written);
  const total = useExport((s) => s.total);
  const url = useExport((s) => s.downloadUrl);
  const fileName = useExport((s) => s.fileName);
  const error = useExport((s) => s.error);
  // The browser host serves finished exports; the desktop app leaves them in its exports folder.
  const inBrowser = useSession((s) => s.appInfo?.transport !== 'electron');

  return (
    <div className="export-panel">
      <button
        type="button"
        onClick={() => void exportStore.getState().start(query)}
        disabled={disabled || phase === 'running'}
      >
        Export CSV
      </button>
      <div className="export-status" role="status" aria-label="CSV export">
        {phase === 'running' && (
          <>
            <progress aria-label="Export progress" value={written} max={Math.max(total, 1)} />
            <span className="muted small">
              {nf.format(written)} of {total > 0 ? nf.format(total) : '…'} rows
            </span>
          </>
        )}
        {phase === 'done' && url && (
          <>
            {inBrowser ? (
              <a
                className="button-link"
                href={url}
                download={fileName ?? 'access-events.csv'}
                onClick={(e) => {
                  // The host wants the session header, which a plain link cannot send.
                  e.preventDefault();
                  downloadWithSession(url, fileName ?? 'access-events.csv').catch((err: unknown) =>
                    exportStore.getState().fail(err instanceof Error ? err.message : String(err)),
                  );
                }}
              >
                Download CSV
              </a>
            ) : (
              <span className="small">
                Saved to the exports folder as <code>{fileName}</code>
              </span>
            )}
            <span className="muted small">{nf.format(written)} rows</span>
            <button type="button" className="quiet" onClick={() => exportStore.getState().dismiss()}>
              Dismiss
            </button>
          </>
        )}
        {phase === 'failed' && <span className="field-error">Export failed: {error}</span>}
      </div>
    </div>
  );
}
