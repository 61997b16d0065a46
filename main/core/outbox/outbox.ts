// The durable outbox (docs/ARCHITECTURE.md §4): every admin action is queued with its audit entry in ONE
// SQLite transaction, works offline, and keeps its status until the backend decides it.
// Every state change below is a single transaction, so the worker can die at any instant.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { v7 as uuidv7 } from 'uuid';
import { Action, StoredAction, type ActionIntent, type ActionPayload } from '../../../shared/action-schemas';
import { isKnownRejectionCode, type FirstOutcome, type Outcome } from '../../../shared/push-protocol';
import { roleMayDo } from '../../../shared/roles';
import { applyActionRules, type RuleContext } from '../../../shared/action-rules';
import type {
  Conflict,
  OutboxChanged,
  OutboxEntry,
  OutboxList,
  RequestDetail,
  RequestRow,
  RequestsFilter,
  RequestsList,
  RequestSubject,
} from '../../../shared/contract-requests';
import { PrivacyRequest, RequestEvent, Subject, type Role } from '../../../shared/domain';
import { changedFields } from '../../../shared/rectification';
import { SAME_VALUES_MESSAGE } from '../../../shared/subject-change';
import { restrictionBlocks } from '../../../shared/restriction';
import { intakeRequest, overlaySubject, requestSubjectOf } from './subject-overlay';
import { AppError, type ErrorInfo } from '../../../shared/errors';
import { appendAudit } from './audit';
import { legalContextOf, legalSettingsOf, type LegalSettings } from '../legal-settings';
import { receivedOnZoneProblem } from '../../../shared/intake';
import { describeIssues } from '../../../shared/zod-issues';

/** Kinds whose rule failures are refused before queueing (they depend on nothing the backend knows better). */
const REFUSED_BEFORE_QUEUE: readonly string[] = [
  'request.verify',
  'request.extend',
  'request.deny',
  'request.approve',
  'request.acknowledge',
  'erasure.execute',
];

interface OutboxRow {
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

/** Failures of an action pushed on its own before it moves to Needs attention. */
export const ATTENTION_AFTER_FAILURES = 5;
/** The rejection code of an action an admin discarded from Needs attention. */
export const DISCARDED_CODE = 'DISCARDED';

interface ConflictRow {
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

export interface OutboxDeps {
  /** The console clock (injectable: tests skew it). */
  now?: () => Date;
  /** Who is acting (the signed-in admin's name), for the audit log. */
  actor?: () => string | null;
  /** The signed-in admin's role, to tell whether a conflict can be re-decided. */
  role?: () => Role | null;
  /** The organisation's member state and time zone (issue 13); default: the synced settings. */
  legal?: () => LegalSettings;
}

export class Outbox {
  private readonly now: () => Date;
  private readonly actor: () => string | null;
  private readonly role: () => Role | null;
  private readonly legal: () => LegalSettings;

  constructor(
    readonly db: Database,
    deps: OutboxDeps = {},
  ) {
    this.now = deps.now ?? (() => new Date());
    this.actor = deps.actor ?? (() => null);
    this.role = deps.role ?? (() => null);
    this.legal = deps.legal ?? (() => legalSettingsOf(db));
  }

  /** Rule context now: today in the organisation's time zone, its member state. */
  private ruleContext(): RuleContext {
    return legalContextOf(this.legal(), this.now());
  }

  /**
   * The context of the optimistic overlay (display only, the backend decides): while the member
   * state's calendar is still loading, lists and pages still show, with weekends only.
   */
  private overlayContext(): RuleContext {
    try {
      return this.ruleContext();
    } catch {
      return { ...legalContextOf({ ...this.legal(), memberState: null }, this.now()) };
    }
  }

  private iso(): string {
    return this.now().toISOString();
  }

  private toEntry(r: OutboxRow, nowMs = this.now().getTime()): OutboxEntry {
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

  private mirrored(requestId: string): PrivacyRequest | null {
    const row = this.db.prepare('SELECT data FROM requests WHERE id = ?').get(requestId) as
      { data: string } | undefined;
    return row ? PrivacyRequest.parse(JSON.parse(row.data)) : null;
  }

  private mirroredSubject(subjectId: string | null): Subject | null {
    if (subjectId === null) return null;
    const row = this.db.prepare('SELECT data FROM subjects WHERE id = ?').get(subjectId) as
      { data: string } | undefined;
    if (!row) return null;
    const s = Subject.safeParse(JSON.parse(row.data));
    return s.success ? s.data : null;
  }

  /** Queues an action: outbox row + audit entry in one transaction. */
  enqueue(intent: ActionIntent): OutboxEntry {
    const at = this.iso();
    // An intake creates its request: the request's id is a client-generated UUIDv7, so a
    // replayed push finds the request it already created instead of making a second one.
    const requestId = intent.kind === 'request.intake' ? (intent.requestId ?? uuidv7()) : intent.requestId;
    const mirror = this.mirrored(requestId);
    const baseVersion = mirror?.version ?? 0;
    const parsed = Action.safeParse({ ...intent, requestId, id: uuidv7(), baseVersion, createdAt: at });
    if (!parsed.success) {
      throw new AppError(
        'E_VALIDATION',
        describeIssues(parsed.error, { max: 1, root: 'action' }) || 'Invalid action',
        parsed.error.issues,
      );
    }
    const action = parsed.data;
    if (action.kind === 'request.intake' && (mirror || this.intakeOf(requestId)))
      throw new AppError('E_VALIDATION', 'A request with this id already exists.');
    // The rules that read the clocks need the member state's calendar; the others only today.
    const ctx = REFUSED_BEFORE_QUEUE.includes(action.kind) ? this.ruleContext() : this.overlayContext();
    if (action.kind === 'request.intake') {
      const future = receivedOnZoneProblem(action.payload.receivedOn, ctx.today!);
      if (future) throw new AppError('E_VALIDATION', future);
    }
    // Refused before queueing (the backend checks again with the same shared rules): a decision
    // on a decided request, and the rules that depend only on the request and the action — a
    // verification short of the requirement, an extension after the first period or a second
    // one, an exemption that does not fit, a refusal without the remedy information, an
    // acknowledgement recorded twice.
    if (mirror) {
      const rule = applyActionRules(mirror, action, ctx);
      if (!rule.ok && rule.code === 'ALREADY_DECIDED') throw new AppError('E_VALIDATION', rule.message);
    }
    if (REFUSED_BEFORE_QUEUE.includes(action.kind)) {
      // Judged on the request as this console shows it: the mirror, or a request entered by hand
      // and not pulled yet, with the actions queued since (e.g. an extension queued offline).
      const shown = this.overlaidDetail(requestId)?.request;
      const rule = shown ? applyActionRules(shown, action, ctx) : null;
      if (rule && !rule.ok && rule.code === 'INVALID') throw new AppError('E_VALIDATION', rule.message);
    }
    this.refuseCarryOut(action);
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO outbox (id, kind, request_id, action, queued_at) VALUES (?, ?, ?, ?, ?)')
        .run(action.id, action.kind, action.requestId, JSON.stringify(action), at);
      appendAudit(this.db, {
        at,
        actor: this.actor(),
        event: 'action.queued',
        ref: action.id,
        detail: { kind: action.kind, requestId: action.requestId, baseVersion },
      });
    })();
    return this.get(action.id)!;
  }

  /**
   * Refuses, before queueing, carrying out a rectification or restriction that cannot apply to
   * the request as this console sees it (mirror + pending actions, e.g. an approval queued
   * offline just before), and an erasure or export of a subject under restriction.
   */
  private refuseCarryOut(action: Action): void {
    const carryOut = ['rectification.apply', 'restriction.place', 'restriction.lift'].includes(action.kind);
    if (!carryOut && !restrictionBlocks(action.kind)) return;
    const detail = this.overlaidDetail(action.requestId);
    if (!detail) {
      if (carryOut) throw new AppError('E_VALIDATION', 'This request is not in the cache yet: sync first.');
      return;
    }
    const rule = applyActionRules(detail.request, action, {
      subjectRestricted: detail.subject?.restricted ?? false,
      ...this.overlayContext(),
    });
    if (!rule.ok && (carryOut || rule.code === 'RESTRICTED'))
      throw new AppError('E_VALIDATION', rule.message);
    if (action.kind === 'rectification.apply' && detail.subject) {
      const changes = (action.payload as ActionPayload<'rectification.apply'>).changes;
      if (changedFields(detail.subject, changes).length === 0)
        throw new AppError('E_VALIDATION', SAME_VALUES_MESSAGE);
    }
  }

  get(id: string): OutboxEntry | null {
    const r = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined;
    return r ? this.toEntry(r) : null;
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
    const at = this.iso();
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
          actor: this.actor(),
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
    const at = this.iso();
    this.db.transaction(() => {
      const r = this.attentionRow(id);
      this.db
        .prepare('UPDATE outbox SET attention_at = NULL, failures = 0, last_error = NULL WHERE id = ?')
        .run(id);
      appendAudit(this.db, {
        at,
        actor: this.actor(),
        event: 'action.retried',
        ref: id,
        detail: { kind: r.kind, requestId: r.request_id },
      });
    })();
    return this.get(id)!;
  }

  /** An admin drops an action held in Needs attention: it is never pushed (audited). */
  discard(id: string): OutboxEntry {
    const at = this.iso();
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
        actor: this.actor(),
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

  conflictCount(): number {
    return (
      this.db.prepare('SELECT count(*) AS n FROM conflicts WHERE dismissed_at IS NULL').get() as { n: number }
    ).n;
  }

  changed(ids: string[]): OutboxChanged {
    return { pendingCount: this.pendingCount(), conflictCount: this.conflictCount(), changedIds: ids };
  }

  /** Counts an attempt before the batch goes on the wire (so a crash mid-push still counts). */
  markAttempt(ids: readonly string[]): void {
    const at = this.iso();
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
    const at = this.iso();
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
            actor: this.actor(),
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
            actor: this.actor(),
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
    const nowMs = this.now().getTime();
    const pending = (
      this.db.prepare("SELECT * FROM outbox WHERE status = 'pending' ORDER BY seq").all() as OutboxRow[]
    ).map((r) => this.toEntry(r, nowMs));
    const recent = (
      this.db
        .prepare("SELECT * FROM outbox WHERE status != 'pending' ORDER BY resolved_at DESC, seq DESC LIMIT ?")
        .all(recentLimit) as OutboxRow[]
    ).map((r) => this.toEntry(r, nowMs));
    const counts = { pending: 0, applied: 0, rejected: 0, attention: this.attentionCount() };
    for (const c of this.db.prepare('SELECT status, count(*) AS n FROM outbox GROUP BY status').all() as {
      status: 'pending' | 'applied' | 'rejected';
      n: number;
    }[])
      counts[c.status] = c.n;
    return { pending, recent, counts };
  }

  // ------------------------------------------------------------------------------------------
  // Conflicts

  private toConflict(c: ConflictRow): Conflict {
    const row = this.db.prepare('SELECT action FROM outbox WHERE id = ?').get(c.id) as { action: string };
    const action = StoredAction.parse(JSON.parse(row.action));
    const current = c.current ? PrivacyRequest.parse(JSON.parse(c.current)) : null;
    const mirror = this.mirrored(c.request_id);
    // The newest state we know: the mirror, or the winning state the rejection carried.
    const latest = current && (!mirror || current.version > mirror.version) ? current : mirror;
    const role = this.role();
    const canRedecide =
      c.dismissed_at === null &&
      mirror !== null &&
      latest !== null &&
      (role === null || roleMayDo(role, action.kind)) &&
      !['NOT_PERMITTED', 'NOT_FOUND', 'ALREADY_DECIDED'].includes(c.code) &&
      applyActionRules(latest, action, this.overlayContext()).ok;
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

  conflicts(includeDismissed: boolean, requestId?: string): Conflict[] {
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

  dismissConflict(id: string): Conflict {
    const at = this.iso();
    const result = this.db.transaction(() => {
      const row = this.db.prepare('SELECT * FROM conflicts WHERE id = ?').get(id) as ConflictRow | undefined;
      if (!row) return null;
      if (row.dismissed_at === null) {
        this.db.prepare('UPDATE conflicts SET dismissed_at = ? WHERE id = ?').run(at, id);
        appendAudit(this.db, {
          at,
          actor: this.actor(),
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

  // ------------------------------------------------------------------------------------------
  // Optimistic overlay

  /** The requests-stream cursor: applied actions at or below it are in the mirror already. */
  private requestsCursor(): number {
    const r = this.db.prepare("SELECT cursor FROM sync_state WHERE stream = 'requests'").get() as
      { cursor: number } | undefined;
    return r?.cursor ?? 0;
  }

  /** Entries not yet reflected in the mirror: pending, or applied with a seq past the cursor. */
  private overlayEntries(requestIds: readonly string[] | null): Map<string, OutboxEntry[]> {
    const cursor = this.requestsCursor();
    const nowMs = this.now().getTime();
    const rows = this.db
      .prepare(
        `SELECT * FROM outbox WHERE status = 'pending' OR (status = 'applied' AND server_seq > ?) ORDER BY seq`,
      )
      .all(cursor) as OutboxRow[];
    const wanted = requestIds ? new Set(requestIds) : null;
    const map = new Map<string, OutboxEntry[]>();
    for (const r of rows) {
      if (wanted && !wanted.has(r.request_id)) continue;
      let list = map.get(r.request_id);
      if (!list) map.set(r.request_id, (list = []));
      list.push(this.toEntry(r, nowMs));
    }
    return map;
  }

  /** The mirrored request with its not-yet-pulled actions applied by the shared rules. */
  static overlay(
    mirrored: PrivacyRequest,
    entries: readonly OutboxEntry[],
    ctx: RuleContext = {},
  ): PrivacyRequest {
    let req = mirrored;
    for (const e of entries) {
      const result = applyActionRules(req, e.action, ctx);
      if (!result.ok) continue;
      const version =
        e.status === 'applied' && e.serverVersion !== null
          ? Math.max(req.version, e.serverVersion)
          : req.version;
      req = { ...result.next, version, updatedAt: req.updatedAt };
    }
    return req;
  }

  /** The not-yet-pulled intake that creates `requestId`, if any. */
  private intakeOf(requestId: string): OutboxEntry | null {
    const entries = this.overlayEntries([requestId]).get(requestId) ?? [];
    return entries.find((e) => e.action.kind === 'request.intake') ?? null;
  }

  /** Requests entered by hand and not pulled yet, matching `f` (newest first). */
  private intakeRows(f: RequestsFilter): PrivacyRequest[] {
    const out: PrivacyRequest[] = [];
    for (const [requestId, entries] of this.overlayEntries(null)) {
      const intake = entries.find((e) => e.action.kind === 'request.intake');
      if (!intake || intake.status === 'rejected' || this.mirrored(requestId)) continue;
      const base = intakeRequest(intake);
      if (!base) continue;
      const req = Outbox.overlay(base, entries, this.overlayContext());
      if (f.status !== undefined && req.status !== f.status) continue;
      if (f.type !== undefined && req.type !== f.type) continue;
      if (f.jurisdiction !== undefined && req.jurisdiction !== f.jurisdiction) continue;
      if (f.subjectId !== undefined && req.subjectId !== f.subjectId) continue;
      if (f.assignee !== undefined && req.assignee !== f.assignee) continue;
      out.push(req);
    }
    return out.sort((a, b) => (a.receivedOn < b.receivedOn ? 1 : a.receivedOn > b.receivedOn ? -1 : 0));
  }

  /** The request as shown (mirror or intake, with the overlay) and its subject, overlaid too. */
  private overlaidDetail(id: string): {
    request: PrivacyRequest;
    mirrored: PrivacyRequest;
    pending: OutboxEntry[];
    subject: RequestSubject | null;
    subjectMirrored: RequestSubject | null;
  } | null {
    const pending = this.overlayEntries([id]).get(id) ?? [];
    const intake = pending.find((e) => e.action.kind === 'request.intake');
    const mirrored =
      this.mirrored(id) ?? (intake && intake.status !== 'rejected' ? intakeRequest(intake) : null);
    if (!mirrored) return null;
    const request = Outbox.overlay(mirrored, pending, this.overlayContext());
    const subject = this.mirroredSubject(request.subjectId);
    const subjectMirrored = subject ? requestSubjectOf(subject) : null;
    return {
      request,
      mirrored,
      pending,
      subjectMirrored,
      subject: subjectMirrored ? overlaySubject(subjectMirrored, pending, this.actor()) : null,
    };
  }

  private conflictCounts(): Map<string, number> {
    const rows = this.db
      .prepare(
        'SELECT request_id, count(*) AS n FROM conflicts WHERE dismissed_at IS NULL GROUP BY request_id',
      )
      .all() as { request_id: string; n: number }[];
    return new Map(rows.map((r) => [r.request_id, r.n]));
  }

  listRequests(input: {
    filter: RequestsFilter;
    after?: { receivedOn: string; id: string } | undefined;
    limit: number;
  }): RequestsList {
    const where: string[] = [];
    const params: unknown[] = [];
    const f = input.filter;
    const eq = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      where.push(`${column} = ?`);
      params.push(value);
    };
    eq('status', f.status);
    eq('type', f.type);
    eq('jurisdiction', f.jurisdiction);
    eq('subject_id', f.subjectId);
    if (f.assignee !== undefined) {
      where.push(
        f.assignee === null
          ? "json_extract(data, '$.assignee') IS NULL"
          : "json_extract(data, '$.assignee') = ?",
      );
      if (f.assignee !== null) params.push(f.assignee);
    }
    if (f.pendingOnly) {
      where.push(
        "id IN (SELECT request_id FROM outbox WHERE status = 'pending' OR (status = 'applied' AND server_seq > ?))",
      );
      params.push(this.requestsCursor());
    }
    if (input.after) {
      where.push(
        "(json_extract(data, '$.receivedOn') < ? OR (json_extract(data, '$.receivedOn') = ? AND id < ?))",
      );
      params.push(input.after.receivedOn, input.after.receivedOn, input.after.id);
    }
    const rows = this.db
      .prepare(
        `SELECT data FROM requests ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
          ORDER BY json_extract(data, '$.receivedOn') DESC, id DESC LIMIT ?`,
      )
      .all(...params, input.limit + 1) as { data: string }[];
    // Requests entered by hand and not pulled yet lead the first page (pending badge on them).
    const intakes = input.after ? [] : this.intakeRows(f);
    const requests = [
      ...intakes,
      ...rows.slice(0, input.limit).map((r) => PrivacyRequest.parse(JSON.parse(r.data))),
    ];
    const overlays = this.overlayEntries(requests.map((r) => r.id));
    const conflicts = this.conflictCounts();
    const restricted = this.restrictedSubjects(requests.flatMap((r) => (r.subjectId ? [r.subjectId] : [])));
    const out: RequestRow[] = requests.map((mirrored) => {
      const pending = overlays.get(mirrored.id) ?? [];
      return {
        request: Outbox.overlay(mirrored, pending, this.overlayContext()),
        mirrored,
        pending,
        conflictCount: conflicts.get(mirrored.id) ?? 0,
        subjectRestricted: mirrored.subjectId !== null && restricted.has(mirrored.subjectId),
      };
    });
    const last = requests[requests.length - 1];
    return {
      rows: out,
      next: rows.length > input.limit && last ? { receivedOn: last.receivedOn, id: last.id } : null,
    };
  }

  /** Which of these subjects are restricted (one read for a page of the queue). */
  private restrictedSubjects(ids: readonly string[]): Set<string> {
    if (ids.length === 0) return new Set();
    const rows = this.db
      .prepare(
        `SELECT id FROM subjects WHERE id IN (SELECT value FROM json_each(?))
            AND json_extract(data, '$.restricted') = 1`,
      )
      .pluck()
      .all(JSON.stringify([...new Set(ids)])) as string[];
    return new Set(rows);
  }

  getRequest(id: string): RequestDetail {
    const detail = this.overlaidDetail(id);
    if (!detail) throw new AppError('E_NOT_FOUND', 'This request is not in the cache.');
    const events = (
      this.db.prepare('SELECT data FROM request_events WHERE request_id = ? ORDER BY at, id').all(id) as {
        data: string;
      }[]
    ).map((r) => RequestEvent.parse(JSON.parse(r.data)));
    const conflicts = this.conflicts(true, id);
    return {
      ...detail,
      conflictCount: conflicts.filter((c) => c.dismissedAt === null).length,
      subjectRestricted: detail.subjectMirrored?.restricted ?? false,
      events,
      conflicts,
    };
  }
}
