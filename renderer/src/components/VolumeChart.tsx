// Access-event volume per day (bars) and the share denied (line, right axis) for the Dashboard,
// drawn by uPlot like the Access logs histogram and in the colours of the theme in force.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { VolumePoint } from '../../../shared/dashboard';
import { useEffectiveTheme } from '../stores/theme';
import { mountChart } from './chart-mount';
import { chartColors } from './chart-theme';

const HEIGHT = 160;

function toData(points: readonly VolumePoint[]): uPlot.AlignedData {
  return [
    points.map((p) => Date.parse(p.start) / 1000),
    points.map((p) => p.total),
    points.map((p) => (p.denialRate === null ? null : Math.round(p.denialRate * 1000) / 10)),
  ];
}

export function VolumeChart({ points, label }: { points: readonly VolumePoint[]; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(points);
  latest.current = points;
  const theme = useEffectiveTheme();

  // Re-created when the theme changes: uPlot paints its colours into the canvas.
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const c = chartColors();
    const axis = { stroke: c.axis, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 } };
    const opts: uPlot.Options = {
      width: Math.max(el.clientWidth, 300),
      height: HEIGHT,
      cursor: { points: { show: false } },
      legend: { show: true, live: true },
      scales: {
        x: { time: true },
        events: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
        rate: { range: [0, 100] },
      },
      axes: [
        axis,
        { ...axis, scale: 'events', size: 56 },
        {
          ...axis,
          scale: 'rate',
          side: 1,
          size: 48,
          grid: { show: false },
          values: (_u, v) => v.map((n) => `${n}%`),
        },
      ],
      series: [
        {},
        {
          label: 'Events',
          scale: 'events',
          fill: c.allow,
          stroke: c.allow,
          width: 0,
          paths: uPlot.paths.bars?.({ size: [0.8, 30], gap: 1 }),
          points: { show: false },
        },
        {
          label: 'Denied %',
          scale: 'rate',
          stroke: c.deny,
          width: 2,
          spanGaps: true,
          points: { show: false },
          value: (_u, v) => (v == null ? '—' : `${v}%`),
        },
      ],
    };
    return mountChart(el, opts, toData(latest.current), HEIGHT, (u) => (plot.current = u));
  }, [theme]);

  useEffect(() => {
    plot.current?.setData(toData(points));
  }, [points]);

  return <div ref={host} role="img" aria-label={label} className="volume-chart" />;
}
