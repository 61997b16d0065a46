// Where the cache key comes from. Electron's safeStorage provider lives in main/electron.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../shared/errors';

export type KeyMaterial =
  { kind: 'passphrase'; passphrase: string } | { kind: 'raw'; key: Uint8Array /* 32 bytes */ };

export interface KeyProvider {
  getKey(): Promise<KeyMaterial>;
}

export function passphraseKeyProvider(passphrase: string): KeyProvider {
  return {
    async getKey() {
      if (!passphrase) throw new AppError('E_CACHE_KEY', 'The cache passphrase is empty.');
      return { kind: 'passphrase', passphrase };
    },
  };
}

/** The file's content, trimmed, is the passphrase. */
export function keyFileKeyProvider(path: string): KeyProvider {
  return {
    async getKey() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8').trim();
      } catch (err) {
        const reason =
          (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (err as Error).message;
        throw new AppError('E_CACHE_KEY', `Cannot read the cache key file ${path}: ${reason}.`);
      }
      if (!text) throw new AppError('E_CACHE_KEY', `The cache key file ${path} is empty.`);
      return { kind: 'passphrase', passphrase: text };
    },
  };
}

const HEX_KEY = /^[0-9a-f]{64}$/i;

/**
 * Development fallback: a random 256-bit key kept (as hex) in a 0600 file, created if absent.
 * It protects a copied cache only if the key file is not copied with it.
 */
export function generatedKeyFileProvider(path: string): KeyProvider {
  return {
    async getKey() {
      try {
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
        writeFileSync(path, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new AppError(
            'E_CACHE_KEY',
            `Cannot create the cache key file ${path}: ${(err as Error).message}`,
          );
        }
      }
      let text: string;
      try {
        text = readFileSync(path, 'utf8').trim();
      } catch (err) {
        throw new AppError(
          'E_CACHE_KEY',
          `Cannot read the cache key file ${path}: ${(err as Error).message}`,
        );
      }
      if (!HEX_KEY.test(text)) {
        throw new AppError('E_CACHE_KEY', `The cache key file ${path} does not hold a 256-bit hex key.`);
      }
      return { kind: 'raw', key: new Uint8Array(Buffer.from(text, 'hex')) };
    },
  };
}
