// Input validation for the legal clocks (zod): calendar dates are checked against the real
// calendar, with a message that says what is wrong.
import { z } from 'zod';
import { Jurisdiction, RequestType } from '../domain';
import { calendarProblem } from './calendar';
import { isMemberState, MEMBER_STATES } from './member-state-holidays';

/** Receipt dates outside this range are rejected (holiday rules and 4-digit years). */
export const MIN_RECEIVED_ON = '1900-01-01';
export const MAX_RECEIVED_ON = '2999-12-31';
export const DEFAULT_OTHER_PERIOD_DAYS = 30;
export const MAX_OTHER_PERIOD_DAYS = 366;
export const MAX_HOLIDAYS = 1000;

const dateMessage = (input: unknown): string =>
  typeof input === 'string'
    ? (calendarProblem(input) ?? `${input} is not a valid date`)
    : `expected a calendar date YYYY-MM-DD, got ${input === undefined ? 'nothing' : typeof input}`;

/** A real calendar date `YYYY-MM-DD` (rejects 2026-02-30, 2027-02-29, 2026-13-01, …). */
export const CalendarDay = z.iso
  .date({ error: (issue) => dateMessage(issue.input) })
  .refine((s) => calendarProblem(s) === null, { error: (issue) => dateMessage(issue.input) });

// Not strict: callers may pass a whole PrivacyRequest (receivedOn, type, jurisdiction, extended).
export const ClockInputSchema = z.object({
  jurisdiction: z.enum(Jurisdiction.options, {
    error: (issue) =>
      `must be one of ${Jurisdiction.options.join(', ')} (got ${JSON.stringify(issue.input)})`,
  }),
  receivedOn: CalendarDay.refine(
    // Only judged for real dates: a malformed one already has its own message.
    (s) => calendarProblem(s) !== null || (s >= MIN_RECEIVED_ON && s <= MAX_RECEIVED_ON),
    {
      error: (issue) =>
        `${String(issue.input)} is outside the supported range ${MIN_RECEIVED_ON} … ${MAX_RECEIVED_ON}`,
    },
  ),
  type: z
    .enum(RequestType.options, {
      error: (issue) =>
        `must be one of ${RequestType.options.join(', ')} (got ${JSON.stringify(issue.input)})`,
    })
    .optional(),
  extended: z.boolean().optional(),
  /** Extra non-working days for GDPR (e.g. the member state's public holidays), YYYY-MM-DD. */
  holidays: z.array(CalendarDay).max(MAX_HOLIDAYS).optional(),
  /** GDPR: the member state whose national public holidays end a period (null: weekends only). */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, { error: 'must be a two-letter ISO 3166-1 code in capitals, e.g. DE' })
    .refine(isMemberState, {
      error: (issue) =>
        `${String(issue.input)} is not an EU/EEA member state (one of ${MEMBER_STATES.join(', ')})`,
    })
    .nullable()
    .optional(),
  /** Response period for the `other` jurisdiction, in calendar days. */
  otherPeriodDays: z
    .int({ error: 'must be a whole number of days' })
    .min(1, { error: 'must be at least 1 day' })
    .max(MAX_OTHER_PERIOD_DAYS, { error: `must be at most ${MAX_OTHER_PERIOD_DAYS} days` })
    .optional(),
});
