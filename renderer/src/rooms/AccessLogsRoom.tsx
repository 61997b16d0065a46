// The Access-logs view over the whole cache: filters, the time histogram (brush to zoom), the
// virtualized table and the detail drawer; saved views and CSV export of the filtered set.
import { useCallback, useEffect, useRef } from 'react';
import {
  eventDrawerStore,
  histogramStore,
  logsStore,
  useEventDrawer,
  useHistogram,
  useLogs,
} from '../stores';
import { FilterBar } from '../components/FilterBar';
import { Histogram } from '../components/Histogram';
import { LogsTable } from '../components/LogsTable';
import { EventDrawer } from '../components/EventDrawer';
import { SavedViews } from '../components/SavedViews';
import { ExportPanel } from '../components/ExportPanel';
import { bucketMs, describeHistogram } from '../stores/histogram';
import { EMPTY_QUERY, ipError, isFiltered, type LogsQuery } from '../logs/query';
import { subjectHref } from '../router';
import { numberFormat } from '../locale';
import { ErrorAlert } from '../components/ErrorAlert';

const nf = numberFormat();

export function AccessLogsRoom() {
  const query = useLogs((s) => s.query);
  const count = useLogs((s) => s.count);
  const capped = useLogs((s) => s.capped);
  const pages = useLogs((s) => s.pages);
  const loading = useLogs((s) => s.loading);
  const loaded = useLogs((s) => s.loaded);
  const error = useLogs((s) => s.error);
  const queryError = useLogs((s) => s.queryError);
  const generation = useLogs((s) => s.generation);
  const queryVersion = useLogs((s) => s.queryVersion);
  const buckets = useHistogram((s) => s.buckets);
  const bucket = useHistogram((s) => s.bucket);
  const histogramError = useHistogram((s) => s.error);
  const selectedId = useEventDrawer((s) => s.event?.id ?? null);
  const pager = useRef<{ page(dir: 1 | -1): void; firstVisible(): number; visibleCount(): number } | null>(
    null,
  );

  useEffect(() => {
    const s = logsStore.getState();
    if (!s.loaded && !s.loading) void s.loadFirst();
    // The histogram follows later query changes by itself (stores/wiring.ts).
    if (histogramStore.getState().buckets.length === 0) void histogramStore.getState().load(s.query);
  }, []);

  const setQuery = useCallback((patch: Partial<LogsQuery>) => void logsStore.getState().setQuery(patch), []);
  const ensureRows = useCallback((a: number, b: number) => logsStore.getState().ensureRows(a, b), []);
  const rowAt = useCallback((i: number) => logsStore.getState().rowAt(i), []);

  const onBrush = useCallback(
    (fromMs: number, toMs: number) =>
      setQuery({ preset: 'custom', from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() }),
    [],
  );

  const invalidIp = ipError(query.ip) !== null;
  const filtered = isFiltered(query);
  const shown = count ?? 0;

  return (
    <section aria-labelledby="room-title" className="room-body logs-room">
      <div className="room-head">
        <h1 id="room-title" tabIndex={-1}>
          Access logs
        </h1>
        <div className="room-tools">
          <SavedViews query={query} onApply={(q) => setQuery(q)} />
          <ExportPanel query={query} disabled={invalidIp || !!queryError || shown === 0} />
        </div>
      </div>

      <FilterBar query={query} searchError={queryError} onChange={setQuery} />

      <ErrorAlert message={error} />

      <div className="histogram-panel">
        <Histogram
          buckets={buckets}
          bucketMs={bucketMs(bucket)}
          label={describeHistogram(buckets, bucket, query)}
          onBrush={onBrush}
        />
        {histogramError && !queryError && (
          <p className="field-error">Histogram unavailable: {histogramError}</p>
        )}
      </div>

      <div className="pager" aria-busy={loading}>
        <p className="range" aria-live="polite">
          {count === null
            ? 'Counting events…'
            : count === 0
              ? loaded
                ? filtered || queryError
                  ? 'No cached events match these filters.'
                  : 'No events cached yet — sync to fetch them.'
                : 'Loading events…'
              : `${capped ? 'At least ' : ''}${nf.format(count)} ${count === 1 ? 'event' : 'events'}${filtered ? ' match' : ''}`}
          {loading && loaded && <span className="muted"> · updating…</span>}
        </p>
        <div className="pager-buttons">
          {filtered && (
            <button type="button" onClick={() => setQuery({ ...EMPTY_QUERY, order: query.order })}>
              Clear filters
            </button>
          )}
          <button type="button" onClick={() => pager.current?.page(-1)} disabled={shown === 0}>
            Previous page
          </button>
          <button type="button" onClick={() => pager.current?.page(1)} disabled={shown === 0}>
            Next page
          </button>
        </div>
      </div>

      <div className="logs-main">
        <LogsTable
          count={shown}
          generation={generation}
          queryVersion={queryVersion}
          pagesVersion={pages}
          rowAt={rowAt}
          ensureRows={ensureRows}
          order={query.order}
          onToggleOrder={() => setQuery({ order: query.order === 'desc' ? 'asc' : 'desc' })}
          onOpen={(row) => void eventDrawerStore.getState().open(row)}
          selectedId={selectedId}
          subjectHref={subjectHref}
          pagerRef={pager}
        />
        <EventDrawer />
      </div>
    </section>
  );
}
