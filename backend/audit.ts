// GET /v1/audit (issue 16): every admin action pushed to this organisation, newest first, with who
// took it and what the backend decided. Read from action_outcomes, the idempotency record every
// pushed action gets; pushes refused before that (malformed, or a role that may not act) never
// claim a row, so they are not in the trail either.
import { OrgAuditQuery, type OrgAuditEntry, type OrgAuditPage } from '../shared/audit';
import type { BackendDbQueryable } from './db';
import type { Principal } from './store';
import { describeIssues } from '../shared/zod-issues';

interface Row {
  action_id: string;
  created_at: Date | string;
  admin: string;
  kind: string | null;
  request_id: string | null;
  outcome: unknown;
}

const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString();

/** The cursor is `<ISO time>|<action id>` of the previous page's last entry. */
function parseCursor(after: string | undefined): { at: string; id: string } | null {
  if (!after) return null;
  const bar = after.indexOf('|');
  const at = after.slice(0, bar);
  if (bar < 0 || Number.isNaN(Date.parse(at))) return null;
  return { at, id: after.slice(bar + 1) };
}

export async function readOrgAudit(
  db: BackendDbQueryable,
  p: Principal,
  raw: unknown,
): Promise<{ ok: true; page: OrgAuditPage } | { ok: false; message: string }> {
  const parsed = OrgAuditQuery.safeParse(raw);
  if (!parsed.success)
    return {
      ok: false,
      message: describeIssues(parsed.error, { root: 'query' }),
    };
  const q = parsed.data;
  const cursor = parseCursor(q.after);
  if (q.after !== undefined && !cursor) return { ok: false, message: 'after: not a cursor of this trail' };
  const where = ['o.org_id = $1'];
  const params: (string | number)[] = [p.orgId];
  const add = (sql: string, v: string | number) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (q.admin) add('a.name = ?', q.admin);
  if (q.requestId) add('o.request_id = ?', q.requestId);
  if (q.kind) add('o.kind = ?', q.kind);
  if (q.from) add('o.created_at >= ?::timestamptz', q.from);
  if (q.to) add('o.created_at < ?::timestamptz', q.to);
  if (cursor) {
    params.push(cursor.at, cursor.id);
    where.push(
      `(o.created_at < $${params.length - 1}::timestamptz OR (o.created_at = $${params.length - 1}::timestamptz AND o.action_id < $${params.length}))`,
    );
  }
  params.push(q.limit + 1);
  const rows = await db.query<Row>(
    `SELECT o.action_id, o.created_at, a.name AS admin, o.kind, o.request_id, o.outcome
       FROM action_outcomes o JOIN admins a ON a.id = o.admin_id
      WHERE ${where.join(' AND ')}
      ORDER BY o.created_at DESC, o.action_id DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, q.limit);
  const entries: OrgAuditEntry[] = page.map((r) => {
    const o = (typeof r.outcome === 'string' ? JSON.parse(r.outcome) : r.outcome) as {
      outcome?: string;
      code?: string;
    } | null;
    return {
      actionId: r.action_id,
      at: iso(r.created_at),
      admin: r.admin,
      kind: r.kind,
      requestId: r.request_id,
      // An empty outcome is an action claimed whose decision did not commit (never shown twice).
      outcome: o?.outcome ?? 'pending',
      code: o?.code ?? null,
    };
  });
  const last = page[page.length - 1];
  return {
    ok: true,
    page: {
      entries,
      next: rows.length > q.limit && last ? `${iso(last.created_at)}|${last.action_id}` : null,
    },
  };
}
