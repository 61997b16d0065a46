// Action intents (docs/ARCHITECTURE.md §4–5): what an admin does to a privacy request, queued in the
// console's outbox and pushed to the backend, which applies each in one transaction. The schemas
// only: the push protocol is in push-protocol.ts, who may do what in roles.ts, and what an action
// does to a request in action-rules.ts. Pure TypeScript + zod: no node:*, no DOM.
import { z } from 'zod';
import { ExemptionCode, Id, Instant } from './domain';
import { CalendarDay } from './clocks';
import { IntakePayload } from './intake';
import { RECTIFIABLE_FIELDS, RectificationChanges } from './rectification';
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
