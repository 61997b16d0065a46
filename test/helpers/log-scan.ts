// Issue 14, item 12: what the logs under data folders hold, searched for a run's personal data.
// Used by test/integration/logs-no-personal-data.test.ts and the e2e-web casework suite.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LogScan {
  /** Log files found under the folders' logs/. */
  files: number;
  /** Their total size: a scan of nothing must not pass. */
  bytes: number;
  /** `path: term` for every term found (case-insensitive). */
  leaks: string[];
  /** All the text, for asserting that the run's lines are there. */
  text: string;
}

/** Reads every file under `<dir>/logs/` of each data folder and looks for each term. */
export function scanLogs(dataDirs: readonly string[], terms: readonly string[]): LogScan {
  const wanted = [...new Set(terms.filter((t) => t.length >= 5).map((t) => t.toLowerCase()))];
  const files = dataDirs.flatMap((dir) => {
    const logs = join(dir, 'logs');
    if (!existsSync(logs)) return [];
    return readdirSync(logs, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const path = join(e.parentPath, e.name);
        return { path, text: readFileSync(path, 'utf8') };
      });
  });
  const leaks = files.flatMap((f) => {
    const lower = f.text.toLowerCase();
    return wanted.filter((t) => lower.includes(t)).map((t) => `${f.path}: ${t}`);
  });
  const text = files.map((f) => f.text).join('\n');
  return { files: files.length, bytes: Buffer.byteLength(text), leaks, text };
}

/** A person as the sync protocol carries them: the values that identify them. */
interface SyncedSubject {
  username: string;
  email: string;
  displayName: string;
  devices?: { name?: string }[];
}

/** Every seeded person's username, email, name and device names, read from a backend's sync API. */
export async function seededTerms(backendUrl: string, token: string): Promise<string[]> {
  const res = await fetch(`${backendUrl}/v1/sync/subjects?after=0&limit=10000`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) throw new Error(`subjects answered ${res.status}`);
  const page = (await res.json()) as { items: { data?: SyncedSubject }[] };
  return page.items.flatMap((i) =>
    i.data
      ? [
          i.data.username,
          i.data.email,
          i.data.displayName,
          ...(i.data.devices ?? []).map((d) => d.name ?? ''),
        ]
      : [],
  );
}
