// Builds one person's data-portability bundle (docs/ARCHITECTURE.md §7) as a ZIP, streaming end to end:
// rows are read from the cache a page at a time (./datasets), serialised into ~64 KiB chunks
// (./bundle-files) and hashed and deflated into a temporary file renamed into place only when
// complete (./bundle-zip). This module decides what may be exported and assembles the manifest.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  BundleManifest,
  MANIFEST_FILE,
  type BundleWatermark,
} from '../../../shared/bundle-manifest';
import type { PrivacyRequest, Subject } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { Disclosures } from '../../../shared/org-settings';
import { writeDataFiles } from './bundle-files';
import { cancelled, writeBundleZip } from './bundle-zip';
import {
  bundleHistoryOf,
  bundleRequestOf,
  readSubject,
  subjectEventCount,
  subjectHistory,
  subjectRequests,
  type BundleHistoryEntry,
  type BundleRequest,
} from './datasets';
import { emptyEventSummary, indexHtml, readmeTxt } from './documents';

export { BUNDLE_COMPRESSION_LEVEL } from './bundle-zip';
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

  const encrypted = !!opts.passphrase;
  const {
    result: manifest,
    sha256,
    bytes,
  } = await writeBundleZip(
    { outPath, passphrase: opts.passphrase, now, signal: opts.signal, onChunk: progress },
    async (zip) => {
      const summary = emptyEventSummary();
      await writeDataFiles(zip, db, { subject, requests, history }, summary, () => rowsWritten++);
      const docsFiles = [
        ...zip.files.map((f) => ({ path: f.path, rows: f.rows })),
        { path: 'index.html', rows: null },
        { path: 'README.txt', rows: null },
      ];
      await zip.add(
        'index.html',
        [indexHtml({ manifest: header, subject, events: summary, requests, history, files: docsFiles })],
        () => null,
      );
      await zip.add('README.txt', [readmeTxt(header)], () => null);
      const manifest = BundleManifest.parse({ ...header, files: zip.files });
      await zip.add(MANIFEST_FILE, [`${JSON.stringify(manifest, null, 2)}\n`], () => null);
      return manifest;
    },
  );
  progress(null, true);
  return { path: outPath, bytes, sha256, encrypted, manifest, warnings };
}
