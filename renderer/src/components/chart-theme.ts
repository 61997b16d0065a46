// The chart colours of the theme in force, read from the CSS custom properties of styles.css so
// the canvas (which CSS cannot reach) follows the same palette as the page.
export interface ChartColors {
  allow: string;
  deny: string;
  axis: string;
  grid: string;
  line: string;
}

const FALLBACK: ChartColors = {
  allow: '#3a9a5b',
  deny: '#d1453b',
  axis: '#57606a',
  grid: '#eceef1',
  line: '#1f5fbf',
};

export function chartColors(): ChartColors {
  if (typeof document === 'undefined') return FALLBACK;
  const css = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    allow: read('--chart-allow', FALLBACK.allow),
    deny: read('--chart-deny', FALLBACK.deny),
    axis: read('--chart-axis', FALLBACK.axis),
    grid: read('--chart-grid', FALLBACK.grid),
    line: read('--chart-line', FALLBACK.line),
  };
}
