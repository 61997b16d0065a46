// One measured export in its own process, so that its peak RSS is the export's alone:
//   tsx bench/export-child.ts bundle <cache.sqlite> <subjectId> <out.zip> [passphrase]
//   tsx bench/export-child.ts baseline <folder of the bundle's files> <out.zip>
// Prints one JSON line: { ms, cpuMs, peakRssMb } — cpuMs is the process's CPU time (all threads,
// zlib's pool too) over the measured part: on a busy machine it moves far less than the wall time.
import { createReadStream, createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { ZipWriter } from '@zip.js/zip.js';
import { openCacheDb } from '../main/core/cache/open';
import { buildBundle, BUNDLE_COMPRESSION_LEVEL } from '../main/core/export/bundle';
import { BUNDLE_DATA_FILES, MANIFEST_FILE } from '../shared/bundle-manifest';
import { DEMO_DISCLOSURES } from '../shared/demo-disclosures';

const [mode, ...args] = process.argv.slice(2);
const KEY = { kind: 'passphrase' as const, passphrase: 'bench-export' };

let cpuStart = process.cpuUsage();
const cpuMs = () => {
  const u = process.cpuUsage(cpuStart);
  return (u.user + u.system) / 1000;
};

async function main(): Promise<{ ms: number; cpuMs: number }> {
  if (mode === 'bundle') {
    const [dbPath, subjectId, out, passphrase] = args as [string, string, string, string | undefined];
    const db = openCacheDb({ path: dbPath, key: KEY });
    cpuStart = process.cpuUsage();
    const t = performance.now();
    await buildBundle(db, {
      subjectId,
      outPath: out,
      passphrase: passphrase ?? null,
      disclosures: DEMO_DISCLOSURES,
      generator: { name: 'bench', version: '0' },
    });
    const ms = performance.now() - t;
    const cpu = cpuMs();
    db.close();
    return { ms, cpuMs: cpu };
  }
  // The baseline: the same files, the same library and level, no hashing, no encryption.
  const [dir, out] = args as [string, string];
  const names = [...BUNDLE_DATA_FILES, MANIFEST_FILE].filter((n) => readdirSync(dir).includes(n));
  cpuStart = process.cpuUsage();
  const t = performance.now();
  const zip = new ZipWriter(Writable.toWeb(createWriteStream(out)), {
    level: BUNDLE_COMPRESSION_LEVEL,
    useWebWorkers: false,
    keepOrder: true,
  });
  for (const name of names)
    await zip.add(name, Readable.toWeb(createReadStream(join(dir, name))) as ReadableStream<Uint8Array>);
  await zip.close();
  return { ms: performance.now() - t, cpuMs: cpuMs() };
}

/**
 * This process's peak RSS in MB. On Linux, VmHWM (/proc/self/status) — the high-water mark of this
 * program's own memory. Not getrusage's maxRSS there: Linux carries it across exec from the forked
 * parent, so a child of a bench that has just synced a million events would report the parent's
 * ~850 MB. Elsewhere maxRSS is all there is.
 */
function peakRssMb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    /* not Linux: fall through */
  }
  return process.resourceUsage().maxRSS / 1024;
}

main().then(
  (timed) => {
    const peak = peakRssMb();
    process.stdout.write(`${JSON.stringify({ ...timed, peakRssMb: peak })}\n`);
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
