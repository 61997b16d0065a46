// The durable outbox (docs/ARCHITECTURE.md §4): every admin action is queued with its audit entry in ONE
// SQLite transaction, works offline, and keeps its status until the backend decides it.
// Every state change below is a single transaction, so the worker can die at any instant.
// The queue lives here; beside it, built on the same database and context: the conflicts
// (conflicts.ts), the optimistic overlay (overlay.ts) and the requests read model.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { v7 as uuidv7 } from 'uuid';
import { StoredAction, type Action, type ActionIntent } from '../../../shared/action-schemas';
import { type FirstOutcome, type Outcome } from '../../../shared/push-protocol';
import type { OutboxChanged, OutboxEntry, OutboxList } from '../../../shared/contract-requests';
import { AppError, type ErrorInfo } from '../../../shared/errors';
import { appendAudit } from './audit';
import { Conflicts } from './conflicts';
import { OutboxContext, type OutboxDeps } from './context';
import { OptimisticOverlay } from './overlay';
import { refuseBeforeQueue } from './refusals';
import { RequestsReadModel } from './requests-read-model';
import { entryOf, mirroredRequest, type OutboxRow } from './rows';

export type { OutboxDeps } from './context';

/** Failures of an action pushed on its own before it moves to Needs attention. */
export const ATTENTION_AFTER_FAILURES = 5;
/** The rejection code of an action an admin discarded from Needs attention. */
export const DISCARDED_CODE = 'DISCARDED';

export class Outbox {
  private readonly ctx: OutboxContext;
  private readonly overlay: OptimisticOverlay;
  /** The actions the backend rejected, until dismissed. */
  readonly conflicts: Conflicts;
  /** The Requests queue and request page, overlaid with the actions queued here. */
  readonly requests: RequestsReadModel;

  constructor(
    readonly db: Database,
    deps: OutboxDeps = {},
  ) {
    this.ctx = new OutboxContext(db, deps);
    this.overlay = new OptimisticOverlay(db, this.ctx);
    this.conflicts = new Conflicts(db, this.ctx);
    this.requests = new RequestsReadModel(db, this.overlay, this.conflicts, this.ctx);
  }

  /** Queues an action: outbox row + audit entry in one transaction. */
  enqueue(intent: ActionIntent): OutboxEntry {
    const at = this.ctx.iso();
    // An intake creates its request: the request's id is a client-generated UUIDv7, so a
    // replayed push finds the request it already created instead of making a second one.
    const requestId = intent.kind === 'request.intake' ? (intent.requestId ?? uuidv7()) : intent.requestId;
    const mirror = mirroredRequest(this.db, requestId);
    const baseVersion = mirror?.version ?? 0;
    // The intent passed ActionIntent at its trust boundary (dispatch, or the CLI's own parse);
    // what the core adds — a UUIDv7, the mirror's version, the clock — is valid by construction,
    // so the outbox does not parse it again (docs/ARCHITECTURE.md §3).
    const stamp = { id: uuidv7(), baseVersion, createdAt: at };
    const action: Action =
      intent.kind === 'request.intake' ? { ...intent, requestId, ...stamp } : { ...intent, ...stamp };
    refuseBeforeQueue(action, mirror, this.overlay, this.ctx);
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO outbox (id, kind, request_id, action, queued_at) VALUES (?, ?, ?, ?, ?)')
        .run(action.id, action.kind, action.requestId, JSON.stringify(action), at);
      appendAudit(this.db, {
        at,
        actor: this.ctx.actor(),
        event: 'action.queued',
        ref: action.id,
        detail: { kind: action.kind, requestId: action.requestId, baseVersion },
      });
    })();
    return this.get(action.id)!;
  }

  get(id: string): OutboxEntry | null {
    const r = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined;
    return r ? entryOf(r, this.ctx.now().getTime()) : null;
  }

  /**
   * The oldest pending actions, in queue order. Skipped: actions held for an admin (Needs
   * attention) and every later action on the same request (they depend on it). An action that
   * has failed before goes alone, so one poisoned action cannot fail the batches of others.
   */
  pendingBatch(limit: number): Action[] {
    const rows = this.db
      .prepare(
        `SELECT action, failures FROM outbox
          WHERE status = 'pending' AND attention_at IS NULL
            AND request_id NOT IN (SELECT request_id FROM outbox WHERE status = 'pending' AND attention_at IS NOT NULL)
          ORDER BY seq LIMIT ?`,
      )
      .all(limit) as { action: string; failures: number }[];
    const firstFailed = rows.findIndex((r) => r.failures > 0);
    const picked = firstFailed === 0 ? rows.slice(0, 1) : firstFailed > 0 ? rows.slice(0, firstFailed) : rows;
    return picked.map((r) => StoredAction.parse(JSON.parse(r.action)));
  }

  /**
   * A push of `ids` failed in a way that points at the actions themselves (the backend answered
   * 500 or refused the request). Each failure is counted; an action that fails alone
   * ATTENTION_AFTER_FAILURES times moves to Needs attention (audited). Returns the ids moved.
   */
  recordFault(ids: readonly string[], error: ErrorInfo): string[] {
    const at = this.ctx.iso();
    const json = JSON.stringify(error);
    const moved: string[] = [];
    const bump = this.db.prepare(
      "UPDATE outbox SET failures = failures + 1, last_error = ? WHERE id = ? AND status = 'pending' RETURNING failures, kind, request_id",
    );
    this.db.transaction(() => {
      for (const id of ids) {
        const r = bump.get(json, id) as { failures: number; kind: string; request_id: string } | undefined;
        if (!r || ids.length !== 1 || r.failures < ATTENTION_AFTER_FAILURES) continue;
        this.db.prepare('UPDATE outbox SET attention_at = ? WHERE id = ?').run(at, id);
        appendAudit(this.db, {
          at,
          actor: this.ctx.actor(),
          event: 'action.needs_attention',
          ref: id,
          detail: { kind: r.kind, requestId: r.request_id, failures: r.failures, code: error.code },
        });
        moved.push(id);
      }
    })();
    return moved;
  }

  private attentionRow(id: string): OutboxRow {
    const r = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined;
    if (!r) throw new AppError('E_NOT_FOUND', 'No such action in the outbox.');
    if (r.status !== 'pending' || r.attention_at === null)
      throw new AppError('E_VALIDATION', 'This action does not need attention.');
    return r;
  }

  /** An admin sends an action held in Needs attention again (audited). */
  retry(id: string): OutboxEntry {
    const at = this.ctx.iso();
    this.db.transaction(() => {
      const r = this.attentionRow(id);
      this.db
        .prepare('UPDATE outbox SET attention_at = NULL, failures = 0, last_error = NULL WHERE id = ?')
        .run(id);
      appendAudit(this.db, {
        at,
        actor: this.ctx.actor(),
        event: 'action.retried',
        ref: id,
        detail: { kind: r.kind, requestId: r.request_id },
      });
    })();
    return this.get(id)!;
  }

  /** An admin drops an action held in Needs attention: it is never pushed (audited). */
  discard(id: string): OutboxEntry {
    const at = this.ctx.iso();
    this.db.transaction(() => {
      const r = this.attentionRow(id);
      this.db
        .prepare(
          `UPDATE outbox SET status = 'rejected', rejection_code = ?, rejection_message = ?,
                  attention_at = NULL, resolved_at = ? WHERE id = ?`,
        )
        .run(DISCARDED_CODE, 'Discarded by an admin from Needs attention.', at, id);
      appendAudit(this.db, {
        at,
        actor: this.ctx.actor(),
        event: 'action.discarded',
        ref: id,
        detail: { kind: r.kind, requestId: r.request_id },
      });
    })();
    return this.get(id)!;
  }

  attentionCount(): number {
    return (
      this.db
        .prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending' AND attention_at IS NOT NULL")
        .get() as { n: number }
    ).n;
  }

  pendingCount(): number {
    return (
      this.db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'").get() as { n: number }
    ).n;
  }

  changed(ids: string[]): OutboxChanged {
    return { pendingCount: this.pendingCount(), conflictCount: this.conflicts.count(), changedIds: ids };
  }

  /** Counts an attempt before the batch goes on the wire (so a crash mid-push still counts). */
  markAttempt(ids: readonly string[]): void {
    const at = this.ctx.iso();
    const stmt = this.db.prepare(
      "UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ? WHERE id = ? AND status = 'pending'",
    );
    this.db.transaction(() => {
      for (const id of ids) stmt.run(at, id);
    })();
  }

  /** Records a transient failure on still-pending actions (they stay pending). */
  markError(ids: readonly string[], error: ErrorInfo): void {
    const stmt = this.db.prepare("UPDATE outbox SET last_error = ? WHERE id = ? AND status = 'pending'");
    const json = JSON.stringify(error);
    this.db.transaction(() => {
      for (const id of ids) stmt.run(json, id);
    })();
  }

  /**
   * Applies a validated reply's outcomes in ONE transaction. Outcomes for ids that are not
   * pending here (already resolved, or unknown) are ignored, so applying a reply twice is
   * harmless. Returns the ids that changed.
   */
  applyOutcomes(outcomes: readonly Outcome[]): string[] {
    const at = this.ctx.iso();
    const changed: string[] = [];
    const getPending = this.db.prepare("SELECT * FROM outbox WHERE id = ? AND status = 'pending'");
    const setApplied = this.db.prepare(
      `UPDATE outbox SET status = 'applied', server_version = ?, server_seq = ?, last_error = NULL, resolved_at = ?
        WHERE id = ? AND status = 'pending'`,
    );
    const setRejected = this.db.prepare(
      `UPDATE outbox SET status = 'rejected', rejection_code = ?, rejection_message = ?, last_error = NULL, resolved_at = ?
        WHERE id = ? AND status = 'pending'`,
    );
    const addConflict = this.db.prepare(
      `INSERT OR IGNORE INTO conflicts (id, request_id, code, message, current, decided_by, decided_at, rejected_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const o of outcomes) {
        const row = getPending.get(o.id) as OutboxRow | undefined;
        if (!row) continue;
        const first: FirstOutcome = o.outcome === 'duplicate' ? o.first : o;
        if (first.outcome === 'applied') {
          setApplied.run(first.version, first.seq, at, o.id);
          appendAudit(this.db, {
            at,
            actor: this.ctx.actor(),
            event: 'action.applied',
            ref: o.id,
            detail: { kind: row.kind, requestId: row.request_id, version: first.version, seq: first.seq },
          });
        } else {
          setRejected.run(first.code, first.message, at, o.id);
          addConflict.run(
            o.id,
            row.request_id,
            first.code,
            first.message,
            first.current ? JSON.stringify(first.current) : null,
            first.decidedBy ?? null,
            first.decidedAt ?? null,
            at,
          );
          appendAudit(this.db, {
            at,
            actor: this.ctx.actor(),
            event: 'action.rejected',
            ref: o.id,
            detail: { kind: row.kind, requestId: row.request_id, code: first.code },
          });
        }
        changed.push(o.id);
      }
    })();
    return changed;
  }

  list(recentLimit: number): OutboxList {
    const nowMs = this.ctx.now().getTime();
    const pending = (
      this.db.prepare("SELECT * FROM outbox WHERE status = 'pending' ORDER BY seq").all() as OutboxRow[]
    ).map((r) => entryOf(r, nowMs));
    const recent = (
      this.db
        .prepare("SELECT * FROM outbox WHERE status != 'pending' ORDER BY resolved_at DESC, seq DESC LIMIT ?")
        .all(recentLimit) as OutboxRow[]
    ).map((r) => entryOf(r, nowMs));
    const counts = { pending: 0, applied: 0, rejected: 0, attention: this.attentionCount() };
    for (const c of this.db.prepare('SELECT status, count(*) AS n FROM outbox GROUP BY status').all() as {
      status: 'pending' | 'applied' | 'rejected';
      n: number;
    }[])
      counts[c.status] = c.n;
    return { pending, recent, counts };
  }
}
