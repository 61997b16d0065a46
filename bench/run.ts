// `npm run bench` — access-log review at scale (docs/ARCHITECTURE.md §10). Generates a seeded organisation in
// the reference backend, pulls it into the encrypted cache through the real worker, and measures
// ingest, paging, search (vs GNU grep), histogram and first rows in Chromium.
//   npm run bench -- --events 1000000 --json bench.json
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { openCacheDb } from '../main/core/cache/open';
import { logsHistogram } from '../main/core/cache/log-counts';
import { logsPage } from '../main/core/cache/queries';
import { openCore, passphraseKeyProvider } from '../main/core/index';
import type { LogsFilter } from '../shared/contract-logs';
import { startBackendThread } from './backend-thread';
import { benchExport } from './export-bench';
import { benchPurge } from './purge';
import { report } from './report';
import { median, p95, round, time, type Measured } from './stats';
import { pagesDuringBootstrap } from './sync-sampling';
import { firstRows } from './ui-first-rows';

const program = new Command()
  .option('--events <n>', 'access events to generate', '1000000')
  .option('--json <file>', 'write all figures to this JSON file')
  .option('--no-ui', 'skip the Chromium first-rows measurement')
  .option('--only <figure>', 'run one measurement only: purge (purge.subject_ms)')
  .parse();
const opts = program.opts<{ events: string; json?: string; ui: boolean; only?: string }>();
const N = Number(opts.events);
const PASS = 'bench-passphrase';
const log = (s: string) => process.stderr.write(`${s}\n`);

/** Every figure measured so far; a failed one is null with its reason in `reasons`. */
const measured: Measured = { figures: {}, reasons: {} };
const { figures, reasons } = measured;

async function main() {
  if (opts.only !== undefined && opts.only !== 'purge')
    throw new Error(`--only takes: purge (not ${opts.only})`);
  // issue 11: the erased person's purge, on a cache of its own (no backend needed).
  log('purge of one person with 100,000 events…');
  Object.assign(figures, await benchPurge());
  if (opts.only === 'purge') return;
  const work = mkdtempSync(join(tmpdir(), 'zta-bench-'));
  const dataDir = join(work, 'data');
  try {
    // 1. A seeded organisation in the reference backend.
    log(`seeding ${N} events…`);
    let t = performance.now();
    const backend = await startBackendThread({
      users: Math.max(200, Math.round(N / 2500)),
      events: N,
      seed: 1,
    });
    figures['setup.seed_s'] = round((performance.now() - t) / 1000, 1);

    // 2. Full pull backend → encrypted cache through the worker (indexes + FTS ready at the end).
    log('sync…');
    const core = await openCore({
      dataDir,
      keyProvider: passphraseKeyProvider(PASS),
      app: { name: 'bench', version: '0', transport: 'browser' },
    });
    t = performance.now();
    const signed = await core.invoke('session:signIn', {
      backendUrl: backend.url,
      token: backend.tokens.owner,
    });
    if (!signed.ok) throw new Error(signed.error.message);
    let lastPage = t;
    await core.syncNow((p) => {
      if (p.stream === 'access_events') lastPage = performance.now();
    });
    const end = performance.now();
    const syncS = (end - t) / 1000;
    figures['ingest.pull_s'] = round((lastPage - t) / 1000, 2);
    figures['ingest.index_build_s'] = round((end - lastPage) / 1000, 2);

    // 2b. The Access-logs pages during a second bootstrap of the same data, into a cache of its
    // own: sampling shares the two cores with the sync, so it must not run in the timed one above.
    log('pages during a second bootstrap…');
    const sampled = await pagesDuringBootstrap(backend, join(work, 'sampled'), PASS);
    const syncSamples = sampled.samples;
    const syncPageTimes = syncSamples.map((x) => x.ms);
    // Where the slow pages fall: while pages are applied, or during the index build at the end.
    const buildTimes = syncSamples.filter((x) => x.at >= sampled.lastPage).map((x) => x.ms);
    const pullTimes = syncSamples.filter((x) => x.at < sampled.lastPage).map((x) => x.ms);
    if (pullTimes.length) figures['logs.page_ms_p95_during_pull'] = round(p95(pullTimes));
    if (buildTimes.length) figures['logs.page_ms_p95_during_index_build'] = round(p95(buildTimes));
    figures['logs.page_ms_p95_during_sync'] = syncPageTimes.length ? round(p95(syncPageTimes)) : null;
    if (!syncPageTimes.length) reasons['logs.page_ms_p95_during_sync'] = 'no page answered during the sync';
    figures['logs.page_ms_p50_during_sync'] = syncPageTimes.length ? round(median(syncPageTimes)) : null;
    figures['logs.page_ms_max_during_sync'] = syncPageTimes.length ? round(Math.max(...syncPageTimes)) : null;
    figures['logs.page_samples_during_sync'] = syncPageTimes.length;
    log(
      `pages during sync: p50 ${figures['logs.page_ms_p50_during_sync']} ms, p95 ${figures['logs.page_ms_p95_during_sync']} ms, max ${figures['logs.page_ms_max_during_sync']} ms (${syncPageTimes.length} samples); p95 while pulling ${figures['logs.page_ms_p95_during_pull'] ?? 'n/a'} ms (${pullTimes.length}), during the index build ${figures['logs.page_ms_p95_during_index_build'] ?? 'n/a'} ms (${buildTimes.length})`,
    );
    const stats = await core.stats();
    const count = stats.streams.find((s) => s.stream === 'access_events')!.count;
    figures['ingest.events'] = count;
    figures['ingest.sync_s'] = round(syncS, 2);
    figures['ingest.sync_rows_per_s'] = Math.round(count / syncS);
    await backend.close();

    // 3. Raw limit: prepared inserts of the same rows into a bare table of an encrypted database.
    log('raw insert…');
    const db = openCacheDb({
      path: join(dataDir, 'cache.sqlite'),
      key: { kind: 'passphrase', passphrase: PASS },
    });
    const rows = db
      .prepare(
        'SELECT id, time_ms, subject_id, username, ip, device_id, device_name, os_version, app, decision, reason, seq FROM access_events',
      )
      .raw()
      .all() as unknown[][];
    const raw = openCacheDb({
      path: join(work, 'raw.sqlite'),
      key: { kind: 'passphrase', passphrase: PASS },
    });
    raw.exec(`CREATE TABLE bare (id TEXT, time_ms INTEGER, subject_id TEXT, username TEXT, ip TEXT, device_id TEXT,
      device_name TEXT, os_version TEXT, app TEXT, decision TEXT, reason TEXT, seq INTEGER)`);
    const ins = raw.prepare('INSERT INTO bare VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const batch = raw.transaction((from: number) => {
      for (let i = from; i < Math.min(rows.length, from + 10_000); i++) ins.run(...rows[i]!);
    });
    const [rawMs] = time(() => {
      for (let i = 0; i < rows.length; i += 10_000) batch(i);
    });
    raw.close();
    figures['ingest.raw_rows_per_s'] = Math.round(rows.length / (rawMs / 1000));
    figures['ingest.ratio'] = round(
      (figures['ingest.sync_rows_per_s'] as number) / (figures['ingest.raw_rows_per_s'] as number),
      3,
    );

    // 4. Paging under several filter combinations (keyset pages of 100, first and deeper pages).
    log('queries…');
    const sample = (col: number, k: number) =>
      [...new Set(rows.filter((_, i) => i % 997 === 0).map((r) => r[col] as string))].slice(0, k);
    const users = sample(3, 5);
    const apps = sample(8, 3);
    const devices = sample(6, 3);
    const maxMs = Math.max(...rows.slice(-1000).map((r) => r[1] as number));
    const day = 86_400_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const filters: LogsFilter[] = [
      {},
      { decision: 'deny' },
      ...users.map((user) => ({ user })),
      ...apps.map((app) => ({ app, decision: 'deny' as const })),
      ...devices.map((device) => ({ device })),
      { ip: '198.51.100.0/24' },
      { ip: '198.0.0.0/8', decision: 'deny' },
      { ip: '2001:db8::/32' },
      { from: iso(maxMs - 7 * day), to: iso(maxMs - 6 * day), decision: 'allow' },
      { user: users[0]!, from: iso(maxMs - 14 * day) },
    ];
    const pageTimes: number[] = [];
    for (let rep = 0; rep < 5; rep++)
      for (const filter of filters)
        for (const order of ['desc', 'asc'] as const) {
          const [ms, page] = time(() => logsPage(db, { filter, order, limit: 100 }));
          pageTimes.push(ms);
          if (page.next)
            pageTimes.push(time(() => logsPage(db, { filter, order, after: page.next!, limit: 100 }))[0]);
        }
    figures['logs.page_ms_p95'] = round(p95(pageTimes));
    figures['logs.page_samples'] = pageTimes.length;

    // 5. Search (FTS5, first 100 hits) vs GNU grep over NDJSON of the same events.
    const ndjson = join(work, 'events.ndjson');
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(ndjson);
      out.on('error', reject);
      let buf = '';
      for (const r of rows) {
        buf += `${JSON.stringify({ id: r[0], time: new Date(r[1] as number).toISOString(), subjectId: r[2], username: r[3], ip: r[4], deviceId: r[5], deviceName: r[6], osVersion: r[7], app: r[8], decision: r[9], reason: r[10] })}\n`;
        if (buf.length > 1 << 20) {
          out.write(buf);
          buf = '';
        }
      }
      out.end(buf, () => resolve());
    });
    const terms = [...users.slice(0, 3), ...apps.slice(0, 2), String(devices[0]).split(/[^A-Za-z0-9]+/)[0]!];
    const searchTimes: number[] = [];
    for (let rep = 0; rep < 10; rep++)
      for (const term of terms)
        searchTimes.push(time(() => logsPage(db, { filter: { text: `"${term}"` }, limit: 100 }))[0]);
    const grepTimes = terms.map((term) => {
      const [ms] = time(() => {
        try {
          execFileSync('grep', ['-i', '-c', '-F', term, ndjson], { maxBuffer: 1 << 20 });
        } catch {
          /* exit 1 = no match */
        }
      });
      return ms;
    });
    figures['logs.search_ms_p95'] = round(p95(searchTimes));
    figures['logs.grep_ms'] = round(median(grepTimes));
    figures['logs.search_vs_grep'] = round(
      (figures['logs.grep_ms'] as number) / (figures['logs.search_ms_p95'] as number),
      1,
    );
    figures['logs.search_terms'] = terms.join(' ');

    // 6. Hourly histogram over 30 days.
    const histTimes: number[] = [];
    for (let rep = 0; rep < 5; rep++)
      histTimes.push(
        time(() => logsHistogram(db, { from: iso(maxMs - 30 * day), to: iso(maxMs + 1) }, 'hour'))[0],
      );
    figures['logs.histogram_ms'] = round(median(histTimes));
    db.close();

    // 7. First rows in Chromium through the browser host, with the full cache.
    if (opts.ui) {
      const ui = await firstRows(core, log);
      Object.assign(figures, ui.figures);
      Object.assign(reasons, ui.reasons);
    } else {
      figures['ui.first_rows_ms'] = null;
      reasons['ui.first_rows_ms'] = 'skipped: --no-ui';
    }
    // issue 12: export bundle of a person with 100,000 events (its own cache, child processes).
    Object.assign(figures, await benchExport(100_000, log));
    await core.close();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  () => report(measured, opts, undefined),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    report(measured, opts, err instanceof Error ? err.message : err);
  },
);
