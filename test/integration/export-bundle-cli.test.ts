// The CLI side of bundles: subjects, export (with a passphrase file) and verify-bundle.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Subject } from '../../shared/domain';
import { SEVEN_ZIP } from '../helpers/bundle-checks';
import { CLI } from '../helpers/cli-process';
import { seededBundleCache } from '../helpers/export-bundles';
import { EXPORT_TEST_KEY, upsertSubject } from '../helpers/export-cache';

const bundles = seededBundleCache();

describe('the CLI: subjects, export, verify-bundle', () => {
  const env = { ...process.env, ZTA_CACHE_PASSPHRASE: EXPORT_TEST_KEY.passphrase };
  const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env });

  it('subjects --json, export --passphrase-file (AES-256), verify-bundle with it; bad usage exits 2', () => {
    const { timezone: _tz, ...plain } = bundles.cache.org.subjects[1]!;
    upsertSubject(bundles.cache.store, {
      ...(plain as Subject),
      id: 'restricted-cli',
      restricted: true,
      restriction: { since: '2026-11-01T00:00:00.000Z', by: 'Some Admin', requestId: null },
    });
    bundles.cache.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const listed = cli(['subjects', '--data', bundles.cache.dir, '--search', '', '--limit', '50', '--json']);
    expect(listed.status, listed.stderr).toBe(0);
    const people = JSON.parse(listed.stdout) as {
      id: string;
      username: string;
      displayName: string;
      eventCount: number;
      restricted: boolean;
    }[];
    expect(Object.keys(people[0]!).sort()).toEqual([
      'displayName',
      'eventCount',
      'id',
      'restricted',
      'username',
    ]);
    const person = people.find((p) => !p.restricted && p.eventCount > 0)!;
    const dir = mkdtempSync(join(tmpdir(), 'zta-cli-'));
    const passFile = join(dir, 'pass.txt');
    writeFileSync(passFile, 'a long passphrase for the CLI\nsecond line ignored\n');
    const zip = join(dir, 'cli.zip');
    const made = cli([
      'export',
      '--data',
      bundles.cache.dir,
      '--subject',
      person.id,
      '--out',
      zip,
      '--passphrase-file',
      passFile,
    ]);
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain('AES-256 encrypted');
    expect(made.stderr).toMatch(/warning: .*sync/); // the seeded cache never synced
    expect(spawnSync(SEVEN_ZIP, ['t', '-pa long passphrase for the CLI', zip]).status).toBe(0);
    const ok = cli(['verify-bundle', zip, '--passphrase-file', passFile]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout.trim().split('\n')).toHaveLength(13); // the manifest + 12 files, one line each
    const noPass = cli(['verify-bundle', zip]);
    expect(noPass.status).toBe(1);
    expect(noPass.stderr).toMatch(/encrypted.*\[E_BUNDLE_INVALID\]/);
    expect(cli(['export', '--data', bundles.cache.dir, '--out', zip]).status).toBe(2);
    const refused = cli([
      'export',
      '--data',
      bundles.cache.dir,
      '--subject',
      'restricted-cli', // made restricted above (the file no longer shares the refusals tests' people)
      '--out',
      join(dir, 'r.zip'),
    ]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/\[E_RESTRICTED\]/);
  }, 400_000);
});
