// Events over time for the filtered set, allow and deny stacked, drawn by uPlot on a canvas.
// Brushing (drag across the plot) reports the selected time range; the parent zooms the filter.
// uPlot styles its DOM through CSSOM properties only, which the strict CSP (style-src 'self')
// allows; its stylesheet is bundled with ours.
import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { HistogramBucket } from '../logs/api';
import { useEffectiveTheme } from '../stores/theme';
import { mountChart } from './chart-mount';
import { chartColors } from './chart-theme';

export type { HistogramBucket };

export interface HistogramProps {
  buckets: HistogramBucket[];
  bucketMs: number;
  /** Accessible summary of the chart (the canvas itself says nothing to assistive tech). */
  label: string;
  onBrush(fromMs: number, toMs: number): void;
}

const HEIGHT = 130;

/** The core sends non-empty buckets only: fill the gaps with zeros (and close the last bar) so
 *  the time axis is continuous and a single bucket still spans one bucket's width. */
export function fillBuckets(buckets: HistogramBucket[], bucketMs: number): HistogramBucket[] {
  const first = buckets[0];
  const last = buckets[buckets.length - 1];
  if (!first || !last || (last.start - first.start) / bucketMs > 20_000) return buckets;
  const byStart = new Map(buckets.map((b) => [b.start, b]));
  const out: HistogramBucket[] = [];
  for (let t = first.start; t <= last.start + bucketMs; t += bucketMs) {
    out.push(byStart.get(t) ?? { start: t, allow: 0, deny: 0 });
  }
  return out;
}

function toData(buckets: HistogramBucket[]): uPlot.AlignedData {
  const xs = buckets.map((b) => b.start / 1000);
  const total = buckets.map((b) => b.allow + b.deny);
  const deny = buckets.map((b) => b.deny);
  return [xs, total, deny];
}

export function Histogram({ buckets, bucketMs, label, onBrush }: HistogramProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const filled = useMemo(() => fillBuckets(buckets, bucketMs), [buckets, bucketMs]);
  const latest = useRef({ buckets: filled, bucketMs, onBrush });
  latest.current = { buckets: filled, bucketMs, onBrush };

  const theme = useEffectiveTheme();

  // Created once per theme (uPlot draws its colours into the canvas); data and size are pushed
  // into it below.
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const c = chartColors();
    const bars = uPlot.paths.bars?.({ align: 1, size: [0.9, 40], gap: 1 });
    const opts: uPlot.Options = {
      width: Math.max(el.clientWidth, 300),
      height: HEIGHT,
      cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      legend: { show: true, live: true },
      scales: {
        x: {
          time: true,
          range: (_u, min, max) => [min, Math.max(max, min + latest.current.bucketMs / 1000)],
        },
        y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.05] },
      },
      axes: [
        { stroke: c.axis, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 } },
        {
          stroke: c.axis,
          grid: { stroke: c.grid, width: 1 },
          ticks: { stroke: c.grid, width: 1 },
          size: 56,
        },
      ],
      series: [
        {},
        {
          label: 'Allow',
          fill: c.allow,
          stroke: c.allow,
          width: 0,
          paths: bars,
          points: { show: false },
          // Drawn as the stack's full height; the legend shows allow alone.
          value: (_u, v, _s, idx) => {
            if (v == null || idx == null) return '—';
            const b = latest.current.buckets[idx];
            return b ? String(b.allow) : String(v);
          },
        },
        {
          label: 'Deny',
          fill: c.deny,
          stroke: c.deny,
          width: 0,
          paths: bars,
          points: { show: false },
          value: (_u, v) => (v == null ? '—' : String(v)),
        },
      ],
      hooks: {
        setSelect: [
          (u) => {
            const { left, width } = u.select;
            if (width < 2) return;
            const step = latest.current.bucketMs;
            const fromMs = Math.floor((u.posToVal(left, 'x') * 1000) / step) * step;
            const toMs = Math.ceil((u.posToVal(left + width, 'x') * 1000) / step) * step;
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            if (toMs > fromMs) latest.current.onBrush(fromMs, toMs);
          },
        ],
      },
    };
    return mountChart(el, opts, toData(latest.current.buckets), HEIGHT, (u) => (plot.current = u));
  }, [theme]);

  useEffect(() => {
    plot.current?.setData(toData(filled));
  }, [filled]);

  return (
    <figure className="histogram">
      <div ref={host} role="img" aria-label={label} className="histogram-plot" />
      <figcaption className="muted small">Drag across the chart to zoom the time range.</figcaption>
    </figure>
  );
}
