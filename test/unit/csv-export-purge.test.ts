// The hourly/after-sync purge of sealed CSV exports must not pull a file out from under an export
// that is still being written (CI once hung on exactly that: a sync finished mid-export).
import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_KEEP_MS, purgeCsvExports } from '../../main/core/cache/csv';

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'zta-csv-purge-'));
}

function file(dir: string, name: string, ageMs: number, now: number): void {
  const path = join(dir, name);
  writeFileSync(path, 'x');
  const t = (now - ageMs) / 1000;
  utimesSync(path, t, t);
}

describe('purgeCsvExports', () => {
  const now = Date.now();

  it('keeps an export being written and a fresh sealed file; removes what waited too long', () => {
    const dir = folder();
    file(dir, 'access-events-a.csv.part', 1_000, now);
    file(dir, 'access-events-b.csv', 1_000, now);
    file(dir, 'access-events-c.csv', EXPORT_KEEP_MS + 1_000, now);
    file(dir, 'access-events-d.csv.part', EXPORT_KEEP_MS + 1_000, now);
    file(dir, 'bundle-keep.zip', EXPORT_KEEP_MS * 10, now);
    expect(purgeCsvExports(dir, EXPORT_KEEP_MS, now)).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['access-events-a.csv.part', 'access-events-b.csv', 'bundle-keep.zip']);
  });

  it('at start-up (keep 0) removes every sealed export and partial file: their keys are gone', () => {
    const dir = folder();
    file(dir, 'access-events-a.csv.part', 0, now);
    file(dir, 'access-events-b.csv', 0, now);
    expect(purgeCsvExports(dir, 0, now)).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a missing folder is nothing to purge', () => {
    expect(purgeCsvExports(join(folder(), 'absent'))).toBe(0);
  });
});
