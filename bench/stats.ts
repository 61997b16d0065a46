// Small measuring helpers the bench's figures share: timing one call and summarising samples.
import { performance } from 'node:perf_hooks';

/** Rounded to `d` decimals (figures are reported, not computed with further). */
export const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
export const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** [milliseconds taken, value returned] of one synchronous call. */
export const time = <T>(f: () => T): [number, T] => {
  const t = performance.now();
  const v = f();
  return [performance.now() - t, v];
};

/** Figures measured so far; a failed one is null with its reason in `reasons`. */
export interface Measured {
  figures: Record<string, number | string | null>;
  reasons: Record<string, string>;
}
