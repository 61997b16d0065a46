// The outbox's tables as rows, and the mirror reads the queue, the overlay and the conflicts share.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { StoredAction } from '../../../shared/action-schemas';
import type { OutboxEntry } from '../../../shared/contract-requests';
import { PrivacyRequest, Subject } from '../../../shared/domain';
import type { ErrorInfo } from '../../../shared/errors';

export interface OutboxRow {
  seq: number;
  id: string;
  kind: string;
  request_id: string;
  action: string;
  queued_at: string;
  status: 'pending' | 'applied' | 'rejected';
  attempts: number;
  last_attempt_at: string | null;
  last_error: string | null;
  server_version: number | null;
  server_seq: number | null;
  rejection_code: string | null;
  rejection_message: string | null;
  resolved_at: string | null;
  failures: number;
  attention_at: string | null;
}

export interface ConflictRow {
  id: string;
  request_id: string;
  code: string;
  message: string;
  current: string | null;
  decided_by: string | null;
  decided_at: string | null;
  rejected_at: string;
  dismissed_at: string | null;
}

/** An outbox row as the contract shows it; its age is measured at `nowMs`. */
export function entryOf(r: OutboxRow, nowMs: number): OutboxEntry {
  return {
    action: StoredAction.parse(JSON.parse(r.action)),
    status: r.status,
    attempts: r.attempts,
    ageMs: Math.max(0, nowMs - Date.parse(r.queued_at)) || 0,
    queuedAt: r.queued_at,
    lastAttemptAt: r.last_attempt_at,
    lastError: r.last_error ? (JSON.parse(r.last_error) as ErrorInfo) : null,
    serverVersion: r.server_version,
    serverSeq: r.server_seq,
    rejectionCode: r.rejection_code,
    rejectionMessage: r.rejection_message,
    resolvedAt: r.resolved_at,
    failures: r.failures,
    attentionAt: r.attention_at,
  };
}

/** The request as last pulled from the backend, or null when the mirror does not have it. */
export function mirroredRequest(db: Database, requestId: string): PrivacyRequest | null {
  const row = db.prepare('SELECT data FROM requests WHERE id = ?').get(requestId) as
    { data: string } | undefined;
  return row ? PrivacyRequest.parse(JSON.parse(row.data)) : null;
}

/** The subject as last pulled, or null (none, not pulled, or a row the schema refuses). */
export function mirroredSubject(db: Database, subjectId: string | null): Subject | null {
  if (subjectId === null) return null;
  const row = db.prepare('SELECT data FROM subjects WHERE id = ?').get(subjectId) as
    { data: string } | undefined;
  if (!row) return null;
  const s = Subject.safeParse(JSON.parse(row.data));
  return s.success ? s.data : null;
}

/** The requests-stream cursor: applied actions at or below it are in the mirror already. */
export function requestsCursor(db: Database): number {
  const r = db.prepare("SELECT cursor FROM sync_state WHERE stream = 'requests'").get() as
    { cursor: number } | undefined;
  return r?.cursor ?? 0;
}
