// The requests read model: the Requests queue and the request page, from the mirror with the
// optimistic overlay on top, requests entered by hand and not pulled yet, and conflict counts.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type {
  RequestDetail,
  RequestRow,
  RequestsFilter,
  RequestsList,
} from '../../../shared/contract-requests';
import { requestClocks } from '../../../shared/casework';
import { dueBucketOf, type DueBucket } from '../../../shared/dashboard';
import { PrivacyRequest, RequestEvent } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { Conflicts } from './conflicts';
import type { OutboxContext } from './context';
import type { OptimisticOverlay } from './overlay';
import { requestsCursor } from './rows';

export class RequestsReadModel {
  constructor(
    private readonly db: Database,
    private readonly overlay: OptimisticOverlay,
    private readonly conflicts: Conflicts,
    private readonly ctx: OutboxContext,
  ) {}

  /** A page of the queue, newest received first, keyset-paged on (receivedOn, id). */
  list(input: {
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
      params.push(requestsCursor(this.db));
    }
    if (input.after) {
      where.push(
        "(json_extract(data, '$.receivedOn') < ? OR (json_extract(data, '$.receivedOn') = ? AND id < ?))",
      );
      params.push(input.after.receivedOn, input.after.receivedOn, input.after.id);
    }
    // The Due filter depends on the clocks (holidays, extensions, the overlay's pending decisions),
    // which SQL cannot compute: the rows are read whole and kept by the shared rule. A queue holds
    // hundreds of requests, not millions, so reading them all costs little.
    const keep = f.due === undefined ? null : this.dueFilter(f.due);
    const rows = this.db
      .prepare(
        `SELECT data FROM requests ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
          ORDER BY json_extract(data, '$.receivedOn') DESC, id DESC ${keep ? '' : 'LIMIT ?'}`,
      )
      .all(...params, ...(keep ? [] : [input.limit + 1])) as { data: string }[];
    const parsed = rows.map((r) => PrivacyRequest.parse(JSON.parse(r.data)));
    const matching = keep ? parsed.filter(keep) : parsed;
    // Requests entered by hand and not pulled yet lead the first page (pending badge on them).
    const intakes = input.after ? [] : this.overlay.intakeRows(f).filter(keep ?? (() => true));
    const requests = [...intakes, ...matching.slice(0, input.limit)];
    const overlays = this.overlay.entries(requests.map((r) => r.id));
    const conflicts = this.conflicts.countsByRequest();
    const restricted = this.restrictedSubjects(requests.flatMap((r) => (r.subjectId ? [r.subjectId] : [])));
    const out: RequestRow[] = requests.map((mirrored) => {
      const pending = overlays.get(mirrored.id) ?? [];
      return {
        request: this.overlay.apply(mirrored, pending),
        mirrored,
        pending,
        conflictCount: conflicts.get(mirrored.id) ?? 0,
        subjectRestricted: mirrored.subjectId !== null && restricted.has(mirrored.subjectId),
      };
    });
    const last = requests[requests.length - 1];
    return {
      rows: out,
      next: matching.length > input.limit && last ? { receivedOn: last.receivedOn, id: last.id } : null,
    };
  }

  /** Keeps a request whose next deadline, as the admin sees it (overlay applied), is in `due`. */
  private dueFilter(due: DueBucket): (mirrored: PrivacyRequest) => boolean {
    const { today, memberState } = this.ctx.overlayContext();
    return (mirrored) => {
      const shown = this.overlay.apply(mirrored, this.overlay.entries([mirrored.id]).get(mirrored.id) ?? []);
      const next = requestClocks(shown, today ?? shown.receivedOn, memberState ?? null).next;
      return next !== null && dueBucketOf(next.daysLeft) === due;
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

  /** The request page: the request as shown, its subject, its history and its conflicts. */
  get(id: string): RequestDetail {
    const detail = this.overlay.detail(id);
    if (!detail) throw new AppError('E_NOT_FOUND', 'This request is not in the cache.');
    const events = (
      this.db.prepare('SELECT data FROM request_events WHERE request_id = ? ORDER BY at, id').all(id) as {
        data: string;
      }[]
    ).map((r) => RequestEvent.parse(JSON.parse(r.data)));
    const conflicts = this.conflicts.list(true, id);
    return {
      ...detail,
      conflictCount: conflicts.filter((c) => c.dismissedAt === null).length,
      subjectRestricted: detail.subjectMirrored?.restricted ?? false,
      events,
      conflicts,
    };
  }
}
