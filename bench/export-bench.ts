// Export bundle figures (docs/ARCHITECTURE.md §10): a person with 100,000 access events (among others) in
// an encrypted cache; the bundle vs the same files zipped by the same library at the same level
// without hashing or encryption, each in its own child process (peak RSS of the export alone).
// The two sides alternate run by run (which goes first too), and medians are compared: on a busy
// machine one run of either side can be off by half, the median of several interleaved is not.
//   tsx bench/export-bench.ts [--events 100000] [--runs 7]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCacheDb } from '../main/core/cache/open';
import { CacheDatabase } from '../main/core/cache/store';
import type { AccessEvent, Subject } from '../shared/domain';

const KEY = { kind: 'passphrase' as const, passphrase: 'bench-export' };
const CHILD = fileURLToPath(new URL('./export-child.ts', import.meta.url));
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function subject(i: number): Subject {
  return {
    id: `bench-subject-${i}`,
    username: `user${i}`,
    email: `user${i}@example.test`,
    displayName: `Bench User ${i}`,
    employeeId: `E${100000 + i}`,
    department: 'Engineering',
    restricted: false,
    restriction: null,
    devices: [0, 1, 2].map((d) => ({
      id: `dev-${i}-${d}`,
      name: `laptop-${i}-${d}`,
      osVersion: d ? 'macOS 15.1' : 'Windows 11 23H2',
      firstSeenAt: '2026-01-01T00:00:00.000Z',
    })),
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

const APPS = ['mail', 'wiki', 'payroll', 'crm', 'git', 'jira', 'hr-portal', 'vpn-admin', 'grafana', 'drive'];

/** Seeds `main` with `events` events and `others` other people with `events / 20` each. */
export function seedExportCache(dbPath: string, events: number, others = 20): string {
  const store = new CacheDatabase(openCacheDb({ path: dbPath, key: KEY }));
  const people = [subject(0), ...Array.from({ length: others }, (_, i) => subject(i + 1))];
  store.db.transaction(() =>
    store.applyItems(
      'subjects',
      people.map((s, i) => ({ op: 'upsert' as const, seq: i + 1, data: s })),
    ),
  )();
  const start = Date.parse('2026-10-20T00:00:00Z');
  let seq = 1000;
  const write = (s: Subject, n: number) => {
    const step = Math.floor((30 * 86_400_000) / n);
    for (let off = 0; off < n; off += 10_000) {
      const chunk: AccessEvent[] = [];
      for (let k = off; k < Math.min(n, off + 10_000); k++) {
        const d = s.devices[k % 3]!;
        chunk.push({
          id: `${s.id}-ev-${k}`,
          time: new Date(start + k * step + (k % 997)).toISOString(),
          subjectId: s.id,
          username: s.username,
          // A handful of networks per person, as in real logs (contexts stay few).
          ip: `10.${k % 3}.${(s.id.length + k) % 4}.${(k >> 4) % 2}`,
          deviceId: d.id,
          deviceName: d.name,
          osVersion: d.osVersion,
          app: APPS[k % APPS.length]!,
          decision: k % 13 === 0 ? 'deny' : 'allow',
          reason: k % 13 === 0 ? 'device posture check failed' : null,
        });
      }
      store.db.transaction(() =>
        store.applyItems(
          'access_events',
          chunk.map((e) => ({ op: 'upsert' as const, seq: seq++, data: e })),
        ),
      )();
    }
  };
  write(people[0]!, events);
  for (const s of people.slice(1)) write(s, Math.floor(events / 20));
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.db.close();
  return people[0]!.id;
}

/**
 * The child is bundled to plain JavaScript first (esbuild; packages stay external), so that its
 * peak RSS is the export's, not the TypeScript loader's.
 */
async function compileChild(): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = fileURLToPath(new URL('./.out/export-child.mjs', import.meta.url));
  await build({
    entryPoints: [CHILD],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

const runChild = (script: string, args: string[]) =>
  JSON.parse(
    execFileSync(process.execPath, [script, ...args], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!,
  ) as Timed;
interface Timed {
  ms: number;
  cpuMs: number;
  peakRssMb: number;
}

export async function benchExport(
  events = 100_000,
  log: (s: string) => void = () => undefined,
  runs = 7,
): Promise<Record<string, number>> {
  const work = mkdtempSync(join(tmpdir(), 'zta-bench-export-'));
  try {
    log(`export: seeding a person with ${events} events…`);
    const dbPath = join(work, 'cache.sqlite');
    const subjectId = seedExportCache(dbPath, events);
    const script = await compileChild();
    const child = (args: string[]) => runChild(script, args);
    const files = join(work, 'files');
    mkdirSync(files);
    const bundle: Timed[] = [];
    const baseline: Timed[] = [];
    const encrypted: number[] = [];
    // The baseline zips the bundle's own files: extracted from a first, unmeasured bundle.
    const first = join(work, 'bundle-first.zip');
    child(['bundle', dbPath, subjectId, first]);
    execFileSync('7z', ['x', '-y', `-o${files}`, first], { stdio: 'ignore' });
    for (let run = 0; run < runs; run++) {
      log(`export: run ${run + 1}/${runs}…`);
      const sides = [
        () => bundle.push(child(['bundle', dbPath, subjectId, join(work, `bundle-${run}.zip`)])),
        () => baseline.push(child(['baseline', files, join(work, `baseline-${run}.zip`)])),
      ];
      // Alternate which side goes first, so neither always inherits the other's warm (or busy) machine.
      if (run % 2) sides.reverse();
      for (const side of sides) side();
      encrypted.push(
        child(['bundle', dbPath, subjectId, join(work, `enc-${run}.zip`), 'bench passphrase 123']).ms,
      );
      for (const f of [`bundle-${run}.zip`, `baseline-${run}.zip`, `enc-${run}.zip`])
        rmSync(join(work, f), { force: true });
    }
    const bundleMs = median(bundle.map((b) => b.ms));
    const baselineMs = median(baseline.map((b) => b.ms));
    const bundleCpu = median(bundle.map((b) => b.cpuMs));
    const baselineCpu = median(baseline.map((b) => b.cpuMs));
    return {
      'export.events': events,
      'export.bundle_ms': round(bundleMs, 0),
      'export.zip_baseline_ms': round(baselineMs, 0),
      'export.runs': runs,
      'export.bundle_vs_baseline': round(bundleMs / baselineMs),
      // The median of each run's own ratio (the two sides ran back to back, under the same load).
      'export.bundle_vs_baseline_paired': round(median(bundle.map((b, i) => b.ms / baseline[i]!.ms))),
      // CPU time (all threads) of each side: what the work costs, whatever else the machine runs.
      'export.bundle_cpu_ms': round(bundleCpu, 0),
      'export.zip_baseline_cpu_ms': round(baselineCpu, 0),
      'export.bundle_vs_baseline_cpu': round(bundleCpu / baselineCpu),
      'export.bundle_encrypted_ms': round(median(encrypted), 0),
      'export.peak_rss_mb': round(Math.max(...bundle.map((b) => b.peakRssMb)), 1),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export const EXPORT_BUDGETS: [string, string, (v: number) => boolean][] = [
  ['export.runs', '', () => true],
  ['export.zip_baseline_ms', '(limit)', () => true],
  ['export.bundle_ms', '', () => true],
  ['export.bundle_vs_baseline', '≤ 2×', (v) => v <= 2],
  ['export.bundle_vs_baseline_paired', '', () => true],
  ['export.bundle_cpu_ms', '', () => true],
  ['export.zip_baseline_cpu_ms', '', () => true],
  ['export.bundle_vs_baseline_cpu', '', () => true],
  ['export.bundle_encrypted_ms', '', () => true],
  ['export.peak_rss_mb', '≤ 200 MB', (v) => v <= 200],
];

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const flag = (name: string, fallback: number) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  benchExport(flag('--events', 100_000), (s) => process.stderr.write(`${s}\n`), flag('--runs', 7)).then(
    (f) => {
      for (const [name, budget, ok] of EXPORT_BUDGETS)
        process.stdout.write(
          `${name.padEnd(28)} ${String(f[name]).padStart(8)}  ${budget} ${budget && !budget.startsWith('(') ? (ok(f[name]!) ? 'pass' : 'FAIL') : ''}\n`,
        );
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
