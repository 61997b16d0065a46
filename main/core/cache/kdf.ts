// Argon2id key derivation for passphrase-keyed caches (docs/ARCHITECTURE.md §9, SECURITY.md).
// The passphrase never reaches SQLite: Argon2id turns it into 32 raw bytes given as `hexkey`.
// Its salt and parameters live in a small plaintext sidecar beside the cache (`cache.kdf.json`):
// they are not secret, and without them the key cannot be derived again.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { parse, join } from 'node:path';
import { hashRawSync } from '@node-rs/argon2';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';

/**
 * OWASP's first Argon2id configuration: 64 MiB, 3 passes, 1 lane. About 0.1 s on a laptop core,
 * run in the cache worker (never Electron's main thread). Stored per cache, so they can rise later.
 */
export const KDF_DEFAULTS = { m: 65536 /* KiB */, t: 3, p: 1 } as const;

const Base64Salt = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/)
  .refine((s) => Buffer.from(s, 'base64').length >= 16, 'The salt is at least 16 bytes');

export const KdfParams = z
  .object({
    v: z.literal(1),
    alg: z.literal('argon2id'),
    m: z.number().int().min(19456).max(4_194_304),
    t: z.number().int().min(2).max(64),
    p: z.number().int().min(1).max(16),
    salt: Base64Salt,
  })
  .strict();
export type KdfParams = z.infer<typeof KdfParams>;

/** `<dir>/cache.sqlite` → `<dir>/cache.kdf.json` (any extension is replaced). */
export function kdfPath(dbPath: string): string {
  const { dir, name } = parse(dbPath);
  return join(dir, `${name}.kdf.json`);
}

/** Written before a re-key, renamed over the sidecar once the file has the new key. */
export const pendingKdfPath = (dbPath: string) => `${kdfPath(dbPath)}.next`;

export function newKdfParams(): KdfParams {
  return { v: 1, alg: 'argon2id', ...KDF_DEFAULTS, salt: randomBytes(16).toString('base64') };
}

/** The sidecar's parameters; null when there is none. A damaged sidecar is E_CACHE, not a new salt. */
export function readKdf(file: string): KdfParams | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AppError('E_CACHE', `Cannot read the key parameters ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const parsed = KdfParams.safeParse(json);
  if (!parsed.success)
    throw new AppError(
      'E_CACHE',
      `The key parameters ${file} are damaged; restore the file from a backup (without it the cache cannot be opened).`,
    );
  return parsed.data;
}

/** Owner-only, complete or absent: written to a temporary file, flushed, then renamed. */
export function writeKdf(file: string, params: KdfParams): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(KdfParams.parse(params))}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new AppError('E_CACHE', `Cannot write the key parameters ${file}: ${(err as Error).message}`);
  }
}

/** @node-rs/argon2's `Algorithm.Argon2id` (a const enum, which isolated modules cannot read). */
const ARGON2ID = 2;

/** Argon2id(passphrase, salt) → 32 bytes. Synchronous: callers run in a worker thread. */
export function deriveKey(passphrase: string, params: KdfParams): Uint8Array {
  if (!passphrase) throw new AppError('E_CACHE_KEY', 'The cache passphrase is empty.');
  const raw = hashRawSync(passphrase, {
    algorithm: ARGON2ID,
    memoryCost: params.m,
    timeCost: params.t,
    parallelism: params.p,
    outputLen: 32,
    salt: Buffer.from(params.salt, 'base64'),
  });
  return new Uint8Array(raw);
}
