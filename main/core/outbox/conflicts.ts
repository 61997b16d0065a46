// Conflicts: the actions the backend rejected (docs/ARCHITECTURE.md §4), kept until an admin
// dismisses them, each with whether it can still be decided again on the newest known state.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { StoredAction } from '../../../shared/action-schemas';
import { isKnownRejectionCode } from '../../../shared/push-protocol';
import { roleMayDo } from '../../../shared/roles';
import { applyActionRules } from '../../../shared/action-rules';
import type { Conflict } from '../../../shared/contract-requests';
import { PrivacyRequest } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { appendAudit } from './audit';
import type { OutboxContext } from './context';
import { mirroredRequest, type ConflictRow } from './rows';

/** Rejections no new decision can cure. */
const FINAL_CODES: readonly string[] = ['NOT_PERMITTED', 'NOT_FOUND', 'ALREADY_DECIDED'];

export class Conflicts {
  constructor(
    private readonly db: Database,
    private readonly ctx: OutboxContext,
  ) {}

  private toConflict(c: ConflictRow): Conflict {
    const row = this.db.prepare('SELECT action FROM outbox WHERE id = ?').get(c.id) as { action: string };
    const action = StoredAction.parse(JSON.parse(row.action));
    const current = c.current ? PrivacyRequest.parse(JSON.parse(c.current)) : null;
    const mirror = mirroredRequest(this.db, c.request_id);
    // The newest state we know: the mirror, or the winning state the rejection carried.
    const latest = current && (!mirror || current.version > mirror.version) ? current : mirror;
    const role = this.ctx.role();
    const canRedecide =
      c.dismissed_at === null &&
      mirror !== null &&
      latest !== null &&
      (role === null || roleMayDo(role, action.kind)) &&
      !FINAL_CODES.includes(c.code) &&
      applyActionRules(latest, action, this.ctx.overlayContext()).ok;
    return {
      id: c.id,
      action,
      code: c.code,
      knownCode: isKnownRejectionCode(c.code),
      message: c.message,
      current,
      decidedBy: c.decided_by,
      decidedAt: c.decided_at,
      rejectedAt: c.rejected_at,
      dismissedAt: c.dismissed_at,
      canRedecide,
    };
  }

  /** Newest first; dismissed ones only when asked; one request's only when `requestId` is given. */
  list(includeDismissed: boolean, requestId?: string): Conflict[] {
    const where = [
      includeDismissed ? null : 'dismissed_at IS NULL',
      requestId ? 'request_id = ?' : null,
    ].filter(Boolean);
    const sql = `SELECT * FROM conflicts ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY rejected_at DESC, id DESC`;
    const rows = (
      requestId ? this.db.prepare(sql).all(requestId) : this.db.prepare(sql).all()
    ) as ConflictRow[];
    return rows.map((c) => this.toConflict(c));
  }

  /** Dismisses a conflict (audited once; dismissing it again changes nothing). */
  dismiss(id: string): Conflict {
    const at = this.ctx.iso();
    const result = this.db.transaction(() => {
      const row = this.db.prepare('SELECT * FROM conflicts WHERE id = ?').get(id) as ConflictRow | undefined;
      if (!row) return null;
      if (row.dismissed_at === null) {
        this.db.prepare('UPDATE conflicts SET dismissed_at = ? WHERE id = ?').run(at, id);
        appendAudit(this.db, {
          at,
          actor: this.ctx.actor(),
          event: 'conflict.dismissed',
          ref: id,
          detail: { requestId: row.request_id, code: row.code },
        });
      }
      return this.db.prepare('SELECT * FROM conflicts WHERE id = ?').get(id) as ConflictRow;
    })();
    if (!result) throw new AppError('E_NOT_FOUND', 'No such conflict.');
    return this.toConflict(result);
  }

  /** Conflicts not dismissed. */
  count(): number {
    return (
      this.db.prepare('SELECT count(*) AS n FROM conflicts WHERE dismissed_at IS NULL').get() as { n: number }
    ).n;
  }

  /** Conflicts not dismissed, per request (one read for a page of the queue). */
  countsByRequest(): Map<string, number> {
    const rows = this.db
      .prepare(
        'SELECT request_id, count(*) AS n FROM conflicts WHERE dismissed_at IS NULL GROUP BY request_id',
      )
      .all() as { request_id: string; n: number }[];
    return new Map(rows.map((r) => [r.request_id, r.n]));
  }
}
