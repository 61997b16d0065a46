// The access events' NDJSON and CSV lines, the bulk of a bundle, serialised in one pass. A person's
// events share a few contexts (IP × device × app): each context's JSON members and CSV cells are
// written once and spliced into every row, so a row costs its own columns only. The lines are
// byte for byte `JSON.stringify(event)` and `csvRow(eventCells(event))` of the `BundleEvent` that
// `subjectEventPages` builds (test/unit/export-event-lines.test.ts holds them to it).
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { flagKindsOf } from '../cache/flags';
import { csvCell } from './csv-cell';
import { subjectEventContexts, subjectEventRowPages, type EventContext } from './datasets';
import type { EventSummary } from './documents';

/** The CSV columns of access-events.csv (the person's own events: no subject_id column). */
export const EVENTS_CSV = [
  'time',
  'id',
  'username',
  'ip',
  'device_id',
  'device_name',
  'os_version',
  'app',
  'decision',
  'reason',
  'flags',
] as const;

const J = JSON.stringify;

interface ContextLines {
  context: EventContext;
  /** `,"username":…,"app":…` — the members between `time` and `decision`. */
  json: string;
  /** The cells between `id` and `decision`, comma-joined. */
  csv: string;
  allow: number;
  deny: number;
}

function contextLines(c: EventContext): ContextLines {
  return {
    context: c,
    json: `,"username":${J(c.username)},"ip":${J(c.ip)},"deviceId":${J(c.deviceId)},"deviceName":${J(c.deviceName)},"osVersion":${J(c.osVersion)},"app":${J(c.app)}`,
    csv: [c.username, c.ip, c.deviceId, c.deviceName, c.osVersion, c.app].map(csvCell).join(','),
    allow: 0,
    deny: 0,
  };
}

/** An ISO instant holds only digits and `-:.TZ`: a CSV cell as it is, unless it starts with `-`. */
const isoCsv = (iso: string) => (iso.charCodeAt(0) === 45 ? csvCell(iso) : iso);

/**
 * Yields `[ndjsonLine, csvLine]` for each of the person's events in time order, and counts them
 * into `summary` (for index.html) as `summariseEvent` would, event by event.
 */
export function* eventLinePairs(
  db: Database,
  subjectId: string,
  summary: EventSummary,
): Generator<readonly [string, string]> {
  const read = subjectEventContexts(db, subjectId);
  const contexts = new Map<number, ContextLines>();
  for (const [k, c] of read) contexts.set(k, contextLines(c));
  // Contexts in the order their first event came: folding them in this order at the end gives
  // the summary's maps the order of first appearance, as counting event by event would.
  const seen: ContextLines[] = [];
  const flags = new Map<number, readonly [string, string]>();
  const flagsOf = (bits: number) => {
    let f = flags.get(bits);
    if (!f) {
      const kinds = bits === 0 ? [] : flagKindsOf(bits);
      f = [J(kinds), csvCell(kinds.join(' '))] as const;
      flags.set(bits, f);
    }
    return f;
  };
  for (const rows of subjectEventRowPages(db, subjectId, read)) {
    for (const [timeMs, , id, ctx, decision, reason, bits] of rows) {
      const c = contexts.get(ctx);
      if (!c) throw new Error(`access event ${id} has no context`);
      const time = new Date(timeMs).toISOString();
      if (c.allow + c.deny === 0) seen.push(c);
      if (decision === 'deny') c.deny++;
      else c.allow++;
      summary.first ??= time;
      summary.last = time;
      const [flagsJson, flagsCsv] = flagsOf(bits);
      yield [
        `{"id":${J(id)},"time":"${time}"${c.json},"decision":${J(decision)},"reason":${J(reason)},"flags":${flagsJson}}\n`,
        `${isoCsv(time)},${csvCell(id)},${c.csv},${csvCell(decision)},${csvCell(reason)},${flagsCsv}\r\n`,
      ];
    }
  }
  for (const { context: e, allow, deny } of seen) {
    summary.total += allow + deny;
    summary.denied += deny;
    const a = summary.byApp.get(e.app) ?? { allow: 0, deny: 0 };
    a.allow += allow;
    a.deny += deny;
    summary.byApp.set(e.app, a);
    const d = summary.devices.get(e.deviceId) ?? { name: e.deviceName, os: e.osVersion, events: 0 };
    d.events += allow + deny;
    summary.devices.set(e.deviceId, d);
    summary.networks.add(e.ip);
  }
}
