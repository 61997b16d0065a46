// Legal clocks of a privacy request (DESIGN.md §6): pure functions on calendar dates.
//
// GDPR Art. 12(3) with Reg. (EEC, Euratom) 1182/71: one month after receipt (same date, or the
//   last day of a shorter month), moved to the next working day when it falls on a Saturday,
//   Sunday or configured holiday; extended: three months after receipt, same rules.
// CCPA/CPRA Civ. Code 1798.130(a)(2)(A), 11 CCR §7021: confirm receipt of know/delete/correct
//   requests by the 10th business day after receipt (Mon–Fri minus US federal holidays as
//   observed); respond within 45 calendar days of receipt (not moved for weekends), 90 at most
//   with an extension notified within the first 45. Verification does not stop the clock.
// other: a configurable number of calendar days (default 30), extendable by as many again.
import type { z } from 'zod';
import type { Jurisdiction, RequestType } from '../domain';
import { AppError } from '../errors';
import { addDays, addMonthsClamped, calendarProblem, diffDays, isWeekend, type IsoDate } from './calendar';
import { ClockInputSchema, DEFAULT_OTHER_PERIOD_DAYS, describeIssues } from './schema';
import { isUsFederalHoliday } from './us-federal-holidays';

export type { IsoDate } from './calendar';
export { addDays, addMonthsClamped, diffDays, isCalendarDate, isWeekend, weekday } from './calendar';
export { isUsFederalHoliday, usFederalHolidaysIn } from './us-federal-holidays';
export {
  CalendarDay,
  ClockInputSchema,
  DEFAULT_OTHER_PERIOD_DAYS,
  MAX_OTHER_PERIOD_DAYS,
  MAX_RECEIVED_ON,
  MIN_RECEIVED_ON,
  describeIssues,
} from './schema';

export interface ClockInput {
  jurisdiction: Jurisdiction;
  /** Day the request was received, YYYY-MM-DD (the controller's/business's calendar date). */
  receivedOn: IsoDate;
  /** Under CCPA, decides whether a receipt confirmation is due; omitted = assume it is. */
  type?: RequestType;
  /** An extension was notified in time: `dueBy` becomes `extendedRespondBy`. */
  extended?: boolean;
  /** GDPR only: extra non-working days (public holidays), YYYY-MM-DD. Default none. */
  holidays?: IsoDate[];
  /** `other` only: response period in calendar days (default 30), extendable by as many again. */
  otherPeriodDays?: number;
}

export interface Clocks {
  /** Confirm receipt by (CCPA know/delete/correct only), else null. */
  acknowledgeBy: IsoDate | null;
  /** Respond by, without extension. */
  respondBy: IsoDate;
  /** Last day to notify an extension (= the un-extended respondBy). */
  extensionNoticeBy: IsoDate;
  /** Respond by, with the extension. */
  extendedRespondBy: IsoDate;
  /** The deadline in force: extendedRespondBy when extended, else respondBy. */
  dueBy: IsoDate;
  /** Whether the extension is in force (copied from the input). */
  extended: boolean;
}

export type DeadlineKind = 'acknowledge' | 'respond' | 'extension_notice';

export interface NextDeadline {
  kind: DeadlineKind;
  date: IsoDate;
  /** Negative when overdue, 0 on the day itself. */
  daysLeft: number;
}

/** CCPA request types that must be confirmed within 10 business days (11 CCR §7021(a)). */
const CCPA_CONFIRMED_TYPES: ReadonlySet<RequestType> = new Set<RequestType>([
  'access',
  'access_specific',
  'portability',
  'erasure',
  'rectification',
]);
const CCPA_CONFIRM_BUSINESS_DAYS = 10;
const CCPA_RESPOND_DAYS = 45;
const CCPA_EXTENDED_DAYS = 90;
const GDPR_MONTHS = 1;
const GDPR_EXTENDED_MONTHS = 3;

/** Validate clock input; throws AppError('E_VALIDATION') with a message naming each problem. */
export function parseClockInput(input: unknown): z.output<typeof ClockInputSchema> {
  const parsed = ClockInputSchema.safeParse(input);
  if (!parsed.success)
    throw new AppError('E_VALIDATION', `Invalid clock input: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** `date` itself when it is a working day, else the next one. */
export function nextWorkingDay(date: IsoDate, isHoliday: (d: IsoDate) => boolean): IsoDate {
  let d = date;
  while (isWeekend(d) || isHoliday(d)) d = addDays(d, 1);
  return d;
}

/** The `n`th business day strictly after `date` (the day of `date` itself never counts). */
export function addBusinessDays(date: IsoDate, n: number, isHoliday: (d: IsoDate) => boolean): IsoDate {
  let d = date;
  for (let counted = 0; counted < n;) {
    d = addDays(d, 1);
    if (!isWeekend(d) && !isHoliday(d)) counted += 1;
  }
  return d;
}

export function computeClocks(input: ClockInput): Clocks {
  const {
    jurisdiction,
    receivedOn,
    type,
    extended = false,
    holidays = [],
    otherPeriodDays,
  } = parseClockInput(input);
  let acknowledgeBy: IsoDate | null = null;
  let respondBy: IsoDate;
  let extendedRespondBy: IsoDate;
  switch (jurisdiction) {
    case 'gdpr': {
      const extra = new Set(holidays);
      const isHoliday = (d: IsoDate) => extra.has(d);
      respondBy = nextWorkingDay(addMonthsClamped(receivedOn, GDPR_MONTHS), isHoliday);
      extendedRespondBy = nextWorkingDay(addMonthsClamped(receivedOn, GDPR_EXTENDED_MONTHS), isHoliday);
      break;
    }
    case 'ccpa': {
      if (type === undefined || CCPA_CONFIRMED_TYPES.has(type)) {
        acknowledgeBy = addBusinessDays(receivedOn, CCPA_CONFIRM_BUSINESS_DAYS, isUsFederalHoliday);
      }
      respondBy = addDays(receivedOn, CCPA_RESPOND_DAYS);
      extendedRespondBy = addDays(receivedOn, CCPA_EXTENDED_DAYS);
      break;
    }
    case 'other': {
      const period = otherPeriodDays ?? DEFAULT_OTHER_PERIOD_DAYS;
      respondBy = addDays(receivedOn, period);
      extendedRespondBy = addDays(receivedOn, 2 * period);
      break;
    }
  }
  return {
    acknowledgeBy,
    respondBy,
    extensionNoticeBy: respondBy,
    extendedRespondBy,
    dueBy: extended ? extendedRespondBy : respondBy,
    extended,
  };
}

function checkDate(name: string, value: string): void {
  const problem = calendarProblem(value);
  if (problem !== null) throw new AppError('E_VALIDATION', `${name}: ${problem}`);
}

/** Calendar days from `today` to `dueBy`: 0 on the day, negative when overdue. */
export function daysLeft(dueBy: IsoDate, today: IsoDate): number {
  checkDate('dueBy', dueBy);
  checkDate('today', today);
  return diffDays(dueBy, today);
}

/**
 * The most urgent deadline still open on `today` for a request not yet answered; overdue
 * deadlines stay open (negative daysLeft). Candidates: the receipt confirmation (when one is due
 * and not yet `acknowledged`), the extension notice (only while not extended, and only when it
 * falls before the response — under the current rules it never does: extensionNoticeBy equals
 * respondBy, the day by which either the answer or the extension notice is due, reported as
 * 'respond'), and the response itself (`dueBy`). Earliest date wins; on the same date
 * acknowledge, then respond. Null only when `clocks` holds no deadline at all, which
 * computeClocks never produces.
 */
export function nextDeadline(clocks: Clocks, today: IsoDate, acknowledged: boolean): NextDeadline | null {
  checkDate('today', today);
  const candidates: { kind: DeadlineKind; date: IsoDate }[] = [];
  if (clocks.acknowledgeBy !== null && !acknowledged)
    candidates.push({ kind: 'acknowledge', date: clocks.acknowledgeBy });
  if (clocks.dueBy) candidates.push({ kind: 'respond', date: clocks.dueBy });
  if (!clocks.extended && clocks.extensionNoticeBy && clocks.extensionNoticeBy < clocks.dueBy) {
    candidates.push({ kind: 'extension_notice', date: clocks.extensionNoticeBy });
  }
  const rank: Record<DeadlineKind, number> = { acknowledge: 0, respond: 1, extension_notice: 2 };
  candidates.sort((a, b) => (a.date === b.date ? rank[a.kind] - rank[b.kind] : a.date < b.date ? -1 : 1));
  const first = candidates[0];
  return first ? { ...first, daysLeft: daysLeft(first.date, today) } : null;
}
