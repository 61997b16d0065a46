// The backend's data folder holds personal data and admins' token hashes: only its owner may
// read or write it (issue 14, item 4). PGlite creates its files 0666 whatever the umask, so the
// folder is created 0700, and the folder and everything in it are tightened (folders 0700,
// files 0600) on start, after the seed, periodically while running, and on close. The 0700
// folder is what keeps other users out in between: they cannot even traverse into it.
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** Creates `dir` if needed and tightens it recursively; returns how many entries changed. */
export function secureDataDir(dir: string): number {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  return tighten(dir);
}

function tighten(path: string): number {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return 0; // never follow a link out of the folder
  let changed = 0;
  const want = st.isDirectory() ? DIR_MODE : FILE_MODE;
  if ((st.mode & 0o777) !== want) {
    chmodSync(path, want);
    changed++;
  }
  if (st.isDirectory()) for (const name of readdirSync(path)) changed += tighten(join(path, name));
  return changed;
}

/** Re-tightens every `intervalMs` (unref'd: never keeps the process alive). */
export function keepDataDirTight(dir: string, intervalMs = 60_000): () => void {
  const timer = setInterval(() => {
    try {
      tighten(dir);
    } catch {
      // a file removed mid-walk: the next round catches up
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
