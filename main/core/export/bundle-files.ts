// The bundle's data files (docs/ARCHITECTURE.md §7): each dataset as JSON (access events as NDJSON)
// and as CSV, in this order, rows serialised as they are deflated and counted for the manifest.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { BundleDataFile } from '../../../shared/bundle-manifest';
import type { Subject } from '../../../shared/domain';
import { chunked, type BundleZip } from './bundle-zip';
import { csvRow } from './csv-cell';
import { pairedChunks } from './paired-lines';
import type { BundleHistoryEntry, BundleRequest } from './datasets';
import type { EventSummary } from './documents';
import { eventChunkPairs, EVENTS_CSV } from './event-lines';

type Cell = string | number | boolean | null;

/** profile.json and profile.csv (the devices have files of their own). */
export const profileOf = (s: Subject) => ({
  id: s.id,
  username: s.username,
  email: s.email,
  displayName: s.displayName,
  employeeId: s.employeeId,
  department: s.department,
  restricted: s.restricted,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});
type Profile = ReturnType<typeof profileOf>;

const PROFILE_CSV = [
  'id',
  'username',
  'email',
  'display_name',
  'employee_id',
  'department',
  'restricted',
  'created_at',
  'updated_at',
];
const profileCells = (p: Profile): Cell[] => [
  p.id,
  p.username,
  p.email,
  p.displayName,
  p.employeeId,
  p.department,
  p.restricted,
  p.createdAt,
  p.updatedAt,
];

const DEVICES_CSV = ['id', 'name', 'os_version', 'first_seen_at'];
const deviceCells = (d: Subject['devices'][number]): Cell[] => [d.id, d.name, d.osVersion, d.firstSeenAt];

const REQUESTS_CSV = [
  'id',
  'type',
  'jurisdiction',
  'status',
  'channel',
  'received_on',
  'via_agent',
  'extended',
  'responded_on',
  'response',
  'denial_basis',
  'updated_at',
];
const requestCells = (r: BundleRequest): Cell[] => [
  r.id,
  r.type,
  r.jurisdiction,
  r.status,
  r.channel,
  r.receivedOn,
  r.viaAgent,
  r.extended,
  r.respondedOn,
  r.response,
  r.denialBasis,
  r.updatedAt,
];

const HISTORY_CSV = ['id', 'request_id', 'at', 'actor', 'kind', 'detail'];
const historyCells = (h: BundleHistoryEntry): Cell[] => [
  h.id,
  h.requestId,
  h.at,
  h.actor,
  h.kind,
  JSON.stringify(h.detail),
];

export interface BundleData {
  subject: Subject;
  requests: readonly BundleRequest[];
  history: readonly BundleHistoryEntry[];
}

/**
 * Writes the ten data files; `onRow` is called for every row serialised (the progress), and the
 * access events are summarised into `summary` (for index.html) as they go by.
 */
export async function writeDataFiles(
  zip: BundleZip,
  db: Database,
  { subject, requests, history }: BundleData,
  summary: EventSummary,
  onRow: () => void,
): Promise<void> {
  // Row sources: each counts its rows (and advances the progress) as it is consumed.
  function* rowsOf<T>(items: Iterable<T>, line: (item: T) => string, counter: { n: number }) {
    for (const item of items) {
      counter.n++;
      onRow();
      yield line(item);
    }
  }
  function* jsonArray<T>(items: readonly T[], counter: { n: number }) {
    yield '[';
    let first = true;
    for (const item of items) {
      counter.n++;
      onRow();
      yield `${first ? '\n' : ',\n'}${JSON.stringify(item)}`;
      first = false;
    }
    yield items.length ? '\n]\n' : ']\n';
  }
  function* csv<T>(
    head: readonly string[],
    items: Iterable<T>,
    cells: (item: T) => Cell[],
    counter: { n: number },
  ) {
    yield csvRow(head);
    yield* rowsOf(items, (i) => csvRow(cells(i)), counter);
  }
  const file = async (path: BundleDataFile, rows: (counter: { n: number }) => Iterable<string>) => {
    const counter = { n: 0 };
    await zip.add(path, chunked(rows(counter)), () => counter.n);
  };
  // The access events, the bulk of a bundle: one walk of the cache serialises each event for
  // both files, written into the ZIP together (a row counts once per file, as in the manifest).
  const writeEvents = async () => {
    let events = 0;
    const [ndjson, csvLines] = pairedChunks(
      eventChunkPairs(db, subject.id, summary, () => {
        events++;
        onRow();
        onRow();
      }),
    );
    await Promise.all([
      zip.add('access-events.ndjson', ndjson, () => events),
      zip.add('access-events.csv', prepend(csvRow(EVENTS_CSV), csvLines), () => events),
    ]);
  };

  const profile = profileOf(subject);
  await file('profile.json', (c) => rowsOf([profile], (p) => `${JSON.stringify(p, null, 2)}\n`, c));
  await file('profile.csv', (c) => csv(PROFILE_CSV, [profile], profileCells, c));
  await file('devices.json', (c) => jsonArray(subject.devices, c));
  await file('devices.csv', (c) => csv(DEVICES_CSV, subject.devices, deviceCells, c));
  await writeEvents();
  await file('requests.json', (c) => jsonArray(requests, c));
  await file('requests.csv', (c) => csv(REQUESTS_CSV, requests, requestCells, c));
  await file('request-history.json', (c) => jsonArray(history, c));
  await file('request-history.csv', (c) => csv(HISTORY_CSV, history, historyCells, c));
}

async function* prepend(first: string, rest: AsyncIterable<Uint8Array>): AsyncGenerator<string | Uint8Array> {
  yield first;
  yield* rest;
}
