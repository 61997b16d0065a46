// Bundle integrity: AES-256 encryption (7-Zip opens it with the passphrase only) and a tampered
// bundle failing verification with the file named.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyBundle } from '../../main/core/export/verify';
import { BundleManifest } from '../../shared/bundle-manifest';
import { SEVEN_ZIP, checkWith7z, tamper } from '../helpers/bundle-checks';
import { CLI } from '../helpers/cli-process';
import { seededBundleCache } from '../helpers/export-bundles';

const bundles = seededBundleCache();
const { build, subjects } = bundles;

describe('encryption (AES-256, WinZip AE-2)', () => {
  it('opens with 7-Zip with the passphrase and not without; the verifier needs it too', async () => {
    const person = subjects().find((s) => !s.restricted && s.eventCount > 0)!;
    const pass = 'correct horse battery staple 42';
    const b = await build(person.id, 'encrypted.zip', { passphrase: pass });
    expect(b.encrypted).toBe(true);
    const listing = execFileSync(SEVEN_ZIP, ['l', '-slt', `-p${pass}`, b.path]).toString();
    expect(listing).toMatch(/Method = AES-256 Deflate/);
    expect(listing).toMatch(/Encrypted = \+/);
    expect(spawnSync(SEVEN_ZIP, ['t', `-p${pass}`, b.path]).status).toBe(0);
    expect(spawnSync(SEVEN_ZIP, ['t', '-pnot-the-passphrase', b.path]).status).not.toBe(0);
    expect(
      spawnSync(SEVEN_ZIP, ['x', '-y', '-p', `-o${mkdtempSync(join(tmpdir(), 'zta-7z-'))}`, b.path]).status,
    ).not.toBe(0);
    checkWith7z(b.path, pass);
    expect((await verifyBundle(b.path, pass)).ok).toBe(true);
    await expect(verifyBundle(b.path)).rejects.toMatchObject({
      code: 'E_BUNDLE_INVALID',
      message: /encrypted/,
    });
    await expect(verifyBundle(b.path, 'wrong wrong wrong')).rejects.toMatchObject({
      code: 'E_BUNDLE_INVALID',
    });
  });
});

/** A copy of the bundle with one file's content changed (the manifest left as it was). */

describe('a tampered bundle', () => {
  it('fails verification naming the file (library and CLI)', async () => {
    const person = subjects().find((s) => !s.restricted && s.eventCount > 2)!;
    const b = await build(person.id, 'original.zip');
    const bad = join(bundles.out, 'tampered.zip');
    await tamper(b.path, bad, 'access-events.csv', (t) => t.replace(/allow/, 'deny!'));
    const report = await verifyBundle(bad);
    expect(report.ok).toBe(false);
    expect(report.files.filter((f) => !f.ok).map((f) => f.path)).toEqual(['access-events.csv']);
    expect(report.files.find((f) => f.path === 'access-events.csv')!.problems.join()).toMatch(
      /SHA-256 mismatch/,
    );

    const cli = spawnSync(process.execPath, [CLI, 'verify-bundle', bad], { encoding: 'utf8' });
    expect(cli.status).toBe(1);
    expect(cli.stdout).toMatch(/^FAIL access-events\.csv: SHA-256 mismatch/m);
    expect(cli.stdout).toMatch(/^OK {3}access-events\.ndjson/m);
    expect(cli.stderr).toMatch(/does not verify: access-events\.csv\. \[E_BUNDLE_INVALID\]/);

    // A row count that lies (manifest edited) is caught too, naming the file.
    const lying = join(bundles.out, 'lying.zip');
    await tamper(b.path, lying, 'manifest.json', (t) => {
      const m = JSON.parse(t) as BundleManifest;
      m.files.find((f) => f.path === 'devices.json')!.rows! += 1;
      return JSON.stringify(m);
    });
    const r2 = await verifyBundle(lying);
    expect(r2.files.filter((f) => !f.ok).map((f) => [f.path, f.problems.join()])).toEqual([
      ['devices.json', expect.stringMatching(/row count mismatch/) as string],
    ]);
    // A manifest that breaks the published schema fails as the manifest.
    const invalid = join(bundles.out, 'invalid.zip');
    await tamper(b.path, invalid, 'manifest.json', (t) =>
      JSON.stringify({ ...JSON.parse(t), formatVersion: 99 }),
    );
    const r3 = await verifyBundle(invalid);
    expect(r3.manifest.ok).toBe(false);
    expect(r3.manifest.problems.join()).toMatch(/formatVersion/);
  });
});
