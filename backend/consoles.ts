// Consoles and their revocation (issue 14, "lost laptops"). A console is one admin API token as
// the backend sees it: a row of `consoles` per token hash ever used or listed, with when it was
// last seen. An owner revokes one from any other console (`POST /v1/consoles/:id/revoke`): the
// token's hash is replaced in `admins` by the hash of a token nobody holds, so every call with
// the old token is refused at once, and the row keeps the revocation so that refusal says
// "revoked" (401 REVOKED) rather than "unknown" — the console then purges its cache.
// A direct, role-checked call rather than an outbox action: revoking is only useful online and
// now (a queued revocation would wait for the sync of the very console that queued it), and the
// owner must see at once whether it took. It is still audited: one row in action_outcomes, the
// organisation's audit trail (GET /v1/audit), kind `console.revoke`.
import { randomUUID } from 'node:crypto';
import {
  CONSOLE_ADMIN_ROLES,
  CONSOLE_REVOKE_KIND,
  type ConsoleInfo,
  type ConsoleList,
} from '../shared/consoles';
import type { Role } from '../shared/domain';
import { hashToken, newToken } from './auth';
import type { BackendDbQueryable, BackendDb } from './db';
import type { Principal } from './store';

/** Last-seen times are kept to this precision, so most calls do not write. */
const SEEN_PRECISION_S = 60;

interface Row {
  id: string;
  admin_id: string;
  admin_name: string;
  role: Role;
  token_hash: string;
  first_seen_at: Date | string;
  last_seen_at: Date | string | null;
  revoked_at: Date | string | null;
  revoked_by: string | null;
}

const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString();

function infoOf(r: Row, currentHash: string): ConsoleInfo {
  return {
    id: r.id,
    adminId: r.admin_id,
    adminName: r.admin_name,
    role: r.role,
    since: iso(r.first_seen_at),
    lastSeenAt: r.last_seen_at === null ? null : iso(r.last_seen_at),
    revokedAt: r.revoked_at === null ? null : iso(r.revoked_at),
    revokedBy: r.revoked_by,
    current: r.token_hash === currentHash,
  };
}

/** A token replaced outside a revocation (the operator issued a new one) is no console any more. */
const LIVE_OR_REVOKED = `(c.revoked_at IS NOT NULL OR EXISTS (SELECT 1 FROM admins x WHERE x.token_hash = c.token_hash))`;

const SELECT = `SELECT c.id::text AS id, c.admin_id::text AS admin_id, a.name AS admin_name, a.role,
    c.token_hash, c.first_seen_at, c.last_seen_at, c.revoked_at, c.revoked_by
  FROM consoles c JOIN admins a ON a.id = c.admin_id`;

/** Records an authenticated call with this token (at most one write a minute per token). */
export async function markSeen(db: BackendDbQueryable, p: Principal, tokenHash: string): Promise<void> {
  await db.query(
    `INSERT INTO consoles (id, org_id, admin_id, token_hash, last_seen_at)
     VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (token_hash) DO UPDATE SET last_seen_at = now()
       WHERE consoles.last_seen_at IS NULL
          OR consoles.last_seen_at < now() - make_interval(secs => ${SEEN_PRECISION_S})`,
    [randomUUID(), p.orgId, p.adminId, tokenHash],
  );
}

/**
 * `markSeen` for one server: a token seen within the precision is not written again, so the auth
 * hook costs no database statement on most calls (the SQL keeps the same rule for other servers).
 */
export function seenMarker(db: BackendDbQueryable) {
  const marked = new Map<string, number>();
  return async (p: Principal, tokenHash: string): Promise<void> => {
    const now = Date.now();
    const last = marked.get(tokenHash);
    if (last !== undefined && now - last < SEEN_PRECISION_S * 1000) return;
    marked.set(tokenHash, now);
    await markSeen(db, p, tokenHash);
  };
}

/** The revocation of a token no admin holds any more, or null (unknown, or never revoked). */
export async function revocationOf(
  db: BackendDbQueryable,
  tokenHash: string,
): Promise<{ revokedAt: string; revokedBy: string | null } | null> {
  const rows = await db.query<{ revoked_at: Date | string; revoked_by: string | null }>(
    'SELECT revoked_at, revoked_by FROM consoles WHERE token_hash = $1 AND revoked_at IS NOT NULL',
    [tokenHash],
  );
  const r = rows[0];
  return r ? { revokedAt: iso(r.revoked_at), revokedBy: r.revoked_by } : null;
}

export type ConsoleResult<T> = { ok: true; value: T } | { ok: false; status: 403 | 404; message: string };

function mayManage(p: Principal): string | null {
  return CONSOLE_ADMIN_ROLES.includes(p.role) ? null : `the ${p.role} role may not manage consoles`;
}

/** `GET /v1/consoles`: the organisation's tokens, live and revoked, most recently seen first. */
export async function listConsoles(
  db: BackendDbQueryable,
  p: Principal,
  tokenHash: string,
): Promise<ConsoleResult<ConsoleList>> {
  const refused = mayManage(p);
  if (refused) return { ok: false, status: 403, message: refused };
  // Tokens issued but never used are consoles too (the owner should see them to revoke them).
  await db.query(
    `INSERT INTO consoles (id, org_id, admin_id, token_hash)
     SELECT gen_random_uuid(), org_id, id, token_hash FROM admins WHERE org_id = $1
     ON CONFLICT (token_hash) DO NOTHING`,
    [p.orgId],
  );
  const rows = await db.query<Row>(
    `${SELECT} WHERE c.org_id = $1 AND ${LIVE_OR_REVOKED}
      ORDER BY c.revoked_at IS NOT NULL, c.last_seen_at DESC NULLS LAST, a.name, c.id LIMIT 10000`,
    [p.orgId],
  );
  return { ok: true, value: { consoles: rows.map((r) => infoOf(r, tokenHash)) } };
}

/**
 * `POST /v1/consoles/:id/revoke`: owner only, same organisation only (another organisation's
 * console is "not found", never "forbidden", so ids do not leak). Revoking twice is harmless:
 * the second call answers the first revocation and records nothing.
 */
export async function revokeConsole(
  db: BackendDb,
  p: Principal,
  tokenHash: string,
  consoleId: string,
): Promise<ConsoleResult<ConsoleInfo>> {
  const refused = mayManage(p);
  if (refused) return { ok: false, status: 403, message: refused };
  return db.transaction(async (tx) => {
    const rows = await tx.query<Row>(
      `${SELECT} WHERE c.id::text = $1 AND c.org_id = $2 AND ${LIVE_OR_REVOKED} FOR UPDATE OF c`,
      [consoleId, p.orgId],
    );
    const row = rows[0];
    if (!row) return { ok: false, status: 404, message: `no console ${consoleId} in this organisation` };
    if (row.revoked_at !== null) return { ok: true, value: infoOf(row, tokenHash) };
    const done = await tx.query<{ revoked_at: Date | string }>(
      `UPDATE consoles SET revoked_at = now(), revoked_by = $2 WHERE id::text = $1 RETURNING revoked_at`,
      [consoleId, p.adminName],
    );
    // The admin keeps their account; their token is replaced by one nobody holds. The operator
    // issues a new one (the demo backend does at its next start: backend/seed/load ensureTokens).
    await tx.query('UPDATE admins SET token_hash = $1 WHERE id = $2 AND token_hash = $3', [
      hashToken(newToken()),
      row.admin_id,
      row.token_hash,
    ]);
    const auditId = randomUUID();
    await tx.query(
      `INSERT INTO action_outcomes (org_id, action_id, admin_id, outcome, applied, kind, request_id)
       VALUES ($1, $2, $3, $4::jsonb, true, $5, NULL)`,
      [
        p.orgId,
        auditId,
        p.adminId,
        JSON.stringify({ outcome: 'applied', id: auditId, console: consoleId, of: row.admin_name }),
        CONSOLE_REVOKE_KIND,
      ],
    );
    const revokedAt = done[0]!.revoked_at;
    return { ok: true, value: infoOf({ ...row, revoked_at: revokedAt, revoked_by: p.adminName }, tokenHash) };
  });
}
