// Cache key for the Electron shell: a random 256-bit key wrapped by the OS key store through
// safeStorage's async API. Where Linux falls back to the insecure `basic_text` store, the
// wrapped key would be as good as clear, so a passphrase is required instead (docs/ARCHITECTURE.md §9).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { SafeStorage } from 'electron';
import { AppError } from '../../shared/errors';
import { passphraseKeyProvider, type KeyMaterial, type KeyProvider } from '../core/index';

type SafeStorageApi = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

export function safeStorageKeyProvider(
  safeStorage: SafeStorageApi,
  wrappedKeyPath: string,
  platform: NodeJS.Platform = process.platform,
  passphrase: string | undefined = process.env.ZTA_CACHE_PASSPHRASE,
): KeyProvider {
  return {
    async getKey(): Promise<KeyMaterial> {
      const insecureStore = platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
      if (insecureStore || !(await safeStorage.isAsyncEncryptionAvailable())) {
        if (passphrase) return passphraseKeyProvider(passphrase).getKey();
        throw new AppError(
          'E_CACHE_KEY',
          'This system has no secure key store for the cache key. Set ZTA_CACHE_PASSPHRASE to a passphrase and start again.',
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
