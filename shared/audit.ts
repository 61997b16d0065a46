// The audit trail (issue 16), two sources the Audit room shows side by side:
// - this console's local hash-linked chain (main/core/outbox/audit.ts): every action queued here
//   and the reads that reveal personal data (a timeline opened, a search, an export);
// - the organisation's admin actions as the backend recorded them (GET /v1/audit, owner/approver).
// Shared by the IPC contract, the core and the backend, so the page shapes are written once.
import { z } from 'zod';
import { Id, Instant, Role } from './domain';

/** Roles that may read the organisation's audit trail (it names every admin and what they did). */
export const AUDIT_READER_ROLES: readonly Role[] = ['owner', 'approver'];

const Text = z.string().trim().min(1).max(256);

// --- the local chain -------------------------------------------------------------------------

export const LocalAuditFilter = z
  .object({
    actor: Text.optional(),
    /** Exact event name (e.g. `action.queued`, `read.timeline`) or a prefix ending in `.`. */
    event: Text.optional(),
    /** An action kind (`request.approve`…): the entries about actions of that kind. */
    kind: Text.optional(),
    /** The entry's reference: a request id, a subject id or an action id. */
    ref: Text.optional(),
    /** Inclusive lower bound. */
    from: Instant.optional(),
    /** Exclusive upper bound. */
    to: Instant.optional(),
  })
  .strict();
export type LocalAuditFilter = z.infer<typeof LocalAuditFilter>;

export const LocalAuditInput = z
  .object({
    filter: LocalAuditFilter.default({}),
    /** Keyset: entries with a smaller seq (newest first). */
    beforeSeq: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict()
  .default({ filter: {}, limit: 100 });
export type LocalAuditInput = z.input<typeof LocalAuditInput>;

export const LocalAuditEntry = z.object({
  seq: z.number().int().positive(),
  at: Instant,
  actor: z.string().nullable(),
  event: z.string(),
  ref: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  /** False for the entry where the chain breaks and every entry after it. */
  intact: z.boolean(),
});
export type LocalAuditEntry = z.infer<typeof LocalAuditEntry>;

/** The whole chain walked from its first entry: intact, or where it breaks and why. */
export const ChainVerification = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), entries: z.number().int().nonnegative() }),
  z.object({
    ok: z.literal(false),
    /** The first entry whose hash does not follow (the edited, inserted or reordered one). */
    brokenAt: z.number().int().positive(),
    brokenEntry: z.object({ at: z.string(), actor: z.string().nullable(), event: z.string() }).nullable(),
    /** `content`: the entry's own content no longer matches its hash (it was edited);
     * `link`: it does not point at the entry before it (one was removed or inserted). */
    reason: z.enum(['content', 'link']),
    entries: z.number().int().nonnegative(),
  }),
]);
export type ChainVerification = z.infer<typeof ChainVerification>;

export const LocalAuditPage = z.object({
  entries: z.array(LocalAuditEntry),
  nextBeforeSeq: z.number().int().positive().nullable(),
  verification: ChainVerification,
});
export type LocalAuditPage = z.infer<typeof LocalAuditPage>;

// --- the organisation's trail (backend) -----------------------------------------------------

export const OrgAuditQuery = z
  .object({
    admin: Text.optional(),
    requestId: Id.optional(),
    /** An action kind (`request.approve`…). */
    kind: Text.optional(),
    from: Instant.optional(),
    to: Instant.optional(),
    /** Keyset cursor: `<createdAt>|<actionId>` of the last entry of the previous page. */
    after: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type OrgAuditQuery = z.input<typeof OrgAuditQuery>;

export const OrgAuditEntry = z.object({
  actionId: z.string(),
  at: Instant,
  admin: z.string(),
  kind: z.string().nullable(),
  requestId: z.string().nullable(),
  /** `applied`, `rejected` (with its code) — what the backend decided. */
  outcome: z.string(),
  code: z.string().nullable(),
});
export type OrgAuditEntry = z.infer<typeof OrgAuditEntry>;

export const OrgAuditPage = z.object({
  entries: z.array(OrgAuditEntry),
  next: z.string().nullable(),
});
export type OrgAuditPage = z.infer<typeof OrgAuditPage>;
