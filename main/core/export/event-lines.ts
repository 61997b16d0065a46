// The access events' NDJSON and CSV, the bulk of a bundle, serialised in one pass into chunks of
// bytes (./byte-chunk). A person's events share a few contexts (IP × device × app): each context's
// JSON members and CSV cells are encoded once and copied into every row, as are decisions, reasons
// and flag sets, so a row costs its own columns only (its id and time). The bytes are those of
// `JSON.stringify(event)` and `csvRow(eventCells(event))` of the `BundleEvent` that
// `subjectEventPages` builds (test/unit/export-event-lines.test.ts holds them to it).
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { flagKindsOf } from '../cache/flags';
import { ByteChunk, isoInstantWriter, maxUtf8, utf8 } from './byte-chunk';
import { csvCell } from './csv-cell';
import { subjectEventContexts, subjectEventRowPages, type EventContext } from './datasets';
import type { EventSummary } from './documents';

/** The NDJSON chunks are about this many bytes (the CSV's about half): fewer, larger writes. */
export const EVENT_CHUNK_BYTES = 128 * 1024;

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

interface ContextBytes {
  context: EventContext;
  /** `","username":…,"app":…,"decision":` — from the end of `time` to the decision's value. */
  json: Buffer;
  /** `,username,…,app,` — the cells between `id` and `decision`, with both separators. */
  csv: Buffer;
  allow: number;
  deny: number;
}

function contextBytes(c: EventContext): ContextBytes {
  return {
    context: c,
    json: utf8(
      `","username":${J(c.username)},"ip":${J(c.ip)},"deviceId":${J(c.deviceId)},"deviceName":${J(c.deviceName)},"osVersion":${J(c.osVersion)},"app":${J(c.app)},"decision":`,
    ),
    csv: utf8(`,${[c.username, c.ip, c.deviceId, c.deviceName, c.osVersion, c.app].map(csvCell).join(',')},`),
    allow: 0,
    deny: 0,
  };
}

/** An ISO instant holds only digits and `-:.TZ`: a CSV cell as it is, unless it starts with `-`. */
const isoCsv = (iso: string) => (iso.charCodeAt(0) === 45 ? csvCell(iso) : iso);

/** An id that JSON.stringify only quotes and csvCell leaves as it is: written once for both. */
// eslint-disable-next-line no-control-regex
const PLAIN_ID = /^(?![=+\-@])[^\u0000-\u001f\u007f"\\,;\ud800-\udfff]+$/;

const JSON_ID = utf8('{"id":');
const JSON_TIME = utf8(',"time":"');

/** A repeated value's bytes, each written once (bounded: free text may not repeat). */
function memo<K>(make: (k: K) => readonly [Buffer, Buffer]) {
  const cache = new Map<K, readonly [Buffer, Buffer]>();
  return (k: K) => {
    let v = cache.get(k);
    if (!v) {
      v = make(k);
      if (cache.size < 1024) cache.set(k, v);
    }
    return v;
  };
}

/**
 * Yields `[ndjsonBytes, csvBytes]` chunks of the person's events in time order (a chunk pair ends
 * on the same event), and counts them into `summary` (for index.html) as `summariseEvent` would,
 * event by event; `onEvent` is called for each (the progress).
 */
export function* eventChunkPairs(
  db: Database,
  subjectId: string,
  summary: EventSummary,
  onEvent: () => void = () => undefined,
  chunkBytes = EVENT_CHUNK_BYTES,
): Generator<readonly [Buffer, Buffer]> {
  const read = subjectEventContexts(db, subjectId);
  const contexts = new Map<number, ContextBytes>();
  for (const [k, c] of read) contexts.set(k, contextBytes(c));
  // Contexts in the order their first event came: folding them in this order at the end gives
  // the summary's maps the order of first appearance, as counting event by event would.
  const seen: ContextBytes[] = [];
  // `,"reason":` / `,` and `,"flags":` / `,` follow decision and reason; the flags end the row.
  const decisionOf = memo((v: string) => [utf8(`${J(v)},"reason":`), utf8(`${csvCell(v)},`)] as const);
  const reasonOf = memo((v: string | null) => [utf8(`${J(v)},"flags":`), utf8(`${csvCell(v)},`)] as const);
  const flagsOf = memo((bits: number) => {
    const kinds = bits === 0 ? [] : flagKindsOf(bits);
    return [utf8(`${J(kinds)}}\n`), utf8(`${csvCell(kinds.join(' '))}\r\n`)] as const;
  });
  const nd = new ByteChunk(chunkBytes + 4096);
  const csv = new ByteChunk((chunkBytes >> 1) + 4096);
  const iso = isoInstantWriter();
  const time = new Uint8Array(24);
  let firstMs: number | null = null;
  let lastMs = 0;
  for (const rows of subjectEventRowPages(db, subjectId, read)) {
    for (const [timeMs, , id, ctx, decision, reason, bits] of rows) {
      const c = contexts.get(ctx);
      if (!c) throw new Error(`access event ${id} has no context`);
      onEvent();
      firstMs ??= timeMs;
      lastMs = timeMs;
      if (c.allow + c.deny === 0) seen.push(c);
      if (decision === 'deny') c.deny++;
      else c.allow++;
      const [decisionJson, decisionCsv] = decisionOf(decision);
      const [reasonJson, reasonCsv] = reasonOf(reason);
      const [flagsJson, flagsCsv] = flagsOf(bits);
      const plainId = PLAIN_ID.test(id);
      const jsonId = plainId ? id : J(id);
      const csvId = plainId ? id : csvCell(id);
      const fast = iso(timeMs, time);
      const timeText = fast ? '' : new Date(timeMs).toISOString();
      nd.reserve(
        JSON_ID.length +
          maxUtf8(jsonId) +
          2 +
          JSON_TIME.length +
          maxUtf8(timeText) +
          24 +
          c.json.length +
          decisionJson.length +
          reasonJson.length +
          flagsJson.length,
      );
      csv.reserve(
        maxUtf8(csvId) +
          maxUtf8(timeText) +
          26 +
          c.csv.length +
          decisionCsv.length +
          reasonCsv.length +
          flagsCsv.length,
      );
      nd.bytes(JSON_ID);
      if (plainId) {
        nd.byte(34);
        nd.text(id);
        nd.byte(34);
      } else nd.text(jsonId);
      nd.bytes(JSON_TIME);
      if (fast) {
        nd.bytes(time);
        csv.bytes(time);
      } else {
        nd.text(timeText);
        csv.text(isoCsv(timeText));
      }
      nd.bytes(c.json);
      nd.bytes(decisionJson);
      nd.bytes(reasonJson);
      nd.bytes(flagsJson);
      csv.byte(44); // ,
      csv.text(csvId);
      csv.bytes(c.csv);
      csv.bytes(decisionCsv);
      csv.bytes(reasonCsv);
      csv.bytes(flagsCsv);
      if (nd.pos >= chunkBytes) yield [nd.take(), csv.take()];
    }
  }
  if (nd.pos > 0) yield [nd.take(), csv.take()];
  if (firstMs !== null) {
    summary.first ??= new Date(firstMs).toISOString();
    summary.last = new Date(lastMs).toISOString();
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
