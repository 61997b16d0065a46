// The optimistic overlay (docs/ARCHITECTURE.md §4): until the pull brings them back, the actions
// queued here (pending, or applied with a seq past the requests cursor) are applied to the
// mirrored request by the shared rules, so the console shows what the backend will show.
// Display only: the backend decides.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { applyActionRules, type RuleContext } from '../../../shared/action-rules';
import type { OutboxEntry, RequestsFilter, RequestSubject } from '../../../shared/contract-requests';
import type { PrivacyRequest } from '../../../shared/domain';
import { verifiedCorrections, type RectifiableField } from '../../../shared/rectification';
import type { OutboxContext } from './context';
import { intakeRequest } from './intake-request';
import { entryOf, mirroredRequest, mirroredSubject, requestsCursor, type OutboxRow } from './rows';
import { overlaySubject, requestSubjectOf } from './subject-overlay';

/** The mirrored request with its not-yet-pulled actions applied by the shared rules. */
function overlayRequest(
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

/** A request as shown (mirror or intake, with the overlay) and its subject, overlaid too. */
export interface OverlaidDetail {
  request: PrivacyRequest;
  mirrored: PrivacyRequest;
  pending: OutboxEntry[];
  subject: RequestSubject | null;
  subjectMirrored: RequestSubject | null;
}

export class OptimisticOverlay {
  constructor(
    private readonly db: Database,
    private readonly ctx: OutboxContext,
  ) {}

  /** Entries not yet reflected in the mirror, per request: pending, or applied past the cursor. */
  entries(requestIds: readonly string[] | null): Map<string, OutboxEntry[]> {
    const cursor = requestsCursor(this.db);
    const nowMs = this.ctx.now().getTime();
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
      list.push(entryOf(r, nowMs));
    }
    return map;
  }

  /**
   * The fields the request's latest verification named as corrected: a `request.verify` still in
   * the outbox, else the mirrored history's `verified` entry (shared/rectification.ts).
   */
  verifiedCorrections(requestId: string): RectifiableField[] | null {
    const queued = (this.entries([requestId]).get(requestId) ?? [])
      .filter((e) => e.action.kind === 'request.verify')
      .map((e) => ({ at: e.action.createdAt, detail: e.action.payload as Record<string, unknown> }));
    const pulled = (
      this.db
        .prepare(`SELECT data FROM request_events WHERE request_id = ? AND json_extract(data, '$.kind') = 'verified'`)
        .all(requestId) as { data: string }[]
    ).map((r) => JSON.parse(r.data) as { at: string; detail: Record<string, unknown> });
    return verifiedCorrections(queued.length > 0 ? queued : pulled);
  }

  /** `mirrored` with `entries` applied, in the overlay's rule context. */
  apply(mirrored: PrivacyRequest, entries: readonly OutboxEntry[]): PrivacyRequest {
    return overlayRequest(mirrored, entries, this.ctx.overlayContext());
  }

  /** The not-yet-pulled intake that creates `requestId`, if any. */
  intakeOf(requestId: string): OutboxEntry | null {
    const entries = this.entries([requestId]).get(requestId) ?? [];
    return entries.find((e) => e.action.kind === 'request.intake') ?? null;
  }

  /** Requests entered by hand and not pulled yet, matching `f` (newest first). */
  intakeRows(f: RequestsFilter): PrivacyRequest[] {
    const out: PrivacyRequest[] = [];
    for (const [requestId, entries] of this.entries(null)) {
      const intake = entries.find((e) => e.action.kind === 'request.intake');
      if (!intake || intake.status === 'rejected' || mirroredRequest(this.db, requestId)) continue;
      const base = intakeRequest(intake);
      if (!base) continue;
      const req = this.apply(base, entries);
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
  detail(id: string): OverlaidDetail | null {
    const pending = this.entries([id]).get(id) ?? [];
    const intake = pending.find((e) => e.action.kind === 'request.intake');
    const mirrored =
      mirroredRequest(this.db, id) ?? (intake && intake.status !== 'rejected' ? intakeRequest(intake) : null);
    if (!mirrored) return null;
    const request = this.apply(mirrored, pending);
    const subject = mirroredSubject(this.db, request.subjectId);
    const subjectMirrored = subject ? requestSubjectOf(subject) : null;
    return {
      request,
      mirrored,
      pending,
      subjectMirrored,
      subject: subjectMirrored ? overlaySubject(subjectMirrored, pending, this.ctx.actor()) : null,
    };
  }
}
