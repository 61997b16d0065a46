// `npm start` never asks for a manual step: when the built UI (dist/renderer, dist/preload) is
// missing or older than its sources, it is rebuilt here with Vite before the console opens.
// The compiled Node side (dist/node: this CLI, the cache worker, the Electron main) cannot be
// rebuilt by the process already running it: `npm start` compiles it first (package.json), and a
// stale one started another way (`npx zta-console` in a checkout) is reported, not silently run.
// An installed package ships dist/ without the sources: nothing to compare, nothing to build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { APP_ROOT, COMPILED_ENTRIES } from '../core/app-root';

/** One Vite build: its config(s), what it reads, what it writes. */
interface BuildTarget {
  configs: string[];
  /** A file that exists only in a checkout: without it there are no sources to build from. */
  marker: string;
  sources: string[];
  /** The oldest of these must be newer than every source. */
  outputs: string[];
}

/** The renderer, the code it imports, the preload (two Vite builds). */
const UI_BUILD: BuildTarget = {
  configs: ['vite.config.ts', 'vite.preload.config.ts'],
  marker: 'renderer/index.html',
  sources: ['renderer', 'shared', 'main/preload', 'vite.config.ts', 'vite.preload.config.ts', 'package.json'],
  outputs: ['dist/renderer/index.html', 'dist/preload/preload.cjs'],
};

/** The CLI, the cache worker, the Electron main and everything they import (vite.node.config.ts). */
export const NODE_BUILD: BuildTarget = {
  configs: ['vite.node.config.ts'],
  marker: 'main/cli/index.ts',
  sources: ['main', 'shared', 'backend', 'vite.node.config.ts', 'package.json'],
  outputs: Object.values(COMPILED_ENTRIES),
};

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Why `target` needs building, or null when its outputs are up to date (or there are no sources). */
export function buildReason(target: BuildTarget, root = APP_ROOT): string | null {
  if (!existsSync(join(root, target.marker))) return null; // an installed package
  const sources = target.sources.map((s) => join(root, s)).filter((p) => existsSync(p));
  const missing = target.outputs.find((o) => !existsSync(join(root, o)));
  if (missing) return `${missing} is missing`;
  const built = Math.min(...target.outputs.map((o) => statSync(join(root, o)).mtimeMs));
  const newest = Math.max(...sources.map(newestMtime));
  return newest > built ? 'its sources changed since the last build' : null;
}

/** Why the UI needs building, or null when dist/ is up to date (or there are no sources). */
export const uiBuildReason = (root = APP_ROOT): string | null => buildReason(UI_BUILD, root);

/** Run `target`'s Vite builds when it is stale. */
export async function ensureBuilt(
  target: BuildTarget,
  what: string,
  log: (line: string) => void,
  root = APP_ROOT,
): Promise<void> {
  const reason = buildReason(target, root);
  if (!reason) return;
  log(`Building ${what} (${reason})…`);
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    throw new AppError(
      'E_UI_NOT_BUILT',
      `${what} needs building (${reason}) but Vite is not installed: run npm install (with dev dependencies).`,
    );
  }
  for (const config of target.configs) {
    await vite.build({ configFile: join(root, config), root: undefined, logLevel: 'warn' });
  }
  log(`${what} built.`);
}

/** Build the renderer and the preload with the project's Vite configs when they are stale. */
export const ensureUiBuilt = (log: (line: string) => void, root = APP_ROOT): Promise<void> =>
  ensureBuilt(UI_BUILD, 'the console UI', log, root);

/** Say so when the compiled Node side running now is older than its sources. */
export function warnIfNodeBuildStale(log: (line: string) => void, root = APP_ROOT): void {
  const reason = buildReason(NODE_BUILD, root);
  if (reason)
    log(`Warning: the compiled console in dist/node is out of date (${reason}): run npm run build.`);
}
