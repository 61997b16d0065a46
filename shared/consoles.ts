// Consoles the backend knows (issue 14, "lost laptops"): what `GET /v1/consoles` lists and
// `POST /v1/consoles/:id/revoke` answers, shared by the backend, the core and the renderer.
// A console is one admin API token as the backend sees it (the granularity is explained in
// docs/ARCHITECTURE.md §9): every machine signed in with that token is that console.
// Pure TypeScript + zod: no node:*, no DOM.
import { z } from 'zod';
import { Id, Instant, Role } from './domain';

/** Who may list and revoke consoles: owners only (a revocation locks an admin out). */
export const CONSOLE_ADMIN_ROLES: readonly Role[] = ['owner'];

/** The code of the 401 a revoked token gets, so a console can tell it from a mistyped token. */
export const REVOKED_CODE = 'REVOKED';

/** The kind a revocation is recorded under in the organisation's audit trail (GET /v1/audit). */
export const CONSOLE_REVOKE_KIND = 'console.revoke';

export const ConsoleInfo = z.object({
  id: z.uuid(),
  adminId: Id,
  adminName: z.string().max(256),
  role: Role,
  /** When the backend first recorded this token (its first use, or the first listing). */
  since: Instant,
  /** The last authenticated call with this token (kept to the minute), null if never used. */
  lastSeenAt: Instant.nullable(),
  revokedAt: Instant.nullable(),
  revokedBy: z.string().max(256).nullable(),
  /** The token of the console asking: revoking it signs this console out too. */
  current: z.boolean(),
});
export type ConsoleInfo = z.infer<typeof ConsoleInfo>;

export const ConsoleList = z.object({ consoles: z.array(ConsoleInfo).max(10_000) });
export type ConsoleList = z.infer<typeof ConsoleList>;

/** `consoles:revoke`: the console to revoke (the renderer asked for a confirmation first). */
export const ConsoleRevokeInput = z.object({ id: z.uuid() }).strict();
export type ConsoleRevokeInput = z.infer<typeof ConsoleRevokeInput>;

export const ConsoleRevokeReply = z.object({ console: ConsoleInfo });
export type ConsoleRevokeReply = z.infer<typeof ConsoleRevokeReply>;
