// The renderer's one locale helper: whatever the platform reports, Intl gets a tag it accepts.
// LANG=C.UTF-8 makes Chromium report `en-US@posix`, which Intl rejects (a RangeError at load
// once left the window blank).
import { describe, expect, it } from 'vitest';
import { FALLBACK_LOCALE, resolveLocale, toBcp47 } from '../../renderer/src/locale';

describe('toBcp47', () => {
  it.each([
    ['en-US@posix', 'en-US'],
    ['de_DE.UTF-8@euro', 'de-DE'],
    ['de-DE', 'de-DE'],
    ['ar', 'ar'],
    ['zh_Hant_TW', 'zh-Hant-TW'],
    ['EN-us', 'en-US'],
  ])('%s → %s', (reported, tag) => {
    expect(toBcp47(reported)).toBe(tag);
    expect(() => new Intl.NumberFormat(toBcp47(reported)!)).not.toThrow();
  });

  it.each(['C', 'POSIX', 'C.UTF-8', '', '@posix', 'not a locale!', undefined, null])(
    '%s is no locale',
    (reported) => {
      expect(toBcp47(reported)).toBeNull();
    },
  );

  it('Intl itself rejects what Chromium reports under LANG=C.UTF-8', () => {
    expect(() => new Intl.NumberFormat('en-US@posix')).toThrow(RangeError);
  });
});

describe('resolveLocale', () => {
  it('takes the first usable language', () => {
    expect(resolveLocale(['C', 'en-US@posix', 'fr-FR'])).toBe('en-US');
    expect(resolveLocale([undefined, 'fr_FR.UTF-8'])).toBe('fr-FR');
  });
  it('falls back to en-US', () => {
    expect(resolveLocale([])).toBe(FALLBACK_LOCALE);
    expect(resolveLocale(['C', 'POSIX', null])).toBe('en-US');
  });
});
