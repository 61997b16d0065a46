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
  // The palette declares each colour as light-dark(…, …), which only an element's computed
  // colour resolves (the custom property itself reads back unresolved): a hidden probe takes
  // each colour in turn. (Set through the CSSOM, which the CSP's style-src allows.)
  const probe = document.createElement('span');
  probe.hidden = true;
  document.documentElement.append(probe);
  const read = (name: string, fallback: string) => {
    probe.style.color = '';
    probe.style.color = `var(${name})`;
    return getComputedStyle(probe).color || fallback;
  };
  try {
    return {
      allow: read('--chart-allow', FALLBACK.allow),
      deny: read('--chart-deny', FALLBACK.deny),
      axis: read('--chart-axis', FALLBACK.axis),
      grid: read('--chart-grid', FALLBACK.grid),
      line: read('--chart-line', FALLBACK.line),
    };
  } finally {
    probe.remove();
  }
}
