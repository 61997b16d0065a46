// Legal clocks of a privacy request (docs/ARCHITECTURE.md §6, docs/legal-rules.md): pure functions on
// calendar dates.
//
// GDPR Art. 12(3) with Reg. (EEC, Euratom) 1182/71 Art. 3: one month after receipt (same date, or
//   the last day of a shorter month), moved to the next working day when it falls on a Saturday,
//   Sunday or a national public holiday of the configured member state (date-holidays; without
//   a member state, weekends only); extended: three months after receipt, same rules. A refusal
//   (Art. 12(4)) is due within one month of receipt, extended or not: `refuseBy`.
// CCPA/CPRA Civ. Code 1798.130(a)(2)(A), 11 CCR §7021: confirm receipt of know/delete/correct
//   requests by the 10th business day after receipt (Mon–Fri minus US federal holidays as
//   observed); respond within 45 calendar days of receipt (day 0 = receipt, not moved for
//   weekends), 90 at most with an extension notified within the first 45. Opt-out (§7026(f)) and
//   limit (§7027(g)) requests: 15 business days, no extension, no receipt confirmation.
//   Objection and restriction are GDPR rights (Art. 21, 18) with no CCPA clock.
// other: a configurable number of calendar days (default 30), extendable by as many again.
import type { z } from 'zod';
import type { Jurisdiction, RequestType } from '../domain';
import { AppError } from '../errors';
import { addDays, addMonthsClamped, calendarProblem, diffDays, isWeekend, type IsoDate } from './calendar';
import { ClockInputSchema, DEFAULT_OTHER_PERIOD_DAYS } from './schema';
import { describeIssues } from '../zod-issues';
import { isMemberStateHoliday } from './member-state-holidays';
import { isUsFederalHoliday } from './us-federal-holidays';

export type { IsoDate } from './calendar';
export { addDays, diffDays } from './calendar';
export { isUsFederalHoliday } from './us-federal-holidays';
export {
  isMemberStateHoliday,
  loadMemberStateHolidays,
  memberStateHolidaysIn,
  memberStateHolidaysLoaded,
} from './member-state-holidays';
export { CalendarDay, ClockInputSchema } from './schema';

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
  /**
   * GDPR only: the member state (ISO 3166-1 alpha-2) whose national public holidays end a period
   * (loadMemberStateHolidays() must have been awaited). Null/omitted: weekends only.
   */
  country?: string | null;
  /** `other` only: response period in calendar days (default 30), extendable by as many again. */
  otherPeriodDays?: number;
}

export interface Clocks {
  /** Confirm receipt by (CCPA know/delete/correct only), else null. */
  acknowledgeBy: IsoDate | null;
  /** Respond by, without extension. */
  respondBy: IsoDate;
  /** GDPR Art. 12(4): the reasons for not acting are due by this day, extended or not; else null. */
  refuseBy: IsoDate | null;
  /** Last day to notify an extension (= the un-extended respondBy); null when none is possible. */
  extensionNoticeBy: IsoDate | null;
  /** Respond by, with the extension; null when no extension is possible. */
  extendedRespondBy: IsoDate | null;
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
/** Opt-out of sale/sharing (§7026(f)) and limit (§7027(g)): 15 business days, no extension. */
const CCPA_FIFTEEN_DAY_TYPES: ReadonlySet<RequestType> = new Set<RequestType>(['opt_out', 'limit']);
const CCPA_OPT_OUT_BUSINESS_DAYS = 15;
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

/**
 * Why `type` cannot be made under `jurisdiction`, naming the request to use instead; null when it
 * can. Objection and restriction are GDPR rights (Art. 21, Art. 18) the CCPA does not have; its
 * nearest rights are the opt-out of sale/sharing and the limit on sensitive personal information.
 */
export function typeProblem(jurisdiction: Jurisdiction, type: RequestType): string | null {
  if (jurisdiction === 'ccpa' && type === 'objection')
    return 'Objection (GDPR Art. 21) is not a CCPA request: under the CCPA use an opt-out of sale/sharing (opt_out, 11 CCR §7026).';
  if (jurisdiction === 'ccpa' && type === 'restriction')
    return 'Restriction of processing (GDPR Art. 18) is not a CCPA request: under the CCPA use a request to limit the use of sensitive personal information (limit, 11 CCR §7027).';
  if (jurisdiction === 'gdpr' && type === 'opt_out')
    return 'An opt-out of sale/sharing is a CCPA request: under the GDPR use an objection (objection, Art. 21).';
  if (jurisdiction === 'gdpr' && type === 'limit')
    return 'A request to limit sensitive personal information is a CCPA request: under the GDPR use a restriction of processing (restriction, Art. 18).';
  return null;
}

export function computeClocks(input: ClockInput): Clocks {
  const {
    jurisdiction,
    receivedOn,
    type,
    extended = false,
    holidays = [],
    country = null,
    otherPeriodDays,
  } = parseClockInput(input);
  if (type !== undefined) {
    const problem = typeProblem(jurisdiction, type);
    if (problem) throw new AppError('E_VALIDATION', problem);
  }
  let acknowledgeBy: IsoDate | null = null;
  let refuseBy: IsoDate | null = null;
  let respondBy: IsoDate;
  let extendedRespondBy: IsoDate | null;
  switch (jurisdiction) {
    case 'gdpr': {
      const extra = new Set(holidays);
      const isHoliday =
        country === null
          ? (d: IsoDate) => extra.has(d)
          : (d: IsoDate) => extra.has(d) || isMemberStateHoliday(country, d);
      respondBy = nextWorkingDay(addMonthsClamped(receivedOn, GDPR_MONTHS), isHoliday);
      extendedRespondBy = nextWorkingDay(addMonthsClamped(receivedOn, GDPR_EXTENDED_MONTHS), isHoliday);
      refuseBy = respondBy;
      break;
    }
    case 'ccpa': {
      if (type !== undefined && CCPA_FIFTEEN_DAY_TYPES.has(type)) {
        respondBy = addBusinessDays(receivedOn, CCPA_OPT_OUT_BUSINESS_DAYS, isUsFederalHoliday);
        extendedRespondBy = null;
        break;
      }
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
  const canExtend = extendedRespondBy !== null;
  return {
    acknowledgeBy,
    respondBy,
    refuseBy,
    extensionNoticeBy: canExtend ? respondBy : null,
    extendedRespondBy,
    dueBy: extended && extendedRespondBy !== null ? extendedRespondBy : respondBy,
    extended: extended && canExtend,
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
  if (!clocks.extended && clocks.extensionNoticeBy !== null && clocks.extensionNoticeBy < clocks.dueBy) {
    candidates.push({ kind: 'extension_notice', date: clocks.extensionNoticeBy });
  }
  const rank: Record<DeadlineKind, number> = { acknowledge: 0, respond: 1, extension_notice: 2 };
  candidates.sort((a, b) => (a.date === b.date ? rank[a.kind] - rank[b.kind] : a.date < b.date ? -1 : 1));
  const first = candidates[0];
  return first ? { ...first, daysLeft: daysLeft(first.date, today) } : null;
}
