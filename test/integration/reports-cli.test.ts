// `zta-console report` over a real encrypted cache holding the hand-built year of
// test/helpers/report-fixtures.ts, run as a child process the way a script would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCacheDb } from '../../main/core/cache/open';
import { CacheDatabase } from '../../main/core/cache/store';
import { getReport, reportCsv } from '../../main/core/reports/reports';
import { CLI } from '../helpers/cli-process';
import { EXPECTED_CCPA_2025, EXPECTED_GDPR_2025, REPORT_FIXTURES } from '../helpers/report-fixtures';

const KEY = 'report-tests';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zta-report-'));
  const store = new CacheDatabase(
    openCacheDb({ path: join(dir, 'cache.sqlite'), key: { kind: 'passphrase', passphrase: KEY } }),
  );
  store.db.transaction(() =>
    store.applyItems(
      'requests',
      REPORT_FIXTURES.map((r, i) => ({ op: 'upsert' as const, seq: i + 1, data: r })),
    ),
  )();
  // The core read, in-process, before the CLI opens the same file.
  expect(getReport(store.db, { kind: 'ccpa-7102', year: 2025 }).report).toEqual(EXPECTED_CCPA_2025);
  const { fileName, csv } = reportCsv(getReport(store.db, { kind: 'gdpr', year: 2025 }));
  expect(fileName).toBe('gdpr-2025.csv');
  expect(csv.split('\r\n')[3]).toBe('Erasure (Art. 17),2,1,0,1,gdpr-17-3-b: 1,29,29,1');
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.db.close();
});

const cli = (args: string[], env: NodeJS.ProcessEnv = { ZTA_CACHE_PASSPHRASE: KEY }) =>
  spawnSync(process.execPath, [CLI, 'report', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ZTA_CACHE_PASSPHRASE: '', ...env },
  });

describe('zta-console report', () => {
  it('prints the §7102 table as {"year", "categories"} JSON with every field', () => {
    const r = cli(['--kind', 'ccpa-7102', '--year', '2025', '--data', dir, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['year', 'categories']);
    expect(Object.keys(out.categories as object)).toEqual(['know', 'delete', 'correct', 'optOut', 'limit']);
    for (const row of Object.values(out.categories as Record<string, object>))
      expect(Object.keys(row).sort()).toEqual(
        [
          'compliedInPart',
          'compliedInWhole',
          'deniedByReason',
          'denied',
          'meanDays',
          'medianDays',
          'received',
        ].sort(),
      );
    expect(out).toEqual(EXPECTED_CCPA_2025);
  }, 180_000);

  it('prints the GDPR report and writes the CSV', () => {
    const csvPath = join(dir, 'gdpr.csv');
    const r = cli(['--kind', 'gdpr', '--year', '2025', '--data', dir, '--json', '--csv', csvPath]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(EXPECTED_GDPR_2025);
    const lines = readFileSync(csvPath, 'utf8').split('\r\n');
    expect(lines[0]).toMatch(/^Right,Received,.*,Refused late$/);
    expect(lines).toHaveLength(8); // header, six rights, the empty tail after the last CRLF
  }, 180_000);

  it('prints a readable table without --json', () => {
    const r = cli(['--kind', 'ccpa-7102', '--year', '2025', '--data', dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/§7102/);
    expect(r.stdout).toMatch(/Requests to delete\s+received\s+4/);
    expect(r.stdout).toMatch(/ccpa-1798\.105-d-8 2/);
  }, 180_000);

  it('exits 2 on bad usage and 1 without a key, with the code on stderr', () => {
    const badKind = cli(['--kind', 'ccpa', '--year', '2025', '--data', dir]);
    expect(badKind.status).toBe(2);
    expect(badKind.stderr).toMatch(/--kind .*\[E_VALIDATION\]/);
    const badYear = cli(['--kind', 'gdpr', '--year', '25', '--data', dir]);
    expect(badYear.status).toBe(2);
    expect(badYear.stderr).toMatch(/--year .*\[E_VALIDATION\]/);
    const noKey = cli(['--kind', 'gdpr', '--year', '2025', '--data', dir], {});
    expect(noKey.status).toBe(1);
    expect(noKey.stderr).toMatch(/\[E_CACHE_KEY\]/);
  }, 180_000);
});
