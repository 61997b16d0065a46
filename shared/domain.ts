// Domain types for what the ZTA service records and the privacy requests about it.
// Pure TypeScript + zod: no node:*, no DOM, no electron (enforced by lint).
import { z } from 'zod';

/** Stable identifiers are opaque strings chosen by the backend. */
export const Id = z.string().min(1).max(128);

/** ISO-8601 instant with offset (the backend always sends UTC `Z`). */
export const Instant = z.iso.datetime({ offset: true });
/** A calendar date, YYYY-MM-DD. */
export const CalendarDate = z.iso.date();

export const Role = z.enum(['viewer', 'analyst', 'approver', 'owner']);
export type Role = z.infer<typeof Role>;

export const Device = z.object({
  id: Id,
  name: z.string().max(256),
  osVersion: z.string().max(128),
  firstSeenAt: Instant,
});
export type Device = z.infer<typeof Device>;

/** The details of an Art. 18 restriction of processing (see shared/restriction.ts). */
export const SubjectRestriction = z.object({
  since: Instant,
  by: z.string().max(256),
  requestId: Id.nullable(),
});
export type SubjectRestriction = z.infer<typeof SubjectRestriction>;

/** A ZTA end user ("subject" of privacy requests). */
export const Subject = z.object({
  id: Id,
  username: z.string().min(1).max(256),
  email: z.string().max(320),
  displayName: z.string().max(256),
  employeeId: z.string().max(64).nullable(),
  department: z.string().max(128).nullable(),
  /** Art. 18 restriction of processing in force. */
  restricted: z.boolean(),
  /**
   * Who placed the restriction in force, when, and under which request (null when not
   * restricted, or for a restriction recorded before the backend kept these details).
   */
  restriction: SubjectRestriction.nullable().default(null),
  devices: z.array(Device).max(1000),
  createdAt: Instant,
  updatedAt: Instant,
  /** When the person's account was deactivated (retention erases them after the inactivity window). */
  deactivatedAt: Instant.nullable().optional(),
});
export type Subject = z.infer<typeof Subject>;

export const AccessDecision = z.enum(['allow', 'deny']);
export type AccessDecision = z.infer<typeof AccessDecision>;

/** One access attempt recorded by the ZTA gateway. */
export const AccessEvent = z.object({
  id: Id,
  time: Instant,
  subjectId: Id,
  username: z.string().max(256),
  ip: z.string().max(64),
  deviceId: z.string().max(128),
  deviceName: z.string().max(256),
  osVersion: z.string().max(128),
  app: z.string().max(256),
  decision: AccessDecision,
  reason: z.string().max(512).nullable(),
});
export type AccessEvent = z.infer<typeof AccessEvent>;

export const RequestType = z.enum([
  'access', // GDPR Art. 15 / CCPA know (categories)
  'access_specific', // CCPA know — specific pieces
  'portability',
  'erasure',
  'rectification',
  'restriction',
  'objection',
  // issue 13: CCPA-only requests (11 CCR §7026, §7027): 15 business days, no extension, no
  // receipt confirmation, no identity verification (§7060(b)).
  'opt_out', // opt-out of sale/sharing (1798.120, §7026)
  'limit', // limit the use of sensitive personal information (1798.121, §7027)
]);
export type RequestType = z.infer<typeof RequestType>;

/**
 * The rights of GDPR Arts. 15 to 20 (access, rectification, erasure, restriction, portability,
 * and the CCPA requests that mirror them): the types whose approval is followed by work — the
 * delivery, erasure, correction or restriction — and the types Art. 11(2) lifts.
 */
export const ARTS_15_TO_20_TYPES: readonly RequestType[] = [
  'access',
  'access_specific',
  'portability',
  'erasure',
  'rectification',
  'restriction',
];

export const Jurisdiction = z.enum(['gdpr', 'ccpa', 'other']);
export type Jurisdiction = z.infer<typeof Jurisdiction>;

export const RequestStatus = z.enum([
  'received',
  'verifying',
  'in_progress',
  'approved',
  'partially_approved',
  'denied',
  'completed',
  'closed_duplicate',
]);
export type RequestStatus = z.infer<typeof RequestStatus>;

export const RequestChannel = z.enum(['email', 'web_form', 'letter', 'phone', 'in_app', 'in_person']);
export type RequestChannel = z.infer<typeof RequestChannel>;

/** Exemptions cited on a denial or partial approval (GDPR Art. 17(3), CCPA 1798.105(d)). */
export const EXEMPTION_CODES = [
  'gdpr-17-3-a', // freedom of expression and information
  'gdpr-17-3-b', // legal obligation / public interest task
  'gdpr-17-3-c', // public health
  'gdpr-17-3-d', // archiving, research, statistics
  'gdpr-17-3-e', // legal claims
  'ccpa-1798.105-d-1', // complete the transaction / provide the service
  'ccpa-1798.105-d-2', // security incident detection
  'ccpa-1798.105-d-3', // debug / repair errors
  'ccpa-1798.105-d-4', // free speech
  'ccpa-1798.105-d-5', // CalECPA
  'ccpa-1798.105-d-6', // research in the public interest
  'ccpa-1798.105-d-7', // internal uses reasonably aligned with expectations
  'ccpa-1798.105-d-8', // legal obligation
  'not-verified', // the requester could not be verified
  'manifestly-unfounded', // GDPR Art. 12(5)
  // issue 13: bases that fit other requests (shared/exemptions.ts says which fits which)
  'gdpr-11-2', // controller cannot identify the data subject
  'gdpr-15-4', // the copy would adversely affect the rights and freedoms of others
  'gdpr-23', // restriction by Union or member-state law
  'ccpa-1798.145-h-3', // manifestly unfounded or excessive (CCPA)
  'ccpa-7024-c', // request to know: information not searched for (§7024(c) conditions)
  'ccpa-7024-d', // request to know: identifiers never disclosed (SSN, account password, …)
  'ccpa-7023-accurate', // request to correct: more likely than not accurate (§7023)
  'ccpa-7023-repeat', // request to correct: same alleged inaccuracy refused within six months
  'ccpa-7023-fraudulent', // request to correct: fraudulent or abusive
] as const;
export const ExemptionCode = z.enum(EXEMPTION_CODES);
export type ExemptionCode = z.infer<typeof ExemptionCode>;

/** How a request was answered, as the 24-month record keeps it (11 CCR §7101). */
export const RequestResponse = z.enum(['approved', 'partial', 'denied', 'duplicate']);
export type RequestResponse = z.infer<typeof RequestResponse>;

export const PrivacyRequest = z.object({
  id: Id,
  subjectId: Id.nullable(),
  type: RequestType,
  jurisdiction: Jurisdiction,
  status: RequestStatus,
  channel: RequestChannel,
  receivedOn: CalendarDate,
  /** Optimistic-concurrency version, bumped by every applied action. */
  version: z.number().int().nonnegative(),
  assignee: z.string().max(256).nullable(),
  viaAgent: z.boolean(),
  extended: z.boolean(),
  legalHold: z.boolean(),
  summary: z.string().max(2000),
  updatedAt: Instant,
  // The record kept 24 months (11 CCR §7101), filled when the decision is applied. Date
  // received, nature (type) and channel are the fields above. Defaults keep rows written before
  // these fields existed valid.
  /**
   * The day the work was done (delivered, erased, corrected, refused), in the organisation's time
   * zone; null while it is not (an approval alone is not a response).
   */
  respondedOn: CalendarDate.nullable().default(null),
  response: RequestResponse.nullable().default(null),
  /** The exemption cited on a denial or partial approval. */
  denialBasis: ExemptionCode.nullable().default(null),
  // issue 13 (legal rules)
  /** Receipt confirmed on (11 CCR §7021(a)); the acknowledgement clock closes only then. */
  acknowledgedOn: CalendarDate.nullable().default(null),
  /** How the receipt was confirmed. */
  acknowledgedVia: z.string().max(32).nullable().default(null),
  /** A GDPR refusal given after the one month of Art. 12(4) (allowed, but recorded and counted). */
  refusedLate: z.boolean().default(false),
});
export type PrivacyRequest = z.infer<typeof PrivacyRequest>;

/** One entry of a request's history (received, verified, decided, noted, …). */
/**
 * What a request's history records (one row per applied action, plus the intake channel's own
 * steps). The backend writes them; the console shows them and reads some (`erased` receipts).
 */
export const REQUEST_EVENT_KINDS = [
  'received',
  'verification_started',
  'verified',
  'decided',
  'closed',
  'extended',
  'acknowledged',
  'legal_hold',
  'legal_hold_released',
  'assigned',
  'note',
  'completed',
  'erased',
  'rectified',
  'restricted',
  'restriction_lifted',
  'settings_updated',
] as const;
export const RequestEventKind = z.enum(REQUEST_EVENT_KINDS);
export type RequestEventKind = z.infer<typeof RequestEventKind>;

export const RequestEvent = z.object({
  id: Id,
  requestId: Id,
  at: Instant,
  actor: z.string().max(256),
  kind: RequestEventKind,
  detail: z.record(z.string(), z.unknown()),
});
export type RequestEvent = z.infer<typeof RequestEvent>;
