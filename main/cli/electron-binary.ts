// Is the Electron binary here? The `electron` npm package downloads it lazily, on first
// require — which on our build machines prints a failed download and throws. So look for the
// binary the way the package does (path.txt + dist/), without triggering the download.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

export function findElectronBinary(env = process.env): ElectronBinary {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { found: false, reason: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
  const binary = join(distDir, executable || 'electron');
  if ((executable || env.ELECTRON_OVERRIDE_DIST_PATH) && existsSync(binary))
    return { found: true, path: binary };
  return {
    found: false,
    reason:
      'the Electron binary has not been downloaded (run `npx install-electron` where the network allows it)',
  };
}
