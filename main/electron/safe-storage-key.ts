// Cache key for the Electron shell: a random 256-bit key wrapped by the OS key store through
// safeStorage's async API. Where Linux falls back to the insecure `basic_text` store, the
// wrapped key would be as good as clear, so a passphrase is used instead — ZTA_CACHE_PASSPHRASE,
// else one typed into a prompt (passphrase-prompt.ts); the cache worker derives the key from it
// with Argon2id (docs/ARCHITECTURE.md §9).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { SafeStorage } from 'electron';
import { AppError } from '../../shared/errors';
import { passphraseKeyProvider, type KeyMaterial, type KeyProvider } from '../core/index';

type SafeStorageApi = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

/** Asks the person for the cache passphrase; null when they decline. */
export type AskPassphrase = () => Promise<string | null>;

export function safeStorageKeyProvider(
  safeStorage: SafeStorageApi,
  wrappedKeyPath: string,
  platform: NodeJS.Platform = process.platform,
  passphrase: string | undefined = process.env.ZTA_CACHE_PASSPHRASE,
  ask?: AskPassphrase,
): KeyProvider {
  return {
    async getKey(): Promise<KeyMaterial> {
      const insecureStore = platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
      if (insecureStore || !(await safeStorage.isAsyncEncryptionAvailable())) {
        if (passphrase) return passphraseKeyProvider(passphrase).getKey();
        const typed = ask ? await ask() : null;
        if (typed) return passphraseKeyProvider(typed).getKey();
        throw new AppError(
          'E_CACHE_KEY',
          'This system has no secure key store for the cache key. Type a passphrase when asked, or set ZTA_CACHE_PASSPHRASE, and start again.',
        );
      }
      if (existsSync(wrappedKeyPath)) {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(
          readFileSync(wrappedKeyPath),
        );
        if (shouldReEncrypt) {
          writeFileSync(wrappedKeyPath, await safeStorage.encryptStringAsync(result), { mode: 0o600 });
        }
        return { kind: 'raw', key: Buffer.from(result, 'hex') };
      }
      const key = randomBytes(32);
      writeFileSync(wrappedKeyPath, await safeStorage.encryptStringAsync(key.toString('hex')), {
        mode: 0o600,
        flag: 'wx',
      });
      return { kind: 'raw', key };
    },
  };
}
