// Which reads of personal data the local audit chain records (issue 16: who opened whose timeline,
// who searched for whom). A pure rule, so the main side can tell — before it sends a read to the read
// worker — that the cache worker must record it first: no read without its record.
import type { InvokeChannel } from '../../shared/channels';
import type { LogsFilter } from '../../shared/contract-logs';

export interface AuditedRead {
  event: 'read.search' | 'read.timeline';
  ref: string | null;
  detail: Record<string, unknown>;
}

/** A logs query that looks for people (a text search, a user, a subject or an address); browsing the
 * newest events or filtering by decision alone is not a search of anyone. */
function searchesPeople(f: LogsFilter): boolean {
  return f.text !== undefined || f.user !== undefined || f.subjectId !== undefined || f.ip !== undefined;
}

/** The audit entry a validated read calls for, or null. One per read asked for, not per page turned. */
export function auditedRead(channel: InvokeChannel, input: unknown): AuditedRead | null {
  if (channel === 'logs:page') {
    const page = input as { filter: LogsFilter; after?: unknown };
    if (page.after !== undefined || !searchesPeople(page.filter)) return null;
    return { event: 'read.search', ref: page.filter.subjectId ?? null, detail: { filter: page.filter } };
  }
  if (channel === 'subjects:timeline') {
    const timeline = input as { subjectId: string; after?: unknown };
    if (timeline.after !== undefined) return null;
    return { event: 'read.timeline', ref: timeline.subjectId, detail: {} };
  }
  return null;
}
