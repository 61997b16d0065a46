// Public holidays of an EU/EEA member state, for the end of GDPR periods (Reg. 1182/71 Art. 3(4):
// a period ending on a public holiday, Saturday or Sunday ends at the end of the next working
// day; Art. 2(1): the public holidays are those of the member state concerned).
//
// The holidays come from `date-holidays` (a maintained data set), never from hand lists: the
// member state's NATIONAL public holidays only (no state/region is passed, so regional holidays
// are not included) of type `public` (bank holidays, observances and optional days are not), with
// the substitute days the state observes (they are `public` entries flagged `substitute`).
//
// The library holds every country's rules (~1 MB), so it is loaded lazily: callers that may need a
// member state's calendar `await loadMemberStateHolidays()` once (CLI, backend, the console's core
// and the renderer do so before computing clocks); the lookups below are synchronous after that.
// Only the library's `date` strings (`YYYY-MM-DD hh:mm:ss`, the holiday's own calendar date) are
// read, never its `Date` values, so no time zone can shift a holiday by a day.
import type HolidaysClass from 'date-holidays';
import { AppError } from '../errors';
import type { IsoDate } from './calendar';

/** EU member states and the EEA states where the GDPR applies (ISO 3166-1 alpha-2). */
export const MEMBER_STATES = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV',
  'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO',
] as const; // prettier-ignore
export type MemberState = (typeof MEMBER_STATES)[number];

export function isMemberState(code: string): code is MemberState {
  return (MEMBER_STATES as readonly string[]).includes(code);
}

let Holidays: typeof HolidaysClass | null = null;
let loading: Promise<void> | null = null;
const byCountryYear = new Map<string, ReadonlySet<string>>();

/** Loads the holiday library once (later calls return at once). */
export function loadMemberStateHolidays(): Promise<void> {
  if (Holidays) return Promise.resolve();
  loading ??= import('date-holidays').then((m) => {
    // CommonJS (Node's `require` export) or ESM (bundlers): the class is the default export.
    const mod = m as unknown as { default: typeof HolidaysClass | { default: typeof HolidaysClass } };
    Holidays = 'default' in mod.default ? mod.default.default : mod.default;
  });
  return loading;
}

export function memberStateHolidaysLoaded(): boolean {
  return Holidays !== null;
}

/** The national public holidays (with substitute days) of `country` in `year`, as YYYY-MM-DD. */
export function memberStateHolidaysIn(country: string, year: number): ReadonlySet<string> {
  if (!isMemberState(country))
    throw new AppError(
      'E_VALIDATION',
      `${country} is not an EU/EEA member state (expected one of ${MEMBER_STATES.join(', ')}).`,
    );
  if (!Holidays)
    throw new AppError(
      'E_HOLIDAYS_UNAVAILABLE',
      'The public-holiday calendar is not loaded yet (loadMemberStateHolidays was not awaited).',
    );
  const key = `${country}:${year}`;
  let set = byCountryYear.get(key);
  if (!set) {
    const hd = new Holidays(country, { types: ['public'] });
    const dates = hd
      .getHolidays(year)
      .filter((h) => h.type === 'public')
      .map((h) => h.date.slice(0, 10));
    set = new Set(dates);
    byCountryYear.set(key, set);
  }
  return set;
}

/** Whether `date` is a national public holiday (or substitute day) of `country`. */
export function isMemberStateHoliday(country: string, date: IsoDate): boolean {
  return memberStateHolidaysIn(country, Number(date.slice(0, 4))).has(date);
}
