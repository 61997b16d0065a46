// Where the headless tools get the cache key: --key-file, else ZTA_CACHE_PASSPHRASE.
// Electron uses safeStorage instead (main/electron/safe-storage-key.ts).
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import {
  generatedKeyFileProvider,
  keyFileKeyProvider,
  passphraseKeyProvider,
  type KeyProvider,
} from '../core/index';

export const PASSPHRASE_ENV = 'ZTA_CACHE_PASSPHRASE';

export function explicitKeyProvider(keyFile: string | undefined, env = process.env): KeyProvider | null {
  if (keyFile) return keyFileKeyProvider(keyFile);
  const passphrase = env[PASSPHRASE_ENV];
  if (passphrase) return passphraseKeyProvider(passphrase);
  return null;
}

/** For sync/status: a key is required, never invented. */
export function requiredKeyProvider(keyFile: string | undefined): KeyProvider {
  const provider = explicitKeyProvider(keyFile);
  if (!provider) {
    throw new AppError(
      'E_CACHE_KEY',
      `No cache key given: pass --key-file FILE or set ${PASSPHRASE_ENV} (the first run creates the encrypted cache with it).`,
    );
  }
  return provider;
}

/**
 * For `start` in the browser host: without an explicit key, a random 256-bit key is kept in a
 * 0600 file beside the cache. That protects a copied cache file only if the key file is not
 * copied with it — so we say so, and recommend the passphrase for real data.
 */
export function startKeyProvider(
  keyFile: string | undefined,
  dataDir: string,
): { provider: KeyProvider; warning?: string } {
  const provider = explicitKeyProvider(keyFile);
  if (provider) return { provider };
  const path = join(dataDir, 'cache.key');
  return {
    provider: generatedKeyFileProvider(path),
    warning: `No ${PASSPHRASE_ENV} or --key-file: the cache key is kept in ${path} (mode 0600). Use a passphrase for real personal data.`,
  };
}
