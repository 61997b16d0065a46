// Reading the local audit chain for the Audit room (issue 16): a filtered page, newest first, and
// the chain verified from its first entry so a tampered entry is named with where the chain
// breaks. Also records the reads that reveal personal data (who opened whose timeline, searched,
// exported), which the outbox does not see because they queue no action.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { LocalAuditEntry, LocalAuditFilter, LocalAuditPage } from '../../../shared/audit';
import { appendAudit, parseAuditDetail, verifyAuditChain, type AuditRow } from './audit';

/** One page of the chain, newest first, with the verification of the whole chain. */
export function localAuditPage(
  db: Database,
  input: { filter: LocalAuditFilter; beforeSeq?: number | undefined; limit: number },
): LocalAuditPage {
  const verification = verifyAuditChain(db);
  const where: string[] = [];
  const params: unknown[] = [];
  const f = input.filter;
  if (f.actor) {
    where.push('actor = ?');
    params.push(f.actor);
  }
  if (f.event) {
    // "action." matches every action event; a full name matches itself only.
    if (f.event.endsWith('.')) {
      where.push('substr(event, 1, length(?)) = ?');
      params.push(f.event, f.event);
    } else {
      where.push('event = ?');
      params.push(f.event);
    }
  }
  if (f.kind) {
    where.push("json_extract(detail, '$.kind') = ?");
    params.push(f.kind);
  }
  if (f.ref) {
    // A request's entries also carry its id in the detail (actions reference their own id).
    where.push("(ref = ? OR json_extract(detail, '$.requestId') = ?)");
    params.push(f.ref, f.ref);
  }
  if (f.from) {
    where.push('at >= ?');
    params.push(f.from);
  }
  if (f.to) {
    where.push('at < ?');
    params.push(f.to);
  }
  if (input.beforeSeq !== undefined) {
    where.push('seq < ?');
    params.push(input.beforeSeq);
  }
  const rows = db
    .prepare(
      `SELECT seq, at, actor, event, ref, detail FROM audit_log
        ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq DESC LIMIT ?`,
    )
    .all(...params, input.limit + 1) as Omit<AuditRow, 'prev_hash' | 'hash'>[];
  const page = rows.slice(0, input.limit);
  const brokenFrom = verification.ok ? Infinity : verification.brokenAt;
  const entries: LocalAuditEntry[] = page.map((r) => ({
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    event: r.event,
    ref: r.ref,
    detail: parseAuditDetail(r.detail),
    intact: r.seq < brokenFrom,
  }));
  const last = page[page.length - 1];
  return { entries, nextBeforeSeq: rows.length > input.limit && last ? last.seq : null, verification };
}

/**
 * Records a read of personal data (one entry per read the admin asked for, not per page turned).
 * Called before the data is returned: no read without its record.
 */
export function recordRead(
  db: Database,
  e: { actor: string | null; event: string; ref: string | null; detail: Record<string, unknown> },
): void {
  db.transaction(() => appendAudit(db, { at: new Date().toISOString(), ...e }))();
}
