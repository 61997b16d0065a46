// US federal holidays as observed (5 U.S.C. 6103 and EO 11582: a holiday on a Saturday is
// observed the Friday before, one on a Sunday the Monday after), from `@18f/us-federal-holidays`.
// That package is pure JavaScript on dayjs (no node:* at runtime), so it is allowed in shared/.
// We only use its `dateString` (formatted in the same local zone it was built in, so the zone
// cannot shift it) and never its `Date` values.
//
// Not covered (deliberately): one-off closures by executive order (e.g. 24 Dec 2024), the DC-area
// Inauguration Day holiday, and California state holidays.
import { allForYear } from '@18f/us-federal-holidays';
import type { IsoDate } from './calendar';

const byYear = new Map<number, ReadonlySet<string>>();

/** Observed federal holiday dates that fall in `year` (including 31 Dec for next New Year's Day). */
export function usFederalHolidaysIn(year: number): ReadonlySet<string> {
  let set = byYear.get(year);
  if (!set) {
    const prefix = `${String(year).padStart(4, '0')}-`;
    // A Saturday 1 January is observed on 31 December of the previous year, which is why the
    // following year's list is consulted too.
    const dates = [...allForYear(year), ...allForYear(year + 1)]
      .map((h) => h.dateString)
      .filter((d) => d.startsWith(prefix));
    set = new Set(dates);
    byYear.set(year, set);
  }
  return set;
}

export function isUsFederalHoliday(date: IsoDate): boolean {
  return usFederalHolidaysIn(Number(date.slice(0, 4))).has(date);
}
