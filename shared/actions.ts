// Action intents (docs/ARCHITECTURE.md §4–5): what an admin does to a privacy request, queued in the
// console's outbox and pushed to the backend, which applies each in one transaction.
// Also the pure domain rules both sides share: who may do what, and what an action does to a
// request. The backend is the authority; the console uses the same rules for its optimistic
// overlay. Pure TypeScript + zod: no node:*, no DOM.
import { z } from 'zod';
import {
  ExemptionCode,
  Id,
  Instant,
  PrivacyRequest,
  type RequestResponse,
  type RequestStatus,
  type Role,
} from './domain';
import { verificationProblem } from './casework';
import { CalendarDay, type IsoDate } from './clocks';
import { todayIn } from './clocks/zone';
import { exemptionProblem } from './exemptions';
import { clocksOf, needsCarryOut } from './legal-rules';
import { RECTIFIABLE_FIELDS } from './rectification';
import { IntakePayload } from './intake';
import { RectificationChanges } from './rectification';
import { restrictionBlocks } from './restriction';
import { ORG_SETTINGS_TARGET, OrgSettings } from './org-settings';
import { findUnstorableText, UNSTORABLE_TEXT_MESSAGE } from './storable-text';

export const ACTION_KINDS = [
  'request.verify',
  'request.approve',
  'request.deny',
  'request.extend',
  'request.hold',
  'request.release',
  'request.assign',
  'request.note',
  'request.close_duplicate',
  'export.delivered',
  'erasure.execute',
  'request.intake',
  'rectification.apply',
  'restriction.place',
  'restriction.lift',
  'settings.update',
  // issue 13 (legal rules)
  'request.acknowledge',
] as const;
export const ActionKind = z.enum(ACTION_KINDS);
export type ActionKind = z.infer<typeof ActionKind>;

/** Client-generated UUIDv7: the idempotency key of the action. */
export const ActionId = z.uuid({ version: 'v7' });

/**
 * Verification data points (11 CCR §7062). Only the NAMES of the points that matched are ever
 * recorded — never the values the requester or the admin typed.
 */
export const VERIFICATION_POINTS = [
  'email',
  'username',
  'employee_id',
  'display_name',
  'department',
  'device_name',
  'device_id',
  'recent_app',
  'recent_ip',
  'phone',
  'postal_address',
] as const;
export const VerificationPoint = z.enum(VERIFICATION_POINTS);
export type VerificationPoint = z.infer<typeof VerificationPoint>;

// Exemption codes live in domain.ts (the request record carries them); re-exported here.
export { EXEMPTION_CODES, ExemptionCode } from './domain';

const Reason = z.string().trim().min(1, 'A reason is required').max(2000);
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 as 64 lowercase hex digits');

/**
 * The signed declaration under penalty of perjury (§7062(c)) as a record, not only `true`: a
 * reference to the signed document (its id in the document system, or the SHA-256 of the signed
 * file). Who recorded it and when are the action's actor and time (kept in the history).
 */
export const DeclarationRecord = z
  .object({
    documentId: z.string().trim().min(1).max(256).optional(),
    sha256: Sha256Hex.optional(),
  })
  .strict()
  .refine((d) => d.documentId !== undefined || d.sha256 !== undefined, {
    message: 'Give the signed declaration’s document id or the SHA-256 of the signed file',
  });
export type DeclarationRecord = z.output<typeof DeclarationRecord>;

/** What entitles an authorized agent to act (11 CCR §7063(a) signed permission, (b) power of attorney). */
export const AgentAuthority = z.enum(['signed_permission', 'power_of_attorney']);
export type AgentAuthority = z.infer<typeof AgentAuthority>;

/** How a receipt confirmation was sent (11 CCR §7021(a)). */
export const ACKNOWLEDGE_CHANNELS = ['email', 'letter', 'portal', 'phone', 'in_person', 'other'] as const;
export const AcknowledgeChannel = z.enum(ACKNOWLEDGE_CHANNELS);

/** The payload schema of each kind. */
export const ActionPayloads = {
  'request.verify': z
    .object({
      /** Names of the data points that matched (at least one, no repeats). */
      points: z
        .array(VerificationPoint)
        .min(1)
        .max(VERIFICATION_POINTS.length)
        .refine((p) => new Set(p).size === p.length, 'Each point at most once'),
      /** Signed declaration under penalty of perjury (specific pieces, §7062(c)). */
      signedDeclaration: z.boolean().default(false),
      /** Request made by an authorized agent whose signed permission was checked. */
      agentPermissionChecked: z.boolean().default(false),
      /** What entitles the agent (a power of attorney is recorded as such, §7063(b)). */
      agentAuthority: AgentAuthority.optional(),
      /** The signed declaration's record (required with `signedDeclaration`). */
      declaration: DeclarationRecord.optional(),
      /** A correction: the fields it corrects (never accepted as verification points). */
      corrects: z
        .array(z.enum(RECTIFIABLE_FIELDS))
        .max(RECTIFIABLE_FIELDS.length)
        .refine((f) => new Set(f).size === f.length, 'Each field at most once')
        .optional(),
    })
    .strict()
    .refine((p) => !p.signedDeclaration || p.declaration !== undefined, {
      message: 'A signed declaration is recorded with its document id or the SHA-256 of the signed file',
      path: ['declaration'],
    }),
  'request.approve': z
    .object({
      /** Partial approval: part of the request is refused under the cited exemption. */
      partial: z.boolean().default(false),
      exemption: ExemptionCode.optional(),
      note: z.string().max(2000).optional(),
    })
    .strict()
    .refine((p) => !p.partial || p.exemption !== undefined, {
      message: 'A partial approval cites an exemption',
      path: ['exemption'],
    }),
  'request.deny': z
    .object({
      reason: Reason,
      exemption: ExemptionCode,
      /**
       * The information given on the right to lodge a complaint with a supervisory authority and
       * to seek a judicial remedy (GDPR Art. 12(4); required for GDPR refusals).
       */
      remedyInfo: z.string().trim().min(1).max(2000).optional(),
    })
    .strict(),
  /** `reason`: the reasons for the delay given to the person (Art. 12(3), 11 CCR §7021(b)). */
  'request.extend': z.object({ reason: Reason }).strict(),
  'request.hold': z.object({ reason: Reason }).strict(),
  'request.release': z.object({ reason: z.string().max(2000).optional() }).strict(),
  'request.assign': z.object({ assignee: z.string().trim().min(1).max(256).nullable() }).strict(),
  'request.note': z
    .object({
      text: z.string().trim().min(1).max(4000),
      /** Marked for the person: goes into their export bundle (otherwise left out, Art. 15(4)). */
      forSubject: z.boolean().optional(),
    })
    .strict(),
  'request.close_duplicate': z.object({ duplicateOf: Id, note: z.string().max(2000).optional() }).strict(),
  'export.delivered': z
    .object({
      bundleSha256: Sha256Hex,
      deliveredVia: z.enum(['secure_link', 'email', 'portal', 'post', 'other']),
    })
    .strict(),
  'erasure.execute': z.object({ exemptionsKept: z.array(ExemptionCode).max(20).default([]) }).strict(),
  /** A request entered by hand; its requestId is the new request's client-generated UUIDv7. */
  'request.intake': IntakePayload,
  /** The corrected values, applied to the request's subject by the backend. */
  'rectification.apply': z.object({ changes: RectificationChanges }).strict(),
  'restriction.place': z.object({ note: z.string().trim().max(2000).optional() }).strict(),
  /** Art. 18(3): the subject is told before the restriction is lifted — the reason is required. */
  'restriction.lift': z.object({ reason: Reason }).strict(),
  /** The whole settings document, and the version it was edited from (STALE_VERSION if gone). */
  'settings.update': z
    .object({ settings: OrgSettings, fromVersion: z.number().int().nonnegative() })
    .strict(),
  /** The receipt confirmation was sent (11 CCR §7021(a)): on which day (org time zone), how. */
  'request.acknowledge': z.object({ channel: AcknowledgeChannel, on: CalendarDay }).strict(),
} as const satisfies Record<ActionKind, z.ZodType>;
export type ActionPayload<K extends ActionKind> = z.output<(typeof ActionPayloads)[K]>;

const intentOf = <K extends ActionKind>(kind: K) =>
  z.object({ kind: z.literal(kind), requestId: Id, payload: ActionPayloads[kind] });

const actionOf = <K extends ActionKind>(kind: K) =>
  intentOf(kind).extend({
    id: ActionId,
    /** The request's version the admin saw when acting (informative; first decision wins). */
    baseVersion: z.number().int().nonnegative(),
    /** Console clock when the admin acted (may be skewed; the server records its own time). */
    createdAt: Instant,
  });

/** An intake creates its request: the core generates the request's UUIDv7 when none is given. */
const intakeIntent = z.object({
  kind: z.literal('request.intake'),
  requestId: ActionId.optional(),
  payload: ActionPayloads['request.intake'],
});

/** A settings change targets the organisation: its requestId is always ORG_SETTINGS_TARGET. */
const SettingsTarget = z.literal(ORG_SETTINGS_TARGET);
const settingsIntent = z.object({
  kind: z.literal('settings.update'),
  requestId: SettingsTarget.default(ORG_SETTINGS_TARGET),
  payload: ActionPayloads['settings.update'],
});

/** Refuses, with a typed issue at its path, a string PostgreSQL cannot store (NUL, lone surrogate). */
function refuseUnstorable(value: unknown, ctx: z.core.$RefinementCtx): void {
  const at = findUnstorableText(value);
  if (at !== null)
    ctx.addIssue({ code: 'custom', message: `${at} ${UNSTORABLE_TEXT_MESSAGE}`, path: at.split('.') });
}

/** What the renderer submits: the core assigns id, baseVersion and createdAt. */
export const ActionIntent = z
  .discriminatedUnion('kind', [
    intakeIntent,
    settingsIntent,
    intentOf('rectification.apply'),
    intentOf('restriction.place'),
    intentOf('restriction.lift'),
    intentOf('request.verify'),
    intentOf('request.approve'),
    intentOf('request.deny'),
    intentOf('request.extend'),
    intentOf('request.hold'),
    intentOf('request.release'),
    intentOf('request.assign'),
    intentOf('request.note'),
    intentOf('request.close_duplicate'),
    intentOf('export.delivered'),
    intentOf('erasure.execute'),
    intentOf('request.acknowledge'),
  ])
  .superRefine(refuseUnstorable);
export type ActionIntent = z.output<typeof ActionIntent>;
export type ActionIntentInput = z.input<typeof ActionIntent>;

/**
 * An action as stored in an outbox row (no text check: a row queued before the check existed
 * must still be listed, pushed, and rejected by the backend rather than break the outbox).
 */
export const StoredAction = z.discriminatedUnion('kind', [
  actionOf('request.intake').extend({ requestId: ActionId }),
  actionOf('settings.update').extend({ requestId: SettingsTarget }),
  actionOf('rectification.apply'),
  actionOf('restriction.place'),
  actionOf('restriction.lift'),
  actionOf('request.verify'),
  actionOf('request.approve'),
  actionOf('request.deny'),
  actionOf('request.extend'),
  actionOf('request.hold'),
  actionOf('request.release'),
  actionOf('request.assign'),
  actionOf('request.note'),
  actionOf('request.close_duplicate'),
  actionOf('export.delivered'),
  actionOf('erasure.execute'),
  actionOf('request.acknowledge'),
]);
/** A queued / pushed action: every string storable by PostgreSQL. */
export const Action = StoredAction.superRefine(refuseUnstorable);
export type Action = z.output<typeof StoredAction>;

// ---------------------------------------------------------------------------------------------
// Push protocol: POST /v1/actions

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

// ---------------------------------------------------------------------------------------------
// Pure domain rules

/** Which kinds each role may push (the backend enforces; the console only mirrors it). */
// Analysts (helpdesk) also enter requests that arrived by email or letter: data entry, no decision.
const ANALYST_KINDS: readonly ActionKind[] = [
  'request.note',
  'request.verify',
  'request.assign',
  'request.intake',
  'request.acknowledge',
];
/** Kinds only an owner may push: the organisation's settings. */
export const OWNER_ONLY_KINDS: readonly ActionKind[] = ['settings.update'];
export const ROLE_ACTIONS: Record<Role, readonly ActionKind[]> = {
  viewer: [],
  analyst: ANALYST_KINDS,
  approver: ACTION_KINDS.filter((k) => !OWNER_ONLY_KINDS.includes(k)),
  owner: ACTION_KINDS,
};
export function roleMayDo(role: Role, kind: ActionKind): boolean {
  return ROLE_ACTIONS[role].includes(kind);
}

/** Kinds that decide a request: the first one wins. */
export const DECISION_KINDS: readonly ActionKind[] = [
  'request.approve',
  'request.deny',
  'request.close_duplicate',
];
export const DECIDED_STATUSES: readonly RequestStatus[] = [
  'approved',
  'partially_approved',
  'denied',
  'completed',
  'closed_duplicate',
];
export function isDecided(status: RequestStatus): boolean {
  return DECIDED_STATUSES.includes(status);
}
/** Kinds a legal hold blocks (it preserves the data as it stands: no erasure, no correction). */
export const HOLD_BLOCKS: readonly ActionKind[] = [
  ...DECISION_KINDS,
  'erasure.execute',
  'rectification.apply',
];

/** Statuses after which an approved request is carried out (erasure, rectification, restriction). */
const CARRIED_OUT_AFTER: readonly RequestStatus[] = ['approved', 'partially_approved'];

/** What the 24-month record keeps of a decision (11 CCR §7101), or null for other kinds. */
export function decisionRecord(
  action: Pick<Action, 'kind' | 'payload'>,
): { response: RequestResponse; denialBasis: ExemptionCode | null } | null {
  switch (action.kind) {
    case 'request.approve': {
      const p = action.payload as ActionPayload<'request.approve'>;
      return p.partial
        ? { response: 'partial', denialBasis: p.exemption ?? null }
        : { response: 'approved', denialBasis: null };
    }
    case 'request.deny':
      return { response: 'denied', denialBasis: (action.payload as ActionPayload<'request.deny'>).exemption };
    case 'request.close_duplicate':
      return { response: 'duplicate', denialBasis: null };
    default:
      return null;
  }
}

/** What the caller knows about the request's subject (the backend reads it under lock). */
export interface RuleContext {
  subjectRestricted?: boolean;
  /**
   * Today in the organisation's time zone: the date of record of what the action does, and the
   * day late extensions and refusals are judged by. Default: today in UTC.
   */
  today?: IsoDate;
  /** The organisation's member state (GDPR periods end on its public holidays); null: weekends. */
  memberState?: string | null;
}

export type RuleResult =
  | { ok: true; next: Omit<PrivacyRequest, 'version' | 'updatedAt'> }
  | { ok: false; code: KnownRejectionCode; message: string };

/**
 * What `action` does to `req` (ignoring role, version and time — the caller bumps those).
 * Deterministic: the same request state and action always give the same result.
 */
export function applyActionRules(
  req: PrivacyRequest,
  action: Pick<Action, 'kind' | 'payload'>,
  ctx: RuleContext = {},
): RuleResult {
  const { version: _v, updatedAt: _u, ...base } = req;
  void _v;
  void _u;
  const reject = (code: KnownRejectionCode, message: string): RuleResult => ({ ok: false, code, message });
  const today = ctx.today ?? todayIn('UTC');
  const memberState = ctx.memberState ?? null;
  const kind = action.kind;
  const decided = isDecided(req.status);
  if (decided && (DECISION_KINDS.includes(kind) || kind === 'request.verify' || kind === 'request.extend')) {
    return reject('ALREADY_DECIDED', `The request was already decided (${req.status}).`);
  }
  if (req.legalHold && HOLD_BLOCKS.includes(kind)) {
    return reject('ON_LEGAL_HOLD', 'The request is on legal hold.');
  }
  if (ctx.subjectRestricted && restrictionBlocks(kind)) {
    return reject(
      'RESTRICTED',
      'The subject is under restriction of processing (GDPR Art. 18): lift the restriction first.',
    );
  }
  switch (action.kind) {
    case 'request.verify': {
      const problem = verificationProblem(
        req.type,
        action.payload as ActionPayload<'request.verify'>,
        req.viaAgent,
      );
      if (problem) return reject('INVALID', problem);
      return { ok: true, next: { ...base, status: 'in_progress' } };
    }
    case 'request.approve': {
      const p = action.payload as ActionPayload<'request.approve'>;
      if (p.exemption !== undefined) {
        const misfit = exemptionProblem(p.exemption, req.jurisdiction, req.type);
        if (misfit) return reject('INVALID', misfit);
      }
      // The approval is the response only when there is nothing to carry out (objection, opt-out,
      // limit); otherwise the clock runs until the work is done.
      const done = !needsCarryOut(req.type);
      return {
        ok: true,
        next: {
          ...base,
          status: p.partial ? 'partially_approved' : 'approved',
          ...decisionRecord(action),
          respondedOn: done ? today : null,
          refusedLate: p.partial ? refusalLate(req, today, memberState) : base.refusedLate,
        },
      };
    }
    case 'request.deny': {
      const p = action.payload as ActionPayload<'request.deny'>;
      const misfit = exemptionProblem(p.exemption, req.jurisdiction, req.type);
      if (misfit) return reject('INVALID', misfit);
      if (req.jurisdiction === 'gdpr' && p.remedyInfo === undefined)
        return reject(
          'INVALID',
          'A GDPR refusal records the information given on the right to complain to a supervisory authority and to seek a judicial remedy (Art. 12(4)).',
        );
      return {
        ok: true,
        next: {
          ...base,
          status: 'denied',
          ...decisionRecord(action),
          respondedOn: today,
          refusedLate: refusalLate(req, today, memberState),
        },
      };
    }
    case 'request.close_duplicate':
      return {
        ok: true,
        next: { ...base, status: 'closed_duplicate', ...decisionRecord(action), respondedOn: today },
      };
    case 'request.extend': {
      if (req.extended) return reject('INVALID', 'The request was already extended once.');
      const clocks = clocksOf(req, memberState);
      if (clocks.extensionNoticeBy === null)
        return reject('INVALID', `A CCPA ${req.type} request cannot be extended (11 CCR §7026, §7027).`);
      if (today > clocks.extensionNoticeBy)
        return reject(
          'INVALID',
          `An extension must be notified within the first period, by ${clocks.extensionNoticeBy}; it is ${today}.`,
        );
      return { ok: true, next: { ...base, extended: true } };
    }
    case 'request.acknowledge': {
      const p = action.payload as ActionPayload<'request.acknowledge'>;
      if (req.acknowledgedOn !== null)
        return reject('INVALID', `The receipt was already confirmed on ${req.acknowledgedOn}.`);
      if (p.on < req.receivedOn)
        return reject('INVALID', `A confirmation cannot precede the receipt (${req.receivedOn}).`);
      if (p.on > today) return reject('INVALID', `${p.on} is in the future (today is ${today}).`);
      return { ok: true, next: { ...base, acknowledgedOn: p.on, acknowledgedVia: p.channel } };
    }
    case 'request.hold':
      return { ok: true, next: { ...base, legalHold: true } };
    case 'request.release':
      return { ok: true, next: { ...base, legalHold: false } };
    case 'request.assign': {
      const p = action.payload as ActionPayload<'request.assign'>;
      return { ok: true, next: { ...base, assignee: p.assignee } };
    }
    case 'request.note':
      return { ok: true, next: base };
    case 'export.delivered':
      if (req.status !== 'approved' && req.status !== 'partially_approved')
        return reject(
          'INVALID',
          `An export is delivered only for an approved request (it is ${req.status}).`,
        );
      if (!['access', 'access_specific', 'portability'].includes(req.type))
        return reject('INVALID', `A ${req.type} request has no export to deliver.`);
      return { ok: true, next: { ...base, status: 'completed', respondedOn: today } };
    case 'erasure.execute': {
      if (req.type !== 'erasure') return reject('INVALID', `A ${req.type} request is not an erasure.`);
      if (req.status !== 'approved' && req.status !== 'partially_approved')
        return reject('INVALID', `Erasure runs only after approval (the request is ${req.status}).`);
      const kept = (action.payload as ActionPayload<'erasure.execute'>).exemptionsKept;
      for (const code of kept) {
        const misfit = exemptionProblem(code, req.jurisdiction, req.type);
        if (misfit) return reject('INVALID', misfit);
      }
      return { ok: true, next: { ...base, status: 'completed', respondedOn: today } };
    }
    case 'request.intake':
      // An intake creates a request; it never applies to one that exists.
      return reject('INVALID', 'A request with this id already exists.');
    case 'rectification.apply':
      if (req.type !== 'rectification')
        return reject('INVALID', `A ${req.type} request is not a rectification.`);
      if (!CARRIED_OUT_AFTER.includes(req.status))
        return reject(
          'INVALID',
          `Corrections are applied only after approval (the request is ${req.status}).`,
        );
      if (req.subjectId === null) return reject('INVALID', 'The request is not linked to a subject.');
      return { ok: true, next: { ...base, status: 'completed', respondedOn: today } };
    case 'restriction.place':
      if (req.type !== 'restriction') return reject('INVALID', `A ${req.type} request is not a restriction.`);
      if (!CARRIED_OUT_AFTER.includes(req.status) && req.status !== 'completed')
        return reject(
          'INVALID',
          `A restriction is placed only after approval (the request is ${req.status}).`,
        );
      if (req.subjectId === null) return reject('INVALID', 'The request is not linked to a subject.');
      if (ctx.subjectRestricted) return reject('INVALID', 'The subject is already under restriction.');
      return { ok: true, next: { ...base, status: 'completed', respondedOn: base.respondedOn ?? today } };
    case 'restriction.lift':
      if (req.type !== 'restriction') return reject('INVALID', `A ${req.type} request is not a restriction.`);
      if (req.subjectId === null) return reject('INVALID', 'The request is not linked to a subject.');
      if (ctx.subjectRestricted === false) return reject('INVALID', 'The subject is not under restriction.');
      return { ok: true, next: base };
    case 'settings.update':
      // Applied to the organisation's settings (backend/org-settings.ts), never to a request.
      return reject('INVALID', 'A settings change does not apply to a request.');
  }
}

/**
 * Art. 12(4): the reasons for not acting are given within one month of receipt, extended or not.
 * A refusal after `refuseBy` is allowed (better late than never) but recorded as late.
 */
function refusalLate(req: PrivacyRequest, today: IsoDate, memberState: string | null): boolean {
  const refuseBy = clocksOf(req, memberState).refuseBy;
  return refuseBy !== null && today > refuseBy;
}
