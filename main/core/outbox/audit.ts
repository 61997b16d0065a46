// The local audit log: append-only (triggers refuse UPDATE and DELETE) and tamper-evident —
// every entry's hash is SHA-256 over the previous entry's hash and this entry's content, so
// editing, removing or reordering any entry breaks the chain from there on.
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';

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

/** Walks the chain; returns the seq of the first broken entry, or null when intact. */
export function verifyAuditChain(
  db: Database,
): { ok: true; entries: number } | { ok: false; brokenAt: number } {
  let prev = AUDIT_GENESIS;
  let n = 0;
  for (const r of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<{
    seq: number;
    at: string;
    actor: string | null;
    event: string;
    ref: string | null;
    detail: string;
    prev_hash: string;
    hash: string;
  }>) {
    const detail = JSON.parse(r.detail) as Record<string, unknown>;
    const expected = auditHash(prev, { at: r.at, actor: r.actor, event: r.event, ref: r.ref, detail });
    if (r.prev_hash !== prev || r.hash !== expected) return { ok: false, brokenAt: r.seq };
    prev = r.hash;
    n++;
  }
  return { ok: true, entries: n };
}
