// Verifies a bundle the way a recipient would: the manifest against the published JSON Schema
// (docs/bundle-manifest.schema.json, with ajv — not our own zod schema, so the published schema
// is what is tested), then every file's SHA-256, byte size and row count recomputed from the
// ZIP, streaming. Every problem names its file.
import { createHash } from 'node:crypto';
import { openAsBlob, readFileSync } from 'node:fs';
import { BlobReader, configure, TextWriter, ZipReader, type Entry, type FileEntry } from '@zip.js/zip.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { BUNDLE_DATA_FILES, MANIFEST_FILE } from '../../../shared/bundle-manifest';
import { AppError } from '../../../shared/errors';
import { appFile } from '../app-root';

configure({ useWebWorkers: false });

/** The published schema, from the package root (also packaged: electron-builder.yml files). */
const MANIFEST_SCHEMA_PATH = appFile('docs', 'bundle-manifest.schema.json');

export interface VerifiedFile {
  path: string;
  ok: boolean;
  sha256: string | null;
  bytes: number | null;
  rows: number | null;
  problems: string[];
}

export interface VerifyReport {
  ok: boolean;
  encrypted: boolean;
  manifest: { ok: boolean; problems: string[] };
  files: VerifiedFile[];
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

let validator: ReturnType<Ajv2020['compile']> | null = null;
function manifestValidator() {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(MANIFEST_SCHEMA_PATH, 'utf8')) as object);
  }
  return validator;
}

/** Counts data rows as the bundle defines them, streaming where the file can be large. */
class RowCounter {
  private rows = 0;
  private inQuotes = false;
  private prevCr = false;
  private text = '';
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  constructor(private readonly kind: 'csv' | 'ndjson' | 'json' | 'none') {}
  update(chunk: Uint8Array) {
    if (this.kind === 'none') return;
    const s = this.decoder.decode(chunk, { stream: true });
    if (this.kind === 'json') {
      this.text += s;
      return;
    }
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (this.kind === 'ndjson') {
        if (c === 10) this.rows++;
        continue;
      }
      // CSV (RFC 4180): a record ends at CRLF outside quotes.
      if (c === 34) this.inQuotes = !this.inQuotes;
      else if (c === 10 && this.prevCr && !this.inQuotes) this.rows++;
      this.prevCr = c === 13;
    }
  }
  result(): number | null {
    if (this.kind === 'none') return null;
    this.decoder.decode();
    if (this.kind === 'csv') return Math.max(0, this.rows - 1); // the header row
    if (this.kind === 'ndjson') return this.rows;
    const value = JSON.parse(this.text) as unknown;
    return Array.isArray(value) ? value.length : 1;
  }
}

const kindOf = (path: string) =>
  path.endsWith('.csv')
    ? 'csv'
    : path.endsWith('.ndjson')
      ? 'ndjson'
      : path.endsWith('.json')
        ? 'json'
        : 'none';

function zipError(err: unknown, encrypted: boolean, hasPassphrase: boolean): AppError {
  const msg = (err as Error)?.message ?? String(err);
  if (encrypted && !hasPassphrase)
    return new AppError(
      'E_BUNDLE_INVALID',
      'The bundle is encrypted: give its passphrase (--passphrase-file).',
    );
  if (/password/i.test(msg))
    return new AppError('E_BUNDLE_INVALID', 'Wrong passphrase for this encrypted bundle.');
  return new AppError('E_BUNDLE_INVALID', `Not a readable ZIP bundle: ${msg}`);
}

async function digestEntry(entry: FileEntry, password: string | undefined) {
  const hash = createHash('sha256');
  let bytes = 0;
  const counter = new RowCounter(kindOf(entry.filename));
  const sink = new WritableStream<Uint8Array>({
    write(chunk) {
      hash.update(chunk);
      bytes += chunk.length;
      counter.update(chunk);
    },
  });
  await entry.getData(sink, password ? { password } : {});
  let rows: number | null;
  try {
    rows = counter.result();
  } catch (err) {
    throw new Error(`not valid ${kindOf(entry.filename).toUpperCase()}: ${(err as Error).message}`);
  }
  return { sha256: hash.digest('hex'), bytes, rows };
}

export async function verifyBundle(path: string, passphrase?: string): Promise<VerifyReport> {
  let blob: Blob;
  try {
    blob = await openAsBlob(path);
  } catch (err) {
    throw new AppError('E_NOT_FOUND', `Cannot open ${path}: ${(err as Error).message}`);
  }
  const reader = new ZipReader(new BlobReader(blob), { useWebWorkers: false });
  let encrypted = false;
  try {
    let entries: Entry[];
    try {
      entries = await reader.getEntries();
    } catch (err) {
      throw zipError(err, false, !!passphrase);
    }
    encrypted = entries.some((e) => e.encrypted);
    const byName = new Map(entries.map((e) => [e.filename, e]));
    const manifestEntry = byName.get(MANIFEST_FILE);
    if (!manifestEntry || manifestEntry.directory)
      throw new AppError('E_BUNDLE_INVALID', `${MANIFEST_FILE}: missing from the bundle's root.`);
    let manifestText: string;
    try {
      manifestText = await manifestEntry.getData(
        new TextWriter(),
        passphrase ? { password: passphrase } : {},
      );
    } catch (err) {
      throw zipError(err, encrypted, !!passphrase);
    }
    const manifestProblems: string[] = [];
    let manifest: { files?: { path: string; sha256: string; bytes: number; rows: number | null }[] } = {};
    try {
      manifest = JSON.parse(manifestText) as typeof manifest;
      const validate = manifestValidator();
      if (!validate(manifest))
        for (const e of validate.errors ?? [])
          manifestProblems.push(`${e.instancePath || '/'} ${e.message ?? 'invalid'}`);
    } catch (err) {
      manifestProblems.push(`not valid JSON: ${(err as Error).message}`);
    }
    const listed = new Map((Array.isArray(manifest.files) ? manifest.files : []).map((f) => [f.path, f]));
    if (listed.size !== (manifest.files?.length ?? 0))
      manifestProblems.push('/files lists a file more than once');

    const files: VerifiedFile[] = [];
    for (const entry of entries) {
      if (entry.filename === MANIFEST_FILE) continue;
      const problems: string[] = [];
      const expected = listed.get(entry.filename);
      if (!(BUNDLE_DATA_FILES as readonly string[]).includes(entry.filename))
        problems.push('not a file a bundle may hold');
      if (!expected) problems.push('not listed in the manifest');
      let got: { sha256: string; bytes: number; rows: number | null } | null = null;
      try {
        if (entry.directory) throw new Error('a folder, not a file');
        got = await digestEntry(entry, passphrase);
      } catch (err) {
        if (encrypted && !passphrase) throw zipError(err, encrypted, false);
        problems.push(`unreadable: ${(err as Error).message}`);
      }
      if (got && expected) {
        if (got.sha256 !== expected.sha256)
          problems.push(`SHA-256 mismatch (manifest ${expected.sha256}, actual ${got.sha256})`);
        if (got.bytes !== expected.bytes)
          problems.push(`size mismatch (manifest ${expected.bytes}, actual ${got.bytes} bytes)`);
        if (got.rows !== expected.rows)
          problems.push(`row count mismatch (manifest ${expected.rows}, actual ${got.rows})`);
      }
      files.push({
        path: entry.filename,
        ok: problems.length === 0,
        sha256: got?.sha256 ?? null,
        bytes: got?.bytes ?? null,
        rows: got?.rows ?? null,
        problems,
      });
    }
    for (const path of listed.keys())
      if (!byName.has(path))
        files.push({
          path,
          ok: false,
          sha256: null,
          bytes: null,
          rows: null,
          problems: ['listed in the manifest but missing'],
        });
    const manifestOk = manifestProblems.length === 0;
    return {
      ok: manifestOk && files.every((f) => f.ok),
      encrypted,
      manifest: { ok: manifestOk, problems: manifestProblems },
      files,
    };
  } finally {
    await reader.close();
  }
}
