// A file kept on this machine only encrypted (issue 12: "nothing in clear left behind"): the
// access-log CSV export waits in the data folder for its download sealed with AES-256-GCM under
// a random key that is never written to disk — it travels in the export's done event to the
// page that asked, and comes back in the download URL.
// Layout: MAGIC | key check (16) | IV (12) | ciphertext | tag (16). The key check (a hash of the
// key) lets a wrong key be refused before anything is streamed; GCM's tag checks the content.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
  timingSafeEqual,
  type CipherGCM,
} from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';

const MAGIC = Buffer.from('ZTASEAL1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CHECK_BYTES = 16;
const HEADER = MAGIC.length + CHECK_BYTES + IV_BYTES;
const keyCheck = (key: Buffer) =>
  createHash('sha256').update('zta-sealed-file-key-check').update(key).digest().subarray(0, CHECK_BYTES);

export interface Sealer {
  /** Encrypt a chunk (write the result to the file). */
  update(chunk: string | Buffer): Buffer;
  /** The final block and the tag: write it last. */
  final(): Buffer;
  /** The key, base64url: handed to whoever may read the file, never stored. */
  readonly key: string;
  readonly header: Buffer;
}

export function createSealer(): Sealer {
  const key = randomBytes(32);
  const iv = randomBytes(IV_BYTES);
  const cipher: CipherGCM = createCipheriv('aes-256-gcm', key, iv);
  return {
    key: key.toString('base64url'),
    header: Buffer.concat([MAGIC, keyCheck(key), iv]),
    update: (chunk) => cipher.update(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk),
    final: () => Buffer.concat([cipher.final(), cipher.getAuthTag()]),
  };
}

/** A stream of the clear content; errors (and stops) if the key or the file is wrong. */
export function openSealed(path: string, keyB64: string): Readable {
  const key = Buffer.from(keyB64, 'base64url');
  if (key.length !== 32) throw new Error('bad key');
  const size = statSync(path).size;
  if (size < HEADER + TAG_BYTES) throw new Error('not a sealed file');
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(HEADER);
  const tag = Buffer.alloc(TAG_BYTES);
  try {
    readSync(fd, head, 0, HEADER, 0);
    readSync(fd, tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    closeSync(fd);
  }
  if (!head.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a sealed file');
  if (!timingSafeEqual(head.subarray(MAGIC.length, MAGIC.length + CHECK_BYTES), keyCheck(key)))
    throw new Error('wrong key');
  const decipher = createDecipheriv('aes-256-gcm', key, head.subarray(MAGIC.length + CHECK_BYTES));
  decipher.setAuthTag(tag);
  const body = createReadStream(path, { start: HEADER, end: size - TAG_BYTES - 1 });
  body.on('error', (err) => decipher.destroy(err));
  return body.pipe(decipher);
}

/** The whole clear content (tests, small files). */
export async function readSealed(path: string, keyB64: string): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of openSealed(path, keyB64)) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}
