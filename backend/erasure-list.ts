// GET /v1/erasures (issue 11): the organisation's erasure receipts, by request and by retention,
// newest first (shared/erasure-list.ts says why they are read live).
import { ErasureListQuery, type ErasureList } from '../shared/erasure-list';
import { ErasureReceipt } from '../shared/erasure';
import { describeIssues } from '../shared/zod-issues';
import type { BackendDbQueryable } from './db';

export async function readErasureList(
  db: BackendDbQueryable,
  orgId: string,
  rawQuery: unknown,
): Promise<{ ok: true; list: ErasureList } | { ok: false; message: string }> {
  const q = ErasureListQuery.safeParse(rawQuery ?? {});
  if (!q.success) return { ok: false, message: describeIssues(q.error, { max: 5, root: 'query' }) };
  const { trigger, before, limit } = q.data;
  const rows = await db.query<{ receipt: unknown; sha256: string }>(
    `SELECT receipt, sha256 FROM erasure_receipts
      WHERE org_id = $1
        AND ($2::text IS NULL OR receipt->>'trigger' = $2)
        AND ($3::timestamptz IS NULL OR (receipt->>'carriedOutAt')::timestamptz < $3::timestamptz)
      ORDER BY (receipt->>'carriedOutAt')::timestamptz DESC, id DESC
      LIMIT $4`,
    [orgId, trigger ?? null, before ?? null, limit + 1],
  );
  const receipts = rows.slice(0, limit).map((r) => {
    const json = typeof r.receipt === 'string' ? (JSON.parse(r.receipt) as unknown) : r.receipt;
    return ErasureReceipt.parse({ ...(json as object), sha256: r.sha256 });
  });
  const next = rows.length > limit ? (receipts.at(-1)?.carriedOutAt ?? null) : null;
  return { ok: true, list: { receipts, next } };
}
