// The push protocol (docs/ARCHITECTURE.md §5): `POST /v1/actions` — the batch the console sends
// and the outcome of each action the backend sends back. Pure TypeScript + zod: no node:*, no DOM.
import { z } from 'zod';
import { Instant, PrivacyRequest } from './domain';
import { Action } from './action-schemas';

export const PUSH_BATCH_MAX = 500;

export const KNOWN_REJECTION_CODES = [
  'ALREADY_DECIDED', // another admin decided first (decidedBy / decidedAt say who and when)
  'NOT_PERMITTED', // the admin's role does not allow this action
  'ON_LEGAL_HOLD', // the request is on legal hold
  'NOT_FOUND', // no such request (or it was deleted)
  'STALE_VERSION', // the action depends on a version that is gone
  'INVALID', // the action is malformed or makes no sense in the request's state
  'RESTRICTED', // the subject is under restriction of processing (GDPR Art. 18; shared/restriction.ts)
  // issue 11 (erasure)
  'ALREADY_CARRIED_OUT', // the erasure was carried out before (its receipt is on the request's history)
] as const;
export type KnownRejectionCode = (typeof KNOWN_REJECTION_CODES)[number];
/** Any code a backend may send: known ones plus future ones, kept and shown verbatim. */
export const RejectionCode = z.string().min(1).max(64);
export function isKnownRejectionCode(code: string): code is KnownRejectionCode {
  return (KNOWN_REJECTION_CODES as readonly string[]).includes(code);
}

/** Body of `POST /v1/actions` as the console sends it. */
export const PushRequest = z.object({ actions: z.array(Action).min(1).max(PUSH_BATCH_MAX) });
export type PushRequest = z.infer<typeof PushRequest>;

/**
 * What the backend accepts at the envelope level: each action is then checked on its own, so
 * one malformed action is rejected `INVALID` without blocking the others.
 */
export const PushRequestEnvelope = z.object({
  actions: z
    .array(z.looseObject({ id: z.string().min(1).max(128) }))
    .min(1)
    .max(PUSH_BATCH_MAX),
});

export const AppliedOutcome = z.object({
  outcome: z.literal('applied'),
  id: z.string().min(1).max(128),
  /** The request's version after the action. */
  version: z.number().int().nonnegative(),
  /** The server sequence of the change; the overlay clears once a pull has passed it. */
  seq: z.number().int().nonnegative(),
});
export type AppliedOutcome = z.infer<typeof AppliedOutcome>;

export const RejectedOutcome = z.object({
  outcome: z.literal('rejected'),
  id: z.string().min(1).max(128),
  code: RejectionCode,
  message: z.string().max(2000),
  /** The request as it stands on the server (the winning state), when it exists. */
  current: PrivacyRequest.optional(),
  /** Who made the decision that won, and when (ALREADY_DECIDED). */
  decidedBy: z.string().max(256).optional(),
  decidedAt: Instant.optional(),
});
export type RejectedOutcome = z.infer<typeof RejectedOutcome>;

export const FirstOutcome = z.discriminatedUnion('outcome', [AppliedOutcome, RejectedOutcome]);
export type FirstOutcome = z.infer<typeof FirstOutcome>;

export const DuplicateOutcome = z.object({
  outcome: z.literal('duplicate'),
  id: z.string().min(1).max(128),
  /** The outcome the first delivery of this id produced, replayed (no second effect). */
  first: FirstOutcome,
});
export type DuplicateOutcome = z.infer<typeof DuplicateOutcome>;

export const Outcome = z.discriminatedUnion('outcome', [AppliedOutcome, DuplicateOutcome, RejectedOutcome]);
export type Outcome = z.infer<typeof Outcome>;

export const PushReply = z.object({ outcomes: z.array(Outcome).max(PUSH_BATCH_MAX) });
export type PushReply = z.infer<typeof PushReply>;
