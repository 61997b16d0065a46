// The local audit log: append-only (triggers refuse UPDATE and DELETE) and tamper-evident —
// every entry's hash is SHA-256 over the previous entry's hash and this entry's content, so
// editing, removing or reordering any entry breaks the chain from there on.
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ChainVerification } from '../../../shared/audit';

export const AUDIT_GENESIS = '0'.repeat(64);

export interface AuditInput {
  at: string;
  actor: string | null;
  event: string;
  ref: string | null;
  detail: Record<string, unknown>;
}

export interface AuditEntry extends AuditInput {
  seq: number;
  prevHash: string;
  hash: string;
}

export function auditHash(prevHash: string, e: AuditInput): string {
  const body = JSON.stringify([e.at, e.actor, e.event, e.ref, e.detail]);
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** Appends one entry; call inside the transaction of the change it records. */
export function appendAudit(db: Database, e: AuditInput): AuditEntry {
  const last = db.prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
    { hash: string } | undefined;
  const prevHash = last?.hash ?? AUDIT_GENESIS;
  const hash = auditHash(prevHash, e);
  const info = db
    .prepare(
      'INSERT INTO audit_log (at, actor, event, ref, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(e.at, e.actor, e.event, e.ref, JSON.stringify(e.detail), prevHash, hash);
  return { ...e, seq: Number(info.lastInsertRowid), prevHash, hash };
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string | null;
  event: string;
  ref: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

/** A stored detail that is not JSON any more (tampered) is read as its raw text. */
export function parseAuditDetail(raw: string): Record<string, unknown> {
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
export function verifyAuditChain(db: Database): ChainVerification {
  let prev = AUDIT_GENESIS;
  let n = 0;
  for (const r of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<AuditRow>) {
    const broken: 'content' | 'link' | null =
      r.prev_hash !== prev
        ? 'link'
        : r.hash !== auditHash(prev, { ...r, detail: parseAuditDetail(r.detail) })
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
