// One measured export in its own process, so that its peak RSS is the export's alone:
//   tsx bench/export-child.ts bundle <cache.sqlite> <subjectId> <out.zip> [passphrase]
//   tsx bench/export-child.ts baseline <folder of the bundle's files> <out.zip>
// Prints one JSON line: { ms, peakRssMb }.
import { createReadStream, createWriteStream, readdirSync } from 'node:fs';
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

async function main(): Promise<number> {
  if (mode === 'bundle') {
    const [dbPath, subjectId, out, passphrase] = args as [string, string, string, string | undefined];
    const db = openCacheDb({ path: dbPath, key: KEY });
    const t = performance.now();
    await buildBundle(db, {
      subjectId,
      outPath: out,
      passphrase: passphrase ?? null,
      disclosures: DEMO_DISCLOSURES,
      generator: { name: 'bench', version: '0' },
    });
    const ms = performance.now() - t;
    db.close();
    return ms;
  }
  // The baseline: the same files, the same library and level, no hashing, no encryption.
  const [dir, out] = args as [string, string];
  const names = [...BUNDLE_DATA_FILES, MANIFEST_FILE].filter((n) => readdirSync(dir).includes(n));
  const t = performance.now();
  const zip = new ZipWriter(Writable.toWeb(createWriteStream(out)), {
    level: BUNDLE_COMPRESSION_LEVEL,
    useWebWorkers: false,
    keepOrder: true,
  });
  for (const name of names)
    await zip.add(name, Readable.toWeb(createReadStream(join(dir, name))) as ReadableStream<Uint8Array>);
  await zip.close();
  return performance.now() - t;
}

main().then(
  (ms) => {
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(`${JSON.stringify({ ms, peakRssMb })}\n`);
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
