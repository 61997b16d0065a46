// The bundle's ZIP (docs/ARCHITECTURE.md §7): each entry's text is hashed (node:crypto,
// incrementally) and counted as zip.js deflates it (and optionally encrypts it with AES-256,
// WinZip AE-2) into a temporary file in the target folder. Only a complete bundle is renamed to
// the chosen name: a failure or a cancel leaves no partial file.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { configure, ZipWriter } from '@zip.js/zip.js';
import { MANIFEST_FILE, type BundleDataFile, type BundleFileEntry } from '../../../shared/bundle-manifest';
import { AppError } from '../../../shared/errors';

// The bundle is built on the calling thread (the cache worker, or a CLI/bench process): no
// web workers, and the native CompressionStream at its de facto level 6. At least two entries are
// deflated at a time: the access events' NDJSON and CSV are written together (./paired-lines).
configure({ useWebWorkers: false, maxWorkers: Math.max(2, availableParallelism()) });
export const BUNDLE_COMPRESSION_LEVEL = 6;
/** Rows are written in chunks of about this many characters, not one write per row. */
export const CHUNK_CHARS = 64 * 1024;

export function* chunked(lines: Iterable<string>): Generator<string> {
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
export const cancelled = (signal?: AbortSignal) =>
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

export interface BundleZip {
  /**
   * Adds one entry from its text (strings, or chunks of UTF-8 bytes handed over for good),
   * consumed as it is deflated; a data file is listed with its SHA-256, bytes and `rows()` (read
   * once the entry is written), the manifest is not.
   */
  add(
    path: BundleDataFile | typeof MANIFEST_FILE,
    source: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
    rows: () => number | null,
  ): Promise<void>;
  /**
   * The data files written so far, in the order their `add` was called (entries added together
   * are listed in that order, whichever finishes first).
   */
  readonly files: BundleFileEntry[];
}

export interface BundleZipOptions {
  outPath: string;
  passphrase?: string | null | undefined;
  /** Every entry's modification time. */
  now: Date;
  signal?: AbortSignal | undefined;
  /** Called for every chunk added to `path`. */
  onChunk: (path: string) => void;
}

/**
 * Writes the ZIP at `outPath` (its folder must exist) with the entries `fill` adds, through a
 * temporary file renamed into place once complete; on any failure or cancel it is removed and the
 * error told as `E_EXPORT_CANCELLED` (or the canceller's reason) or `E_EXPORT_WRITE`.
 */
export async function writeBundleZip<T>(
  opts: BundleZipOptions,
  fill: (zip: BundleZip) => Promise<T>,
): Promise<{ result: T; sha256: string; bytes: number }> {
  const { outPath, signal } = opts;
  const tmp = join(dirname(outPath), `.${basename(outPath)}.${randomBytes(6).toString('hex')}.part`);
  const out = hashingFileSink(tmp);
  const zip = new ZipWriter(out.sink, {
    level: BUNDLE_COMPRESSION_LEVEL,
    useWebWorkers: false,
    keepOrder: true,
    ...(opts.passphrase
      ? { password: opts.passphrase, encryptionStrength: 3 as const, zipCrypto: false }
      : {}),
  });
  const files: BundleFileEntry[] = [];
  const add: BundleZip['add'] = async (path, source, rows) => {
    const hash = createHash('sha256');
    let bytes = 0;
    // The manifest's slot is taken now, so that entries written together keep the call order.
    const entry: BundleFileEntry = { path: path as BundleDataFile, sha256: '', bytes: 0, rows: null };
    if (path !== MANIFEST_FILE) files.push(entry);
    const it = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
    const stream = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          if (signal?.aborted) return controller.error(cancelled(signal));
          const next = await it.next();
          if (next.done) return controller.close();
          const buf = typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value;
          hash.update(buf);
          bytes += buf.length;
          controller.enqueue(buf);
          opts.onChunk(path);
        },
      },
      // A few chunks ahead, so serialising the next rows overlaps deflating the previous ones
      // (zlib runs on the thread pool); bounded, so memory stays flat.
      { highWaterMark: 4 },
    );
    await zip.add(path, stream, { lastModDate: opts.now, ...(signal ? { signal } : {}) });
    Object.assign(entry, { sha256: hash.digest('hex'), bytes, rows: rows() });
  };

  try {
    const result = await fill({ add, files });
    await zip.close();
    const { sha256, bytes } = out.digest();
    if (signal?.aborted) throw cancelled(signal);
    renameSync(tmp, outPath);
    return { result, sha256, bytes };
  } catch (err) {
    await out.destroy().catch(() => undefined);
    rmSync(tmp, { force: true });
    if (signal?.aborted) throw cancelled(signal);
    throw writeError(err, outPath);
  }
}
