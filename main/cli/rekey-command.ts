// `zta-console rekey`: gives the encrypted cache a new passphrase (docs/ARCHITECTURE.md §9). The
// current key comes from the usual places (--key-file, ZTA_CACHE_PASSPHRASE, else the demo key
// file beside the cache); the new passphrase from --new-passphrase-file or the first line of
// standard input. Close the console first: re-keying needs the cache to itself.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../shared/errors';
import { generatedKeyFileProvider, type KeyProvider } from '../core/keys';
import { CACHE_FILE, openCacheDb } from '../core/cache/open';
import { rekeyCache } from '../core/cache/rekey';
import { readPassphraseFile } from './export-commands';
import { explicitKeyProvider, PASSPHRASE_ENV } from './key';
import { runAction, UsageError } from './output';

const DEMO_KEY_FILE = 'cache.key';

function currentKey(dataDir: string, keyFile: string | undefined): { provider: KeyProvider; demo: boolean } {
  const explicit = explicitKeyProvider(keyFile);
  if (explicit) return { provider: explicit, demo: false };
  const demo = join(dataDir, DEMO_KEY_FILE);
  if (existsSync(demo)) return { provider: generatedKeyFileProvider(demo), demo: true };
  throw new AppError(
    'E_CACHE_KEY',
    `No current cache key: pass --key-file FILE or set ${PASSPHRASE_ENV} to the passphrase the cache opens with.`,
  );
}

function newPassphrase(file: string | undefined): string {
  if (file) return readPassphraseFile(file);
  let text = '';
  try {
    text = readFileSync(0, 'utf8');
  } catch {
    /* no standard input */
  }
  const first = text.split('\n', 1)[0]!.replace(/\r$/, '');
  if (!first)
    throw new UsageError(
      'Give the new passphrase: --new-passphrase-file FILE, or its first line on standard input.',
    );
  return first;
}

async function rekeyCommand(o: {
  data: string;
  keyFile?: string;
  newPassphraseFile?: string;
  json?: boolean;
}) {
  const dataDir = resolve(o.data);
  const path = join(dataDir, CACHE_FILE);
  if (!existsSync(path)) throw new AppError('E_NOT_FOUND', `No cache in ${dataDir}.`);
  const next = newPassphrase(o.newPassphraseFile);
  const { provider, demo } = currentKey(dataDir, o.keyFile);
  const db = openCacheDb({ path, key: await provider.getKey() });
  let kdf;
  try {
    kdf = rekeyCache(db, path, next);
  } finally {
    db.close();
  }
  // The demo key no longer opens the cache; left there, `start` would try it and fail.
  if (demo) rmSync(join(dataDir, DEMO_KEY_FILE), { force: true });
  const summary = { path, kdf: { alg: kdf.alg, m: kdf.m, t: kdf.t, p: kdf.p }, removedDemoKey: demo };
  if (o.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else
    process.stdout.write(
      `Re-keyed ${path} (Argon2id, ${kdf.m / 1024} MiB, ${kdf.t} passes). Open it with the new passphrase from now on.\n`,
    );
}

export function registerRekeyCommand(program: Command): void {
  program
    .command('rekey')
    .description('Give the encrypted cache a new passphrase (close the console first).')
    .requiredOption('--data <dir>', 'cache directory')
    .option('--key-file <file>', 'file holding the current cache passphrase (or set ZTA_CACHE_PASSPHRASE)')
    .option('--new-passphrase-file <file>', 'the new passphrase (first line); default: first line of stdin')
    .option('--json', 'print JSON')
    .action(runAction(rekeyCommand));
}
