// `npm start` never asks for a manual step: when the built UI (dist/renderer, dist/preload) is
// missing or older than its sources, it is rebuilt here with Vite before the console opens.
// An installed package ships dist/ without the sources: nothing to compare, nothing to build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';

/** The repository root (this file is main/cli/ui-build.ts). */
const ROOT = new URL('../..', import.meta.url).pathname;

/** What the two Vite builds read: the renderer, the code it imports, the preload, the configs. */
const SOURCES = [
  'renderer',
  'shared',
  'main/preload',
  'vite.config.ts',
  'vite.preload.config.ts',
  'package.json',
];
/** What they write; the oldest of these must be newer than every source. */
const OUTPUTS = ['dist/renderer/index.html', 'dist/preload/preload.cjs'];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Why the UI needs building, or null when dist/ is up to date (or there are no sources). */
export function uiBuildReason(root = ROOT): string | null {
  const sources = SOURCES.map((s) => join(root, s)).filter((p) => existsSync(p));
  if (!existsSync(join(root, 'renderer', 'index.html'))) return null; // an installed package
  const missing = OUTPUTS.find((o) => !existsSync(join(root, o)));
  if (missing) return `${missing} is missing`;
  const built = Math.min(...OUTPUTS.map((o) => statSync(join(root, o)).mtimeMs));
  const newest = Math.max(...sources.map(newestMtime));
  return newest > built ? 'its sources changed since the last build' : null;
}

/** Build the renderer and the preload with the project's Vite configs when they are stale. */
export async function ensureUiBuilt(log: (line: string) => void, root = ROOT): Promise<void> {
  const reason = uiBuildReason(root);
  if (!reason) return;
  log(`Building the console UI (${reason})…`);
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    throw new AppError(
      'E_UI_NOT_BUILT',
      `The console UI needs building (${reason}) but Vite is not installed: run npm install (with dev dependencies).`,
    );
  }
  for (const config of ['vite.config.ts', 'vite.preload.config.ts']) {
    await vite.build({ configFile: join(root, config), root: undefined, logLevel: 'warn' });
  }
  log('Console UI built.');
}
