// The invariants checked after a schedule drains: nothing lost, duplicated, diverged or stuck
// (see harness.ts for what each means), from the backend's tables and each console's file.
import { createHash } from 'node:crypto';
import type { PrivacyRequest } from '../../shared/domain';
import { STREAMS, type StreamName } from '../../shared/protocol';
import { EVENT_COLUMNS, toEvent, type EventRow } from '../../main/core/cache/queries';
import type { SimConsole } from '../helpers/console-sim';
import type { Real } from './commands';
import { pullAll } from './world';

/** Rejection codes the backend gives before recording the action (validation, role). */
const REFUSED_BEFORE_CLAIM = new Set(['INVALID', 'NOT_PERMITTED']);

const digest = (rows: unknown[]) =>
  createHash('sha256')
    .update(
      rows
        .map((r) => JSON.stringify(r))
        .sort()
        .join('\n'),
    )
    .digest('hex');

function consoleRows(c: SimConsole, stream: StreamName): unknown[] {
  if (stream === 'access_events') {
    // The same row → AccessEvent mapping the console's queries use.
    return (c.db.prepare(`SELECT ${EVENT_COLUMNS} FROM access_events`).all() as EventRow[]).map(toEvent);
  }
  return (c.db.prepare(`SELECT data FROM ${stream}`).all() as { data: string }[]).map((r) =>
    JSON.parse(r.data),
  );
}

export interface Tally {
  schedules: number;
  lost: number;
  duplicated: number;
  diverged: number;
  stuck: number;
}

export async function checkInvariants(r: Real): Promise<Omit<Tally, 'schedules'> & { problems: string[] }> {
  const problems: string[] = [...r.log];
  let lost = 0;
  let duplicated = 0;
  let diverged = r.cursorViolations;
  let stuck = 0;
  const db = r.world.backend.db;

  const outcomes = new Map<string, { outcome: string; code?: string }>();
  for (const row of await db.query<{ action_id: string; outcome: unknown }>(
    'SELECT action_id, outcome FROM action_outcomes',
  )) {
    const o = (typeof row.outcome === 'string' ? JSON.parse(row.outcome) : row.outcome) as {
      outcome: string;
      code?: string;
    };
    outcomes.set(row.action_id, o);
  }
  const effects = new Map<string, number>();
  for (const row of await db.query<{ aid: string; n: number }>(
    `SELECT detail->>'actionId' AS aid, count(*)::int AS n FROM request_events
      WHERE detail ? 'actionId' GROUP BY 1`,
  ))
    effects.set(row.aid, Number(row.n));

  // Applied at most once; version bumps equal applied actions per request.
  for (const [aid, n] of effects) {
    if (n > 1) {
      duplicated += n - 1;
      problems.push(`action ${aid} has ${n} effects on the backend`);
    }
  }
  const before = new Map(r.world.requests.map((q) => [q.id, q]));
  const appliedPerRequest = new Map<string, number>();
  for (const a of r.actions) {
    if (outcomes.get(a.id)?.outcome === 'applied')
      appliedPerRequest.set(a.requestId, (appliedPerRequest.get(a.requestId) ?? 0) + 1);
  }
  const now = (await pullAll(r.world.backend, 'requests')) as PrivacyRequest[];
  for (const q of now) {
    const bumps = q.version - (before.get(q.id)?.version ?? 0);
    const applied = appliedPerRequest.get(q.id) ?? 0;
    if (bumps !== applied) {
      duplicated += Math.max(0, bumps - applied);
      diverged += bumps < applied ? 1 : 0;
      problems.push(`request ${q.id}: version moved by ${bumps}, applied actions ${applied}`);
    }
  }
  // No decision overwritten: at most one decision per request, none on an already decided one.
  const decisions = await db.query<{ request_id: string; n: number }>(
    `SELECT request_id::text AS request_id, count(*)::int AS n FROM request_events
      WHERE detail ? 'actionId' AND kind IN ('decided', 'closed') GROUP BY 1`,
  );
  const decidedBefore = new Set(
    r.world.requests
      .filter((q) =>
        ['approved', 'partially_approved', 'denied', 'completed', 'closed_duplicate'].includes(q.status),
      )
      .map((q) => q.id),
  );
  for (const d of decisions) {
    if (d.n > 1 || decidedBefore.has(d.request_id)) {
      diverged++;
      problems.push(`request ${d.request_id}: decision overwritten (${d.n} decisions)`);
    }
  }

  // Every queued action: present on its console, resolved, and resolved like the backend.
  for (const a of r.actions) {
    const c = r.consoles[a.console]!;
    const entry = c.outbox.get(a.id);
    const server = outcomes.get(a.id);
    if (!entry) {
      lost++;
      problems.push(`action ${a.id} vanished from console ${a.console}`);
      continue;
    }
    if (entry.status === 'pending') {
      stuck++;
      problems.push(`action ${a.id} (${a.kind}) still pending on console ${a.console}`);
      continue;
    }
    // Refused by the schema or the role before the backend claims the idempotency key (issue 14):
    // nothing is stored, and a replay is refused the same way, so the console's answer stands.
    if (!server && entry.status === 'rejected' && REFUSED_BEFORE_CLAIM.has(entry.rejectionCode ?? ''))
      continue;
    if (!server) {
      lost++;
      problems.push(
        `action ${a.id} is ${entry.status}${entry.rejectionCode ? `/${entry.rejectionCode}` : ''} on console ${a.console} but unknown to the backend`,
      );
      continue;
    }
    if (
      entry.status !== server.outcome ||
      (entry.status === 'rejected' && entry.rejectionCode !== server.code)
    ) {
      diverged++;
      problems.push(
        `action ${a.id}: console says ${entry.status}/${entry.rejectionCode}, backend ${server.outcome}/${server.code}`,
      );
    }
    if (entry.status === 'rejected' && !entry.rejectionCode) {
      diverged++;
      problems.push(`action ${a.id} rejected without a code`);
    }
  }

  // Every console's mirror equals the backend, stream by stream.
  for (const s of STREAMS) {
    const want = digest(await pullAll(r.world.backend, s));
    r.consoles.forEach((c, i) => {
      const got = digest(consoleRows(c, s));
      if (got !== want) {
        diverged++;
        problems.push(`console ${i}: ${s} mirror differs from the backend`);
      }
    });
  }
  return { lost, duplicated, diverged, stuck, problems };
}
