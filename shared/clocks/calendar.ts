// Calendar-date arithmetic on `YYYY-MM-DD` strings, with no `Date` and no time zone anywhere:
// dates are converted to a day number (days since 1970-01-01, proleptic Gregorian) with integer
// arithmetic (H. Hinnant's days_from_civil / civil_from_days), so nothing can shift a date by a day.

/** A calendar date written `YYYY-MM-DD`. */
export type IsoDate = string;

export interface CivilDate {
  year: number;
  month: number; // 1–12
  day: number; // 1–31
}

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function monthName(month: number): string {
  return MONTH_NAMES[month - 1] ?? `month ${month}`;
}

/** Split `YYYY-MM-DD` into numbers without checking the calendar; null when the shape is wrong. */
export function splitDate(text: string): CivilDate | null {
  const m = SHAPE.exec(text);
  if (!m) return null;
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** Why `text` is not a real calendar date, or null when it is one. */
export function calendarProblem(text: string): string | null {
  const parts = splitDate(text);
  if (!parts) return `expected a calendar date YYYY-MM-DD, got ${JSON.stringify(text)}`;
  const { year, month, day } = parts;
  if (month < 1 || month > 12) return `${text} is not a real calendar date (there is no month ${month})`;
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) {
    return `${text} is not a real calendar date (${monthName(month)} ${year} has ${last} days)`;
  }
  return null;
}

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** Days since 1970-01-01 of a civil date (which must be valid). */
export function dayNumberOfCivil({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yoe = y - era * 400; // [0, 399]
  const mp = (month + 9) % 12; // March = 0
  const doy = floorDiv(153 * mp + 2, 5) + day - 1; // [0, 365]
  const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy; // [0, 146096]
  return era * 146097 + doe - 719468;
}

export function civilOfDayNumber(dayNumber: number): CivilDate {
  const z = dayNumber + 719468;
  const era = floorDiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36524) - floorDiv(doe, 146096), 365);
  const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
  const mp = floorDiv(5 * doy + 2, 153);
  const day = doy - floorDiv(153 * mp + 2, 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Day number of a `YYYY-MM-DD` string; throws RangeError when it is not a real date. */
export function toDayNumber(text: IsoDate): number {
  const problem = calendarProblem(text);
  if (problem !== null) throw new RangeError(problem);
  return dayNumberOfCivil(splitDate(text) as CivilDate);
}

export function formatCivil({ year, month, day }: CivilDate): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function fromDayNumber(dayNumber: number): IsoDate {
  return formatCivil(civilOfDayNumber(dayNumber));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** `later - earlier` in days (negative when `later` is before `earlier`). */
export function diffDays(later: IsoDate, earlier: IsoDate): number {
  return toDayNumber(later) - toDayNumber(earlier);
}

/**
 * The same calendar date `months` months later, or the last day of that month when it has no
 * such date (31 Jan + 1 month = 28/29 Feb; 31 Mar + 1 month = 30 Apr).
 */
export function addMonthsClamped(date: IsoDate, months: number): IsoDate {
  toDayNumber(date); // validate
  const { year, month, day } = splitDate(date) as CivilDate;
  const index = year * 12 + (month - 1) + months;
  const y = floorDiv(index, 12);
  const m = index - y * 12 + 1;
  return formatCivil({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) });
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function isWeekend(date: IsoDate): boolean {
  const d = weekday(date);
  return d === 0 || d === 6;
}
