// Dates of record in the organisation's time zone (issue 11 of the legal rules): a reply sent on
// a Pacific evening is recorded on that evening's date, not on the next UTC day. Intl does the
// zone arithmetic (IANA data of the runtime); only the calendar date is kept.
import { AppError } from '../errors';
import type { IsoDate } from './calendar';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
    } catch {
      throw new AppError('E_VALIDATION', `${timeZone} is not an IANA time zone this runtime knows.`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** The calendar date (YYYY-MM-DD) it is at `instant` in `timeZone`. */
export function dateIn(timeZone: string, instant: Date): IsoDate {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`;
}

/** Today's date in `timeZone`. */
export function todayIn(timeZone: string, now: Date = new Date()): IsoDate {
  return dateIn(timeZone, now);
}
