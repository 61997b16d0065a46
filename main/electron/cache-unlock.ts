// Opens the core with the safeStorage key, or — on Linux's insecure `basic_text` store — with a
// passphrase typed into the prompt, asking again (with the reason) while the passphrase is wrong
// (E_CACHE_KEY) or too weak for a new cache (E_WEAK_PASSPHRASE). The checks themselves run in the
// cache worker, with the Argon2id derivation: this thread only waits.
import { AppError } from '../../shared/errors';
import type { KeyProvider } from '../core/index';
import { askPassphrase, type MakePromptWindow } from './passphrase-prompt';
import { safeStorageKeyProvider } from './safe-storage-key';

const RETRY_CODES = new Set(['E_CACHE_KEY', 'E_WEAK_PASSPHRASE']);

export interface UnlockOptions<C> {
  open(provider: KeyProvider): Promise<C>;
  safeStorage: Parameters<typeof safeStorageKeyProvider>[0];
  wrappedKeyPath: string;
  /** Whether the cache file exists already (its passphrase is typed once, a new one twice). */
  cacheExists: boolean;
  makeWindow: MakePromptWindow;
  platform?: NodeJS.Platform;
  passphrase?: string | undefined;
}

export async function openUnlocked<C>(o: UnlockOptions<C>): Promise<C> {
  let problem: string | null = null;
  for (;;) {
    let asked = false;
    let declined = false;
    const ask = async () => {
      asked = true;
      const typed = await askPassphrase(o.makeWindow, { creating: !o.cacheExists, problem });
      declined = typed === null;
      return typed;
    };
    const provider = safeStorageKeyProvider(
      o.safeStorage,
      o.wrappedKeyPath,
      o.platform ?? process.platform,
      o.passphrase ?? process.env.ZTA_CACHE_PASSPHRASE,
      ask,
    );
    try {
      return await o.open(provider);
    } catch (err) {
      if (!asked || declined || !(err instanceof AppError) || !RETRY_CODES.has(err.code)) throw err;
      problem = err.message;
    }
  }
}
