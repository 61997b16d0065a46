// The Dashboard, the home room (issue 16): deadlines, response times, open requests, access
// events and denials, the newest triage flags, sync health. Figures from `dashboard:get`
// (computed in the core by shared/dashboard.ts); sync health from the live sync and outbox stores.
import { useEffect } from 'react';
import { format } from 'date-fns';
import { usePendingCount } from '../components/RoomsNav';
import {
  DeadlinesTile,
  FlagsTile,
  OpenRequestsTile,
  ResponseTimesTile,
  SyncTile,
} from '../components/DashboardTiles';
import { VolumeChart } from '../components/VolumeChart';
import { numberFormat } from '../locale';
import { hrefOf } from '../router';
import { dashboardStore, useDashboard, useOutbox, useSync } from '../stores';
import type { VolumePoint } from '../../../shared/dashboard';
import { ErrorAlert } from '../components/ErrorAlert';

/** The chart's words for assistive tech: totals, the overall denial rate, the busiest day. */
export function describeVolume(points: readonly VolumePoint[]): string {
  const total = points.reduce((n, p) => n + p.total, 0);
  const deny = points.reduce((n, p) => n + p.deny, 0);
  const nf = numberFormat();
  const rate =
    total === 0 ? '—' : numberFormat({ style: 'percent', maximumFractionDigits: 1 }).format(deny / total);
  let peak: VolumePoint | null = null;
  for (const p of points) if (!peak || p.total > peak.total) peak = p;
  const peakText =
    peak && peak.total > 0
      ? `; busiest day ${format(new Date(peak.start), 'd MMM yyyy')} with ${nf.format(peak.total)}`
      : '';
  return `Access events per day, last ${points.length} days: ${nf.format(total)} events, ${rate} denied${peakText}`;
}

export function DashboardRoom() {
  const view = useDashboard((s) => s.view);
  const error = useDashboard((s) => s.error);
  const loading = useDashboard((s) => s.loading);
  const status = useSync((s) => s.status);
  const completedRuns = useSync((s) => s.completedRuns);
  const pending = usePendingCount();
  const conflicts = useOutbox((s) => s.conflictCount ?? 0);

  // On entering the room and after every finished sync run (new requests, new events).
  useEffect(() => {
    void dashboardStore.getState().load();
  }, [completedRuns]);

  return (
    <section aria-labelledby="room-title" className="room-body">
      <div className="room-head">
        <h1 id="room-title" tabIndex={-1}>
          Dashboard
        </h1>
        <div className="filters">
          {view && <span className="muted small">Deadlines counted on {view.today}</span>}
          <button type="button" onClick={() => void dashboardStore.getState().load()} disabled={loading}>
            Refresh
          </button>
        </div>
      </div>
      <ErrorAlert message={error} />
      {!view && !error && <p aria-busy="true">Loading the dashboard…</p>}
      {view && (
        <div className="dashboard-grid">
          <DeadlinesTile deadlines={view.deadlines} />
          <section aria-labelledby="tile-volume" className="tile tile-wide">
            <h2 id="tile-volume">Access events and denials</h2>
            <VolumeChart points={view.volume} label={describeVolume(view.volume)} />
            <a href={hrefOf('logs')}>Access logs</a>
          </section>
          <ResponseTimesTile times={view.responseTimes} />
          <OpenRequestsTile open={view.openRequests} />
          <FlagsTile flags={view.newestFlags} />
          <SyncTile status={status} pending={pending} conflicts={conflicts} />
        </div>
      )}
    </section>
  );
}
