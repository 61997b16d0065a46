// Where the application's own files are: package.json, dist/ (the built UI and the compiled Node
// side) and docs/. The same code runs from two places at different depths — its TypeScript sources
// (main/**, under vitest and tsx) and the bundle (dist/node/*.js, under node and Electron) — so a
// path relative to a module's own URL would point elsewhere in one of them. Paths are resolved
// from the package root instead, found by walking up to our package.json.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../shared/errors';

const PACKAGE_NAME = 'zta-privacy-console';

function isOurManifest(path: string): boolean {
  if (!existsSync(path)) return false;
  return (JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
}

/** The first folder at or above `start` whose package.json is ours. */
function findAppRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (isOurManifest(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir)
      throw new AppError(
        'E_INTERNAL',
        `No ${PACKAGE_NAME} package.json above ${start}: incomplete installation.`,
      );
  }
}

/** The package root: the repository in a checkout, the package folder (or app.asar) when installed. */
export const APP_ROOT = findAppRoot(dirname(fileURLToPath(import.meta.url)));

/** A file of the application, from its path relative to the package root. */
export const appFile = (...segments: string[]): string => join(APP_ROOT, ...segments);

/**
 * True when this code runs from its TypeScript sources (vitest, tsx), false from the bundle. From
 * sources the cache worker needs a TypeScript loader (its dev shim); the bundle has its own.
 */
export const RUNS_FROM_SOURCE = import.meta.url.endsWith('.ts');

/** The entries `npm run build` compiles into dist/node (vite.node.config.ts), from the root. */
export const COMPILED_ENTRIES = {
  cli: 'dist/node/cli.js',
  cacheWorker: 'dist/node/cache-worker.js',
  readWorker: 'dist/node/read-worker.js',
  electronMain: 'dist/node/electron-main.js',
} as const;
