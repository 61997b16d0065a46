// Manual intake (issue 5): a privacy request that arrived by email, letter, phone or in person
// is entered in the console and pushed as a `request.intake` action. The same schema checks the
// form before anything is queued and the backend when the action arrives.
// Pure TypeScript + zod: no node:*, no DOM.
import { z } from 'zod';
import { typeProblem } from './clocks';
import { daysInMonth, monthName, splitDate } from './clocks/calendar';
import { Id, Jurisdiction, RequestChannel, RequestType, type PrivacyRequest } from './domain';

/** Earliest receipt date accepted: older letters are not "new requests" for this console. */
export const EARLIEST_RECEIVED_ON = '2000-01-01';

/**
 * Time zones run up to UTC+14, so a calendar date has begun somewhere on Earth until
 * 14 hours "ahead" of UTC. A receipt date later than that has not happened anywhere yet.
 */
const MAX_ZONE_AHEAD_MS = 14 * 3_600_000;

/** The latest calendar date that has already begun somewhere on Earth at `now`. */
export function latestPossibleDate(now: Date): string {
  return new Date(now.getTime() + MAX_ZONE_AHEAD_MS).toISOString().slice(0, 10);
}

/** Why `value` is not an acceptable date of receipt at `now`, or null when it is. */
export function receivedOnProblem(value: string, now: Date = new Date()): string | null {
  const parts = splitDate(value);
  if (!parts) return `"${value.slice(0, 40)}" is not a date: use YYYY-MM-DD.`;
  const { year, month, day } = parts;
  if (month < 1 || month > 12) return `${value} is not a date: there is no month ${month}.`;
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) return `${value} is not a date: ${monthName(month)} ${year} has ${last} days.`;
  if (value < EARLIEST_RECEIVED_ON)
    return `${value} is too far in the past (earliest ${EARLIEST_RECEIVED_ON}).`;
  if (value > latestPossibleDate(now))
    return `${value} is in the future: a request cannot be received later than today.`;
  return null;
}

/** A date of receipt: a real calendar date, not in the future (checked when parsed). */
export const ReceivedOn = z
  .string()
  .max(40)
  .superRefine((v, ctx) => {
    const problem = receivedOnProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * Who the request is about: a synced subject picked by id, or an identifier the requester gave
 * (the backend looks it up; no match leaves the request without a subject, to be answered
 * "we hold no data about you").
 */
export const IntakeSubject = z.discriminatedUnion('by', [
  z.object({ by: z.literal('id'), id: Id }).strict(),
  z.object({ by: z.literal('email'), email: z.email('Enter a valid email address').max(320) }).strict(),
  z.object({ by: z.literal('username'), username: z.string().trim().min(1).max(256) }).strict(),
]);
export type IntakeSubject = z.infer<typeof IntakeSubject>;

/** Channels a request can be entered by hand for (in_app requests arrive by themselves). */
export const INTAKE_CHANNELS = ['email', 'letter', 'phone', 'web_form', 'in_person'] as const;
export const IntakeChannel = RequestChannel.extract(INTAKE_CHANNELS);

/** An authorized agent acting for the consumer (CCPA 1798.135(c), 11 CCR §7063). */
export const IntakeAgent = z
  .object({
    name: z.string().trim().min(1, "Enter the agent's name").max(256),
    /** The consumer's signed permission for the agent is on file. */
    signedPermission: z.boolean().default(false),
  })
  .strict();

export const IntakePayload = z
  .object({
    subject: IntakeSubject,
    type: RequestType,
    jurisdiction: Jurisdiction,
    receivedOn: ReceivedOn,
    channel: IntakeChannel,
    agent: IntakeAgent.optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    // Objection and restriction are GDPR rights; opt-out and limit CCPA ones (issue 13).
    const problem = typeProblem(p.jurisdiction, p.type);
    if (problem) ctx.addIssue({ code: 'custom', path: ['type'], message: problem });
  });
export type IntakePayload = z.output<typeof IntakePayload>;
export type IntakePayloadInput = z.input<typeof IntakePayload>;

/** The request summary an intake gets: what arrived and how, no personal data values. */
export function intakeSummary(p: Pick<IntakePayload, 'channel' | 'agent'>): string {
  const how = p.channel.replace('_', ' ');
  return `Entered by hand (received by ${how}${p.agent ? ', via an authorized agent' : ''}).`;
}

/**
 * The fields of a request nothing has happened to yet: unassigned, no extension, no legal hold,
 * not acknowledged, not answered. An intake starts from them (and so do the tests' fixtures).
 */
export const UNTOUCHED_REQUEST = {
  assignee: null,
  extended: false,
  legalHold: false,
  respondedOn: null,
  response: null,
  denialBasis: null,
  acknowledgedOn: null,
  acknowledgedVia: null,
  refusedLate: false,
} as const satisfies Partial<PrivacyRequest>;

/**
 * The request an intake creates, as the console shows it before the backend confirms it (the
 * optimistic overlay) — the backend builds the same row.
 */
export function requestFromIntake(
  requestId: string,
  p: IntakePayload,
  subjectId: string | null,
  at: string,
): PrivacyRequest {
  return {
    id: requestId,
    subjectId,
    type: p.type,
    jurisdiction: p.jurisdiction,
    status: 'received',
    channel: p.channel,
    receivedOn: p.receivedOn,
    version: 0,
    viaAgent: p.agent !== undefined,
    summary: intakeSummary(p),
    updatedAt: at,
    ...UNTOUCHED_REQUEST,
  };
}

/**
 * Why a hand-entered receipt date is not acceptable in the organisation's time zone (it is later
 * than today there), or null. The schema already refused dates later than anywhere on Earth.
 */
export function receivedOnZoneProblem(receivedOn: string, today: string): string | null {
  return receivedOn > today
    ? `${receivedOn} is in the future in the organisation's time zone (today is ${today}).`
    : null;
}
