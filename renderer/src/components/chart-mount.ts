// Mounting a uPlot chart the way every chart of the console does: in its host element, as wide as
// the element (at least 300 px) and following it when the layout changes.
import uPlot from 'uplot';

/** Creates the chart in `el` and hands it to `onPlot`; returns the teardown for the effect. */
export function mountChart(
  el: HTMLElement,
  opts: uPlot.Options,
  data: uPlot.AlignedData,
  height: number,
  onPlot: (u: uPlot | null) => void,
): () => void {
  const u = new uPlot(opts, data, el);
  onPlot(u);
  const resize = new ResizeObserver(() => {
    const w = Math.max(el.clientWidth, 300);
    if (w !== u.width) u.setSize({ width: w, height });
  });
  resize.observe(el);
  return () => {
    resize.disconnect();
    u.destroy();
    onPlot(null);
  };
}
