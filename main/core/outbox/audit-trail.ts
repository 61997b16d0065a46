// Reading the local audit chain for the Audit room (issue 16): a filtered page, newest first, and
// the chain verified from its first entry so a tampered entry is named with where the chain
// breaks. Also records the reads that reveal personal data (who opened whose timeline, searched,
// exported), which the outbox does not see because they queue no action.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type {
  ChainVerification,
  LocalAuditEntry,
  LocalAuditFilter,
  LocalAuditPage,
} from '../../../shared/audit';
import { AUDIT_GENESIS, appendAudit, auditHash } from './audit';

interface AuditRow {
  seq: number;
  at: string;
  actor: string | null;
  event: string;
  ref: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

/** A stored detail that is not JSON any more (tampered) is shown as its raw text. */
function parseDetail(raw: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(raw);
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : { raw };
  } catch {
    return { raw };
  }
}

/**
 * Walks the whole chain. `content`: the entry's hash no longer matches its own fields (edited);
 * `link`: its prev_hash is not the hash of the entry before (one was removed, inserted or moved).
 */
export function verifyAuditTrail(db: Database): ChainVerification {
  let prev = AUDIT_GENESIS;
  let n = 0;
  for (const r of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<AuditRow>) {
    const broken: 'content' | 'link' | null =
      r.prev_hash !== prev
        ? 'link'
        : r.hash !== auditHash(prev, { ...r, detail: parseDetail(r.detail) })
          ? 'content'
          : null;
    if (broken) {
      const entries = (db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number) ?? 0;
      return {
        ok: false,
        brokenAt: r.seq,
        brokenEntry: { at: r.at, actor: r.actor, event: r.event },
        reason: broken,
        entries,
      };
    }
    prev = r.hash;
    n++;
  }
  return { ok: true, entries: n };
}

/** One page of the chain, newest first, with the verification of the whole chain. */
export function localAuditPage(
  db: Database,
  input: { filter: LocalAuditFilter; beforeSeq?: number | undefined; limit: number },
): LocalAuditPage {
  const verification = verifyAuditTrail(db);
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
    detail: parseDetail(r.detail),
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
