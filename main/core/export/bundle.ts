// Builds one person's data-portability bundle (docs/ARCHITECTURE.md §7) as a ZIP, streaming end to end:
// rows are read from the cache a page at a time, serialised into ~64 KiB chunks, hashed
// (node:crypto, incrementally) and handed to zip.js, which deflates (and optionally encrypts
// with AES-256, WinZip AE-2) into a temporary file in the target folder. Only a complete bundle
// is renamed to the chosen name: a failure or a cancel leaves no partial file.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { configure, ZipWriter } from '@zip.js/zip.js';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  BundleManifest,
  MANIFEST_FILE,
  type BundleDataFile,
  type BundleFileEntry,
  type BundleWatermark,
} from '../../../shared/bundle-manifest';
import type { PrivacyRequest, Subject } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { Disclosures } from '../../../shared/org-settings';
import { csvRow } from './csv-cell';
import {
  bundleHistoryOf,
  bundleRequestOf,
  readSubject,
  subjectEventCount,
  subjectEventPages,
  subjectHistory,
  subjectRequests,
  type BundleHistoryEntry,
  type BundleRequest,
} from './datasets';
import { emptyEventSummary, indexHtml, readmeTxt, type EventSummary } from './documents';

// The bundle is built on the calling thread (the cache worker, or a CLI/bench process): no
// web workers, and the native CompressionStream at its de facto level 6.
configure({ useWebWorkers: false });
export const BUNDLE_COMPRESSION_LEVEL = 6;
/** Rows are written in chunks of about this many characters, not one write per row. */
const CHUNK_CHARS = 64 * 1024;
/** A cache whose last complete sync is older than this is "not caught up". */
export const CAUGHT_UP_WITHIN_MS = 24 * 60 * 60_000;

export const EXPORTABLE_REQUEST_TYPES = ['access', 'access_specific', 'portability'] as const;
export const EXPORTABLE_REQUEST_STATUSES = ['approved', 'partially_approved', 'completed'] as const;

export interface BundleProgress {
  file: string | null;
  rowsWritten: number;
  rowsTotal: number;
  done: boolean;
}

export interface BuildBundleOptions {
  subjectId: string;
  requestId?: string | null | undefined;
  /** Where to save the ZIP (the admin's choice); its folder must exist. */
  outPath: string;
  /** AES-256 (AE-2) encryption with this passphrase; none when absent. */
  passphrase?: string | null | undefined;
  disclosures: Disclosures;
  generator: { name: string; version: string };
  now?: () => Date;
  signal?: AbortSignal | undefined;
  onProgress?: (p: BundleProgress) => void;
}

export interface BuiltBundle {
  path: string;
  bytes: number;
  /** SHA-256 of the ZIP file itself (what `export.delivered` records). */
  sha256: string;
  encrypted: boolean;
  manifest: BundleManifest;
  warnings: string[];
}

/** Refuses what must not be exported; returns the person and the request. */
export function checkExportable(
  db: Database,
  subjectId: string,
  requestId: string | null | undefined,
): { subject: Subject; request: PrivacyRequest | null } {
  const subject = readSubject(db, subjectId);
  if (!subject) {
    const erased = db
      .prepare(
        `SELECT id FROM requests WHERE subject_id = ? AND type = 'erasure' AND status IN ('completed') LIMIT 1`,
      )
      .pluck()
      .get(subjectId) as string | undefined;
    if (erased)
      throw new AppError(
        'E_ERASED',
        `This person was erased (request ${erased}): there is nothing to export.`,
        {
          requestId: erased,
        },
      );
    throw new AppError('E_NOT_FOUND', 'This person is not in the cache.');
  }
  if (subject.restricted)
    throw new AppError(
      'E_RESTRICTED',
      'This person is under restriction of processing (GDPR Art. 18): an export is processing beyond storage. Lift the restriction first.',
      { since: subject.restriction?.since ?? null },
    );
  let request: PrivacyRequest | null = null;
  if (requestId) {
    request = subjectRequests(db, subjectId).find((r) => r.id === requestId) ?? null;
    if (!request) throw new AppError('E_NOT_FOUND', `Request ${requestId} is not a request of this person.`);
    if (!(EXPORTABLE_REQUEST_TYPES as readonly string[]).includes(request.type))
      throw new AppError('E_VALIDATION', `A ${request.type} request has no export bundle.`);
    if (!(EXPORTABLE_REQUEST_STATUSES as readonly string[]).includes(request.status))
      throw new AppError(
        'E_VALIDATION',
        `Request ${requestId} is ${request.status}: approve it before exporting.`,
      );
  }
  return { subject, request };
}

/** The sync position the cache is at, and whether it counts as caught up. */
export function currentWatermark(db: Database, now: Date, subjectId: string): BundleWatermark {
  const last = db.prepare("SELECT value FROM settings WHERE key = 'sync.lastSyncedAt'").pluck().get() as
    string | null | undefined;
  // Actions on the person's requests not yet applied by the service (a note changes no data).
  const pending = db
    .prepare(
      `SELECT count(*) FROM outbox WHERE status = 'pending' AND kind != 'request.note'
          AND request_id IN (SELECT id FROM requests WHERE subject_id = ?)`,
    )
    .pluck()
    .get(subjectId) as number;
  const streams = (
    db.prepare('SELECT stream, cursor, last_synced_at FROM sync_state ORDER BY stream').all() as {
      stream: string;
      cursor: number;
      last_synced_at: string | null;
    }[]
  ).map((s) => ({ stream: s.stream, cursor: s.cursor, lastSyncedAt: s.last_synced_at }));
  const caughtUp = !!last && now.getTime() - Date.parse(last) <= CAUGHT_UP_WITHIN_MS && pending === 0;
  return { lastCompleteSyncAt: last ?? null, caughtUp, streams };
}

function* chunked(lines: Iterable<string>): Generator<string> {
  let buf = '';
  for (const line of lines) {
    buf += line;
    if (buf.length >= CHUNK_CHARS) {
      yield buf;
      buf = '';
    }
  }
  if (buf.length > 0) yield buf;
}

/** The cancellation as told to the admin: the canceller's own reason (an erasure says so) or the plain one. */
const cancelled = (signal?: AbortSignal) =>
  signal?.reason instanceof AppError
    ? signal.reason
    : new AppError('E_EXPORT_CANCELLED', 'The export was cancelled; no file was left behind.');

function writeError(err: unknown, path: string): AppError {
  if (err instanceof AppError) return err;
  const code = (err as NodeJS.ErrnoException)?.code;
  return new AppError(
    'E_EXPORT_WRITE',
    `The bundle could not be written to ${path}${code ? ` (${code})` : ''}: ${(err as Error)?.message ?? String(err)}. No partial file was left.`,
  );
}

/** A web WritableStream over a file that hashes and counts what goes through, with backpressure. */
function hashingFileSink(path: string) {
  const file = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  const hash = createHash('sha256');
  let bytes = 0;
  let failed: Error | null = null;
  file.on('error', (err) => (failed ??= err));
  const opened = new Promise<void>((res, rej) => {
    file.once('open', () => res());
    file.once('error', rej);
  });
  const sink = new WritableStream<Uint8Array>({
    async write(chunk) {
      await opened;
      if (failed) throw failed;
      hash.update(chunk);
      bytes += chunk.length;
      await new Promise<void>((res, rej) => {
        const ok = file.write(chunk, (err) => (err ? rej(err) : undefined));
        if (ok) res();
        else file.once('drain', res);
      });
    },
    async close() {
      await opened;
      if (failed) throw failed;
      await new Promise<void>((res, rej) => file.end((err?: Error | null) => (err ? rej(err) : res())));
      if (failed) throw failed;
    },
    abort() {
      file.destroy();
    },
  });
  return {
    sink,
    digest: () => ({ sha256: hash.digest('hex'), bytes }),
    destroy: () =>
      new Promise<void>((res) => {
        if (file.closed) res();
        else {
          file.once('close', () => res());
          file.destroy();
        }
      }),
  };
}

export async function buildBundle(db: Database, opts: BuildBundleOptions): Promise<BuiltBundle> {
  const now = (opts.now ?? (() => new Date()))();
  const { subject, request } = checkExportable(db, opts.subjectId, opts.requestId);
  const outPath = resolve(opts.outPath);
  const dir = dirname(outPath);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new AppError('E_EXPORT_WRITE', `The folder ${dir} does not exist.`);
  if (opts.signal?.aborted) throw cancelled(opts.signal);

  const dataAsOf = currentWatermark(db, now, subject.id);
  const warnings: string[] = [];
  if (!dataAsOf.caughtUp)
    warnings.push(
      dataAsOf.lastCompleteSyncAt
        ? `The console was not caught up with the service when this bundle was made (last complete sync ${dataAsOf.lastCompleteSyncAt}, or actions on your requests were still waiting to be sent): data recorded since may be missing.`
        : 'The console had never completed a sync with the service when this bundle was made: data may be missing.',
    );
  const redactions = [
    'Administrators appear by role ("administrator"), not by name.',
    "Administrators' free-text notes and reasons are included only when marked for you.",
    'Request assignees and internal request summaries are left out.',
  ];
  const header = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    generatedAt: now.toISOString(),
    generator: opts.generator,
    request: request
      ? {
          id: request.id,
          type: request.type,
          jurisdiction: request.jurisdiction,
          receivedOn: request.receivedOn,
        }
      : null,
    subjectId: subject.id,
    dataAsOf,
    warnings,
    redactions,
    disclosures: opts.disclosures,
  } satisfies Omit<BundleManifest, 'files'>;

  const requests: BundleRequest[] = subjectRequests(db, subject.id).map(bundleRequestOf);
  const history: BundleHistoryEntry[] = subjectHistory(
    db,
    requests.map((r) => r.id),
  ).map((e) => bundleHistoryOf(e, subject));
  const eventTotal = subjectEventCount(db, subject.id);
  const rowsTotal = 2 * (1 + subject.devices.length + eventTotal + requests.length + history.length);
  let rowsWritten = 0;
  let lastProgress = 0;
  const progress = (file: string | null, done = false) => {
    const t = performance.now();
    if (!done && t - lastProgress < 100) return;
    lastProgress = t;
    opts.onProgress?.({ file, rowsWritten, rowsTotal: Math.max(rowsTotal, rowsWritten), done });
  };

  const tmp = join(dir, `.${basename(outPath)}.${randomBytes(6).toString('hex')}.part`);
  const out = hashingFileSink(tmp);
  const encrypted = !!opts.passphrase;
  const zip = new ZipWriter(out.sink, {
    level: BUNDLE_COMPRESSION_LEVEL,
    useWebWorkers: false,
    keepOrder: true,
    ...(encrypted ? { password: opts.passphrase!, encryptionStrength: 3 as const, zipCrypto: false } : {}),
  });
  const files: BundleFileEntry[] = [];

  const add = async (
    path: BundleDataFile | typeof MANIFEST_FILE,
    source: Iterable<string>,
    countRows: () => number | null,
  ) => {
    const hash = createHash('sha256');
    let bytes = 0;
    const it = source[Symbol.iterator]();
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (opts.signal?.aborted) return controller.error(cancelled(opts.signal));
          const next = it.next();
          if (next.done) return controller.close();
          const buf = Buffer.from(next.value, 'utf8');
          hash.update(buf);
          bytes += buf.length;
          controller.enqueue(buf);
          progress(path);
        },
      },
      // A few chunks ahead, so serialising the next rows overlaps deflating the previous ones
      // (zlib runs on the thread pool); bounded, so memory stays flat.
      { highWaterMark: 4 },
    );
    await zip.add(path, stream, { lastModDate: now, ...(opts.signal ? { signal: opts.signal } : {}) });
    if (path !== MANIFEST_FILE) files.push({ path, sha256: hash.digest('hex'), bytes, rows: countRows() });
  };

  // Row sources: each counts its rows (and advances the progress) as it is consumed.
  const rowsOf = <T>(items: Iterable<T>, line: (item: T) => string, counter: { n: number }) =>
    (function* () {
      for (const item of items) {
        counter.n++;
        rowsWritten++;
        yield line(item);
      }
    })();
  const jsonArray = <T>(items: readonly T[], counter: { n: number }) =>
    (function* () {
      yield '[';
      let first = true;
      for (const item of items) {
        counter.n++;
        rowsWritten++;
        yield `${first ? '\n' : ',\n'}${JSON.stringify(item)}`;
        first = false;
      }
      yield items.length ? '\n]\n' : ']\n';
    })();
  const csv = <T>(
    head: readonly string[],
    items: Iterable<T>,
    cells: (item: T) => unknown[],
    counter: { n: number },
  ) =>
    (function* () {
      yield csvRow(head);
      yield* rowsOf(items, (i) => csvRow(cells(i) as (string | number | boolean | null)[]), counter);
    })();
  const eventRows = function* (): Generator<import('./datasets').BundleEvent> {
    for (const page of subjectEventPages(db, subject.id)) yield* page;
  };

  const profile = {
    id: subject.id,
    username: subject.username,
    email: subject.email,
    displayName: subject.displayName,
    employeeId: subject.employeeId,
    department: subject.department,
    restricted: subject.restricted,
    createdAt: subject.createdAt,
    updatedAt: subject.updatedAt,
  };
  const summary: EventSummary = emptyEventSummary();

  try {
    let c = { n: 0 };
    await add(
      'profile.json',
      chunked(rowsOf([profile], (p) => `${JSON.stringify(p, null, 2)}\n`, c)),
      () => c.n,
    );
    const c1 = { n: 0 };
    await add(
      'profile.csv',
      chunked(
        csv(
          [
            'id',
            'username',
            'email',
            'display_name',
            'employee_id',
            'department',
            'restricted',
            'created_at',
            'updated_at',
          ],
          [profile],
          (p) => [
            p.id,
            p.username,
            p.email,
            p.displayName,
            p.employeeId,
            p.department,
            p.restricted,
            p.createdAt,
            p.updatedAt,
          ],
          c1,
        ),
      ),
      () => c1.n,
    );
    c = { n: 0 };
    await add('devices.json', chunked(jsonArray(subject.devices, c)), () => c.n);
    const c2 = { n: 0 };
    await add(
      'devices.csv',
      chunked(
        csv(
          ['id', 'name', 'os_version', 'first_seen_at'],
          subject.devices,
          (d) => [d.id, d.name, d.osVersion, d.firstSeenAt],
          c2,
        ),
      ),
      () => c2.n,
    );
    const c3 = { n: 0 };
    await add(
      'access-events.ndjson',
      chunked(
        rowsOf(
          eventRows(),
          (e) => {
            summary.total++;
            summary.first ??= e.time;
            summary.last = e.time;
            if (e.decision === 'deny') summary.denied++;
            const a = summary.byApp.get(e.app) ?? { allow: 0, deny: 0 };
            a[e.decision]++;
            summary.byApp.set(e.app, a);
            const d = summary.devices.get(e.deviceId) ?? { name: e.deviceName, os: e.osVersion, events: 0 };
            d.events++;
            summary.devices.set(e.deviceId, d);
            summary.networks.add(e.ip);
            return `${JSON.stringify(e)}\n`;
          },
          c3,
        ),
      ),
      () => c3.n,
    );
    const c4 = { n: 0 };
    await add(
      'access-events.csv',
      chunked(
        csv(
          [
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
          ],
          eventRows(),
          (e) => [
            e.time,
            e.id,
            e.username,
            e.ip,
            e.deviceId,
            e.deviceName,
            e.osVersion,
            e.app,
            e.decision,
            e.reason,
            e.flags.join(' '),
          ],
          c4,
        ),
      ),
      () => c4.n,
    );
    c = { n: 0 };
    await add('requests.json', chunked(jsonArray(requests, c)), () => c.n);
    const c5 = { n: 0 };
    await add(
      'requests.csv',
      chunked(
        csv(
          [
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
          ],
          requests,
          (r) => [
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
          ],
          c5,
        ),
      ),
      () => c5.n,
    );
    const c6 = { n: 0 };
    await add('request-history.json', chunked(jsonArray(history, c6)), () => c6.n);
    const c7 = { n: 0 };
    await add(
      'request-history.csv',
      chunked(
        csv(
          ['id', 'request_id', 'at', 'actor', 'kind', 'detail'],
          history,
          (h) => [h.id, h.requestId, h.at, h.actor, h.kind, JSON.stringify(h.detail)],
          c7,
        ),
      ),
      () => c7.n,
    );
    const docsFiles = [
      ...files.map((f) => ({ path: f.path, rows: f.rows })),
      { path: 'index.html', rows: null },
      { path: 'README.txt', rows: null },
    ];
    await add(
      'index.html',
      [indexHtml({ manifest: header, subject, events: summary, requests, history, files: docsFiles })],
      () => null,
    );
    await add('README.txt', [readmeTxt(header)], () => null);
    const manifest = BundleManifest.parse({ ...header, files });
    await add(MANIFEST_FILE, [`${JSON.stringify(manifest, null, 2)}\n`], () => null);
    await zip.close();
    const { sha256, bytes } = out.digest();
    if (opts.signal?.aborted) throw cancelled(opts.signal);
    renameSync(tmp, outPath);
    progress(null, true);
    return { path: outPath, bytes, sha256, encrypted, manifest, warnings };
  } catch (err) {
    await out.destroy().catch(() => undefined);
    rmSync(tmp, { force: true });
    if (opts.signal?.aborted) throw cancelled(opts.signal);
    throw writeError(err, outPath);
  }
}
