// The one place the renderer asks the platform for its language. Every Intl use goes through
// `appLocale()`, which turns what the platform reports into a tag Intl accepts.
//
// Why: on the many Linux machines and containers with LANG=C.UTF-8, Chromium reports
// `en-US@posix` — a POSIX locale modifier, not BCP 47 — and `new Intl.NumberFormat('en-US@posix')`
// throws a RangeError. One such call while the app loads left the window blank.

/** The fallback when nothing the platform reports is usable. */
export const FALLBACK_LOCALE = 'en-US';

/**
 * A valid, canonical BCP 47 tag for what the platform reports, or null. POSIX spellings are
 * mended first: `de_DE.UTF-8@euro` → `de-DE`, `en-US@posix` → `en-US`; `C` and `POSIX` mean none.
 */
export function toBcp47(reported: string | null | undefined): string | null {
  if (!reported) return null;
  const mended = reported.split('@')[0]!.split('.')[0]!.replace(/_/g, '-').trim();
  if (!mended || /^(c|posix)$/i.test(mended)) return null;
  try {
    const [canonical] = Intl.getCanonicalLocales(mended);
    // getCanonicalLocales accepts tags no formatter supports; make sure one does.
    return canonical && Intl.NumberFormat.supportedLocalesOf([canonical]).length > 0 ? canonical : null;
  } catch {
    return null;
  }
}

/** The first usable tag among the platform's languages, else en-US. */
export function resolveLocale(reported: readonly (string | null | undefined)[]): string {
  for (const tag of reported) {
    const ok = toBcp47(tag);
    if (ok) return ok;
  }
  return FALLBACK_LOCALE;
}

/** The window's navigator, or none (the stores also run in Node tests, which have no DOM). */
type PlatformNavigator = { language?: string; languages?: readonly string[] };
const platformNavigator = (): PlatformNavigator | undefined =>
  (globalThis as { navigator?: PlatformNavigator }).navigator;

const platformLanguages = (): (string | undefined)[] => {
  const nav = platformNavigator();
  return nav ? [nav.language, ...(nav.languages ?? [])] : [];
};

let cached: string | null = null;
/** The locale of this window's formatting (numbers, dates). */
export function appLocale(): string {
  cached ??= resolveLocale(platformLanguages());
  return cached;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
/** A cached number formatter in the app's locale. */
export function numberFormat(options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = JSON.stringify(options);
  let nf = numberFormats.get(key);
  if (!nf) {
    nf = new Intl.NumberFormat(appLocale(), options);
    numberFormats.set(key, nf);
  }
  return nf;
}

/**
 * Libraries that read `navigator.language` themselves while they load (the chart library makes
 * an `Intl.NumberFormat(navigator.language)` at import) must see a tag Intl accepts. Shadow the
 * property on this window's navigator when the platform's is not one; a valid one is left alone.
 */
export function installPlatformLocale(): void {
  const nav = platformNavigator();
  if (!nav) return;
  const locale = appLocale();
  if (nav.language && toBcp47(nav.language) === nav.language) return;
  const others = (nav.languages ?? []).map(toBcp47).filter((t): t is string => !!t && t !== locale);
  const languages = Object.freeze([locale, ...others]);
  Object.defineProperty(nav, 'language', { configurable: true, get: () => locale });
  Object.defineProperty(nav, 'languages', { configurable: true, get: () => languages });
}
