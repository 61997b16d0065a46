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
  devices: z.array(Device).max(1000),
  createdAt: Instant,
  updatedAt: Instant,
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
]);
export type RequestType = z.infer<typeof RequestType>;

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

export const RequestChannel = z.enum(['email', 'web_form', 'letter', 'phone', 'in_app']);

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
});
export type PrivacyRequest = z.infer<typeof PrivacyRequest>;

/** One entry of a request's history (received, verified, decided, noted, …). */
export const RequestEvent = z.object({
  id: Id,
  requestId: Id,
  at: Instant,
  actor: z.string().max(256),
  kind: z.string().min(1).max(64),
  detail: z.record(z.string(), z.unknown()),
});
export type RequestEvent = z.infer<typeof RequestEvent>;
