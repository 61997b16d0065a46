import { useEffect, useState } from 'react';
import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import type { AccessEvent } from '../../../shared/domain';
import { logsStore, useLogs } from '../stores';
import { shownRange, pageIndexOf, type DecisionFilter } from '../stores/logs';
import { localDateTime } from '../format';

// Event strings come from the backend and are hostile: they are rendered as text only, each
// in its own bidi-isolated cell (see styles.css), truncated with the full value in a tooltip.
function Text({ value }: { value: string | null }) {
  if (value === null || value === '') return <span className="none">—</span>;
  return (
    <bdi className="cell-text" title={value}>
      {value}
    </bdi>
  );
}

const features = tableFeatures({});
const helper = createColumnHelper<typeof features, AccessEvent>();
const columns = helper.columns([
  helper.accessor('time', {
    header: 'Time',
    cell: (info) => {
      const iso = info.getValue();
      return (
        <time dateTime={iso} title={iso}>
          {localDateTime(iso)}
        </time>
      );
    },
  }),
  helper.accessor('username', { header: 'User', cell: (info) => <Text value={info.getValue()} /> }),
  helper.accessor('ip', { header: 'IP', cell: (info) => <Text value={info.getValue()} /> }),
  helper.accessor('deviceName', { header: 'Device', cell: (info) => <Text value={info.getValue()} /> }),
  helper.accessor('osVersion', { header: 'OS', cell: (info) => <Text value={info.getValue()} /> }),
  helper.accessor('app', { header: 'App', cell: (info) => <Text value={info.getValue()} /> }),
  helper.accessor('decision', {
    header: 'Decision',
    cell: (info) => {
      const d = info.getValue();
      return <span className={`badge badge-${d}`}>{d}</span>;
    },
  }),
  helper.accessor('reason', { header: 'Reason', cell: (info) => <Text value={info.getValue()} /> }),
]);

const APP_FILTER_DELAY_MS = 300;

export function AccessLogsRoom() {
  const rows = useLogs((s) => s.rows);
  const cursors = useLogs((s) => s.cursors);
  const next = useLogs((s) => s.next);
  const loading = useLogs((s) => s.loading);
  const loaded = useLogs((s) => s.loaded);
  const error = useLogs((s) => s.error);
  const decision = useLogs((s) => s.filter.decision);
  const appFilter = useLogs((s) => s.filter.app);
  const [appText, setAppText] = useState(appFilter);

  useEffect(() => {
    if (!logsStore.getState().loaded) void logsStore.getState().loadFirst();
  }, []);

  // The App filter applies once typing pauses.
  useEffect(() => {
    if (appText === logsStore.getState().filter.app) return;
    const timer = setTimeout(() => void logsStore.getState().setApp(appText), APP_FILTER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [appText]);

  const table = useTable({ features, columns, data: rows, getRowId: (row) => row.id });

  const range = shownRange({ rows, cursors });
  const pageIndex = pageIndexOf({ cursors });
  const filtered = decision !== 'all' || appFilter.trim() !== '';

  return (
    <section aria-labelledby="room-title" className="room-body logs-room">
      <div className="room-head">
        <h1 id="room-title" tabIndex={-1}>
          Access logs
        </h1>
        <div role="search" aria-label="Filter access events" className="filters">
          <div className="field inline">
            <label htmlFor="filter-decision">Decision</label>
            <select
              id="filter-decision"
              value={decision}
              onChange={(e) => void logsStore.getState().setDecision(e.target.value as DecisionFilter)}
            >
              <option value="all">All</option>
              <option value="allow">Allow</option>
              <option value="deny">Deny</option>
            </select>
          </div>
          <div className="field inline">
            <label htmlFor="filter-app">App</label>
            <input
              id="filter-app"
              type="search"
              placeholder="Any app"
              maxLength={256}
              spellCheck={false}
              value={appText}
              onChange={(e) => setAppText(e.target.value)}
            />
          </div>
        </div>
      </div>

      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}

      <div className="pager" aria-busy={loading}>
        <p className="range" aria-live="polite">
          {range ? `Showing ${range.from}–${range.to}` : loaded ? 'Showing no events' : 'Loading events…'}
          {loading && loaded && <span className="muted"> · updating…</span>}
        </p>
        <div className="pager-buttons">
          <button
            type="button"
            onClick={() => void logsStore.getState().previousPage()}
            disabled={loading || pageIndex === 0}
          >
            Previous page
          </button>
          <button
            type="button"
            onClick={() => void logsStore.getState().nextPage()}
            disabled={loading || !next}
          >
            Next page
          </button>
        </div>
      </div>

      {loaded && rows.length === 0 && !error ? (
        <p className="empty">
          {filtered && pageIndex === 0
            ? 'No cached events match these filters.'
            : 'No events cached yet — sync to fetch them.'}
        </p>
      ) : (
        rows.length > 0 && (
          <div className="table-scroll">
            <table aria-label="Access events" className="data-table logs-table" aria-busy={loading}>
              <thead>
                {table.getHeaderGroups().map((group) => (
                  <tr key={group.id}>
                    {group.headers.map((header) => (
                      <th key={header.id} scope="col" className={`col-${header.column.id}`}>
                        {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                      </th>
                    ))}
                  </tr>
                ))}
              </thead>
              <tbody>
                {table.getRowModel().rows.map((row) => (
                  <tr key={row.id}>
                    {row.getAllCells().map((cell) => (
                      <td key={cell.id} className={`col-${cell.column.id}`}>
                        <table.FlexRender cell={cell} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      )}
    </section>
  );
}
