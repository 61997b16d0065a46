// Is the Electron binary here? The `electron` npm package downloads it lazily; where the
// download cannot happen (our build machines), requiring the package throws.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

export function findElectronBinary(): ElectronBinary {
  const require = createRequire(import.meta.url);
  try {
    const path: unknown = require('electron');
    if (typeof path === 'string' && existsSync(path)) return { found: true, path };
    return { found: false, reason: 'the electron package names no binary' };
  } catch (err) {
    return { found: false, reason: (err as Error).message.split('\n')[0] ?? 'not installed' };
  }
}
