// The scaled scrollbar's arithmetic. Browsers cap an element's height (Chromium ~33.5M px,
// Firefox ~17.9M), so a full-height spacer breaks past roughly half a million 32px rows: the
// spacer is capped and the scroll position is scaled into the virtual offset (and back).

export const ROW_HEIGHT = 32;
/** Largest spacer we let the browser lay out (well below every engine's limit). */
export const MAX_SCROLL_PX = 6_000_000;

/** Real spacer height, and the factor virtual offset = real scrollTop × scale. */
export function scrollScale(count: number, viewportPx: number): { realHeight: number; scale: number } {
  const virtualHeight = count * ROW_HEIGHT;
  const realHeight = Math.min(virtualHeight, MAX_SCROLL_PX);
  if (realHeight >= virtualHeight || realHeight <= viewportPx) return { realHeight, scale: 1 };
  return { realHeight, scale: (virtualHeight - viewportPx) / (realHeight - viewportPx) };
}
