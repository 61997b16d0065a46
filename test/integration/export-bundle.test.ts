// Export bundles built from a seeded encrypted cache, checked by the project's verifier AND
// independently by 7-Zip (p7zip-full) with every SHA-256 recomputed here; encryption, tampering,
// Art. 15(4), refusals, cancel and a full disk.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { openAsBlob } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobReader, BlobWriter, ZipReader, ZipWriter, type FileEntry } from '@zip.js/zip.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../main/core/export/bundle';
import { verifyBundle } from '../../main/core/export/verify';
import { listSubjects } from '../../main/core/cache/subjects';
import {
  listExports,
  purgeExpiredExports,
  purgeSubjectExports,
  recordExport,
} from '../../main/core/export/registry';
import { bundleManifestJsonSchema, BundleManifest } from '../../shared/bundle-manifest';
import { DEMO_DISCLOSURES } from '../../shared/demo-disclosures';
import type { PrivacyRequest, RequestEventKind, Subject } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { CLI } from '../helpers/cli-process';
import {
  EXPORT_TEST_KEY,
  markCaughtUp,
  seededCache,
  upsertRequest,
  upsertSubject,
  type SeededCache,
} from '../helpers/export-cache';

const SEVEN_ZIP = '7z';
const GEN = { name: 'ZTA Privacy Console', version: 'test' };
let cache: SeededCache;
let out: string;

beforeAll(() => {
  const has7z = spawnSync('sh', ['-c', 'command -v 7z']).status === 0;
  if (!has7z) throw new Error('7z (p7zip-full) is required: apt-get install p7zip-full');
  cache = seededCache({ users: 12, events: 4000, seed: 7 });
  out = mkdtempSync(join(tmpdir(), 'zta-bundles-'));
}, 120_000);
afterAll(() => cache?.store.db.close());

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const build = (subjectId: string, name: string, extra: Partial<Parameters<typeof buildBundle>[1]> = {}) =>
  buildBundle(cache.store.db, {
    subjectId,
    outPath: join(out, name),
    disclosures: DEMO_DISCLOSURES,
    generator: GEN,
    ...extra,
  });

function extractWith7z(zip: string, password?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'zta-7z-'));
  execFileSync(SEVEN_ZIP, ['x', '-y', `-o${dir}`, `-p${password ?? ''}`, zip], { stdio: 'pipe' });
  return dir;
}

/** Independent check: every file extracted by 7-Zip matches the manifest, recomputed here. */
function checkWith7z(zip: string, password?: string): { manifest: BundleManifest; dir: string } {
  const dir = extractWith7z(zip, password);
  const manifest = BundleManifest.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
  expect(readdirSync(dir).sort()).toEqual([...manifest.files.map((f) => f.path), 'manifest.json'].sort());
  for (const f of manifest.files) {
    const bytes = readFileSync(join(dir, f.path));
    expect(sha256(bytes), f.path).toBe(f.sha256);
    expect(bytes.length, f.path).toBe(f.bytes);
    const text = bytes.toString('utf8');
    if (f.path.endsWith('.ndjson')) expect(text.split('\n').filter(Boolean).length, f.path).toBe(f.rows);
    if (f.path.endsWith('.json')) {
      const v = JSON.parse(text) as unknown;
      expect(Array.isArray(v) ? v.length : 1, f.path).toBe(f.rows);
    }
  }
  return { manifest, dir };
}

const subjects = () =>
  listSubjects(cache.store.db, '', 100).map((s) => ({ ...s, eventCount: s.eventCount ?? 0 }));

describe('export bundles of seeded people', () => {
  it("verify with the project's verifier and with 7-Zip, every SHA-256 recomputed; complete", async () => {
    const people = subjects()
      .filter((s) => !s.restricted)
      .sort((a, b) => b.eventCount - a.eventCount)
      .slice(0, 3);
    expect(people.length).toBe(3);
    for (const [i, p] of people.entries()) {
      const b = await build(p.id, `seeded-${i}.zip`);
      const report = await verifyBundle(b.path);
      expect(report.ok, JSON.stringify(report)).toBe(true);
      expect(report.files.map((f) => f.path)).toEqual(b.manifest.files.map((f) => f.path));
      const { manifest, dir } = checkWith7z(b.path);
      const events = manifest.files.find((f) => f.path === 'access-events.ndjson')!;
      expect(events.rows).toBe(p.eventCount);
      expect(manifest.files.find((f) => f.path === 'access-events.csv')!.rows).toBe(p.eventCount);
      const lines = readFileSync(join(dir, 'access-events.ndjson'), 'utf8').trim().split('\n');
      const times = lines.map((l) => (JSON.parse(l) as { time: string }).time);
      expect([...times].sort()).toEqual(times); // time order
      // The CSV has a header row and one record per event (no field holds a line break here).
      const csv = readFileSync(join(dir, 'access-events.csv'), 'utf8');
      expect(
        csv.startsWith('time,id,username,ip,device_id,device_name,os_version,app,decision,reason,flags\r\n'),
      ).toBe(true);
      expect(csv.split('\r\n').filter(Boolean).length).toBe(p.eventCount + 1);
      // Disclosures required by Art. 15(1)/(2) and 1798.110 are in the manifest.
      expect(manifest.disclosures.transfers[0]!.country).toBe('United States');
      expect(manifest.disclosures.retention).toMatch(/deleted shortly/);
      expect(manifest.disclosures.categories.map((c) => c.category)).toContain(
        'Device and online identifier information',
      );
    }
  }, 120_000);

  it('index.html has no script and no remote resource; data is escaped; CSV cells are neutralised', async () => {
    const base = cache.org.subjects.find((s) => !s.restricted)!;
    const { timezone: _tz, ...plain } = base;
    const hostile: Subject = {
      ...(plain as Subject),
      id: 'hostile-1',
      username: 'hostile.user',
      email: 'hostile@example.test',
      displayName: `<script>alert(1)</script><img src="https://evil.example/x.png">`,
      department: `=cmd|' /C calc'!A0`,
      employeeId: 'x;=1+1',
      restricted: false,
      restriction: null,
      devices: [],
    };
    upsertSubject(cache.store, hostile);
    const b = await build(hostile.id, 'hostile.zip');
    const { dir } = checkWith7z(b.path);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(img|link|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/<[^>]*\b(src|href|action|srcset)\s*=/i);
    expect(html).toContain(`default-src 'none'`);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const profile = readFileSync(join(dir, 'profile.csv'), 'utf8');
    expect(profile).toContain(`"'=cmd|' /C calc'!A0"`);
    expect(profile).toContain(`"x;'=1+1"`);
    // The JSON keeps the value exactly.
    expect(JSON.parse(readFileSync(join(dir, 'profile.json'), 'utf8')).department).toBe(`=cmd|' /C calc'!A0`);
  });
});

describe('other people stay out (Art. 15(4))', () => {
  it('no other person, no admin name, notes only when marked for the person', async () => {
    const person = subjects().find((s) => !s.restricted && s.eventCount > 0)!;
    const req: PrivacyRequest = {
      id: 'req-art15-4',
      subjectId: person.id,
      type: 'access',
      jurisdiction: 'gdpr',
      status: 'approved',
      channel: 'email',
      receivedOn: '2026-11-01',
      version: 3,
      assignee: 'Priya Adminname',
      viaAgent: false,
      extended: false,
      legalHold: false,
      summary: 'Internal: colleague Bob Otherperson complained about this user',
      updatedAt: '2026-11-02T10:00:00.000Z',
      respondedOn: '2026-11-02',
      response: 'approved',
      denialBasis: null,
      acknowledgedOn: null,
      acknowledgedVia: null,
      refusedLate: false,
    };
    const ev = (
      id: string,
      kind: RequestEventKind,
      detail: Record<string, unknown>,
      actor = 'Priya Adminname',
    ) => ({
      id,
      requestId: req.id,
      at: `2026-11-02T10:00:0${id.slice(-1)}.000Z`,
      actor,
      kind,
      detail,
    });
    upsertRequest(cache.store, req, [
      ev('h1', 'received', {}, 'system'),
      ev('h2', 'verified', { matched: ['email', 'employee_id'] }),
      ev('h3', 'note', { text: 'Internal: spoke to Bob Otherperson in HR' }),
      ev('h4', 'note', { text: 'Your data is attached; contact us with questions.', forSubject: true }),
      ev('h5', 'decided', { decision: 'approved', note: 'approved after call with manager Carol Third' }),
    ]);
    const b = await build(person.id, 'art15-4.zip', { requestId: req.id });
    expect(b.manifest.request).toEqual({
      id: req.id,
      type: 'access',
      jurisdiction: 'gdpr',
      receivedOn: '2026-11-01',
    });
    const { dir } = checkWith7z(b.path);
    const all = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    for (const other of cache.org.subjects.filter((s) => s.id !== person.id)) {
      expect(all).not.toContain(other.email);
      expect(all).not.toContain(`"${other.username}"`);
      expect(all).not.toContain(other.id);
    }
    for (const admin of cache.org.admins) expect(all).not.toContain(admin.name);
    for (const secret of ['Priya Adminname', 'Bob Otherperson', 'Carol Third', 'Internal:'])
      expect(all).not.toContain(secret);
    expect(all).toContain('Your data is attached; contact us with questions.');
    const history = JSON.parse(readFileSync(join(dir, 'request-history.json'), 'utf8')) as {
      requestId: string;
      actor: string;
      kind: string;
    }[];
    expect(new Set(history.map((h) => h.actor))).toEqual(new Set(['system', 'administrator']));
    // The person may have other (seeded) requests too; this one's history, notes for them only:
    const mine = history.filter((h) => h.requestId === req.id);
    expect(mine.map((h) => h.kind)).toEqual(['received', 'verified', 'note', 'note', 'decided']);
  });
});

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
async function tamper(
  src: string,
  dst: string,
  victim: string,
  edit: (text: string) => string,
): Promise<void> {
  const reader = new ZipReader(new BlobReader(await openAsBlob(src)));
  const writer = new ZipWriter(new BlobWriter('application/zip'));
  for (const e of (await reader.getEntries()) as FileEntry[]) {
    let data = await e.getData(new BlobWriter());
    if (e.filename === victim) data = new Blob([edit(await data.text())]);
    await writer.add(e.filename, new BlobReader(data));
  }
  await reader.close();
  writeFileSync(dst, Buffer.from(await (await writer.close()).arrayBuffer()));
}

describe('a tampered bundle', () => {
  it('fails verification naming the file (library and CLI)', async () => {
    const person = subjects().find((s) => !s.restricted && s.eventCount > 2)!;
    const b = await build(person.id, 'original.zip');
    const bad = join(out, 'tampered.zip');
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
    const lying = join(out, 'lying.zip');
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
    const invalid = join(out, 'invalid.zip');
    await tamper(b.path, invalid, 'manifest.json', (t) =>
      JSON.stringify({ ...JSON.parse(t), formatVersion: 99 }),
    );
    const r3 = await verifyBundle(invalid);
    expect(r3.manifest.ok).toBe(false);
    expect(r3.manifest.problems.join()).toMatch(/formatVersion/);
  });
});

describe('not caught up, refusals, cancel, full disk', () => {
  it('an export when the cache is not caught up warns and records the watermark', async () => {
    const fresh = seededCache({ users: 4, events: 200, seed: 3 });
    const id = listSubjects(fresh.store.db, '', 10).find((s) => !s.restricted)!.id;
    const opts = { subjectId: id, disclosures: DEMO_DISCLOSURES, generator: GEN };
    const stale = await buildBundle(fresh.store.db, { ...opts, outPath: join(fresh.dir, 'stale.zip') });
    expect(stale.manifest.dataAsOf.caughtUp).toBe(false);
    expect(stale.warnings.join()).toMatch(/never completed a sync/);
    expect(stale.manifest.warnings).toEqual(stale.warnings);
    markCaughtUp(fresh.store, new Date());
    const ok = await buildBundle(fresh.store.db, { ...opts, outPath: join(fresh.dir, 'ok.zip') });
    expect(ok.manifest.dataAsOf.caughtUp).toBe(true);
    expect(ok.warnings).toEqual([]);
    expect(ok.manifest.dataAsOf.streams.map((s) => [s.stream, s.cursor])).toEqual([
      ['access_events', 1000],
      ['request_events', 1000],
      ['requests', 1000],
      ['subjects', 1000],
    ]);
    markCaughtUp(fresh.store, new Date(Date.now() - 3 * 86_400_000));
    const old = await buildBundle(fresh.store.db, { ...opts, outPath: join(fresh.dir, 'old.zip') });
    expect(old.manifest.dataAsOf.caughtUp).toBe(false);
    expect(old.warnings.join()).toMatch(/not caught up/);
    fresh.store.db.close();
  });

  it('refuses a restricted or an erased person, with the reason, writing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zta-refused-'));
    const base = cache.org.subjects[0]!;
    const { timezone: _tz, ...plain } = base;
    upsertSubject(cache.store, {
      ...(plain as Subject),
      id: 'restricted-1',
      restricted: true,
      restriction: { since: '2026-11-01T00:00:00.000Z', by: 'Some Admin', requestId: null },
    });
    await expect(
      buildBundle(cache.store.db, {
        subjectId: 'restricted-1',
        outPath: join(dir, 'r.zip'),
        disclosures: DEMO_DISCLOSURES,
        generator: GEN,
      }),
    ).rejects.toMatchObject({ code: 'E_RESTRICTED', message: /Art\. 18/ });
    upsertRequest(cache.store, {
      id: 'erasure-done',
      subjectId: 'erased-1',
      type: 'erasure',
      jurisdiction: 'gdpr',
      status: 'completed',
      channel: 'email',
      receivedOn: '2026-10-01',
      version: 4,
      assignee: null,
      viaAgent: false,
      extended: false,
      legalHold: false,
      summary: '',
      updatedAt: '2026-10-05T00:00:00.000Z',
      respondedOn: '2026-10-02',
      response: 'approved',
      denialBasis: null,
      acknowledgedOn: null,
      acknowledgedVia: null,
      refusedLate: false,
    });
    await expect(
      buildBundle(cache.store.db, {
        subjectId: 'erased-1',
        outPath: join(dir, 'e.zip'),
        disclosures: DEMO_DISCLOSURES,
        generator: GEN,
      }),
    ).rejects.toMatchObject({ code: 'E_ERASED', message: /erased \(request erasure-done\)/ });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a cancel leaves no partial file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zta-cancel-'));
    const person = subjects().sort((a, b) => b.eventCount - a.eventCount)[0]!;
    const controller = new AbortController();
    let progressed = 0;
    const p = buildBundle(cache.store.db, {
      subjectId: person.id,
      outPath: join(dir, 'c.zip'),
      disclosures: DEMO_DISCLOSURES,
      generator: GEN,
      signal: controller.signal,
      onProgress: () => {
        progressed++;
        controller.abort();
      },
    });
    setImmediate(() => controller.abort());
    await expect(p).rejects.toBeInstanceOf(AppError);
    await expect(p).rejects.toMatchObject({ code: 'E_EXPORT_CANCELLED' });
    expect(readdirSync(dir)).toEqual([]);
    void progressed;
  });

  it('a full disk (file size limit) leaves no partial file; the CLI says E_EXPORT_WRITE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zta-full-'));
    const person = subjects().sort((a, b) => b.eventCount - a.eventCount)[0]!;
    cache.store.db.pragma('wal_checkpoint(TRUNCATE)');
    // RLIMIT_FSIZE of 16 KiB with SIGXFSZ ignored: writes past it fail with EFBIG, as on a full disk.
    const r = spawnSync(
      'sh',
      [
        '-c',
        `trap '' XFSZ; ulimit -f 32; exec "$0" "$@"`,
        process.execPath,
        CLI,
        'export',
        '--data',
        cache.dir,
        '--subject',
        person.id,
        '--out',
        join(dir, 'full.zip'),
      ],
      { encoding: 'utf8', env: { ...process.env, ZTA_CACHE_PASSPHRASE: EXPORT_TEST_KEY.passphrase } },
    );
    expect(r.stderr).toMatch(/\[E_EXPORT_WRITE\]/);
    expect(r.status).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);
});

describe('the CLI: subjects, export, verify-bundle', () => {
  const env = { ...process.env, ZTA_CACHE_PASSPHRASE: EXPORT_TEST_KEY.passphrase };
  const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env });

  it('subjects --json, export --passphrase-file (AES-256), verify-bundle with it; bad usage exits 2', () => {
    const { timezone: _tz, ...plain } = cache.org.subjects[1]!;
    upsertSubject(cache.store, {
      ...(plain as Subject),
      id: 'restricted-cli',
      restricted: true,
      restriction: { since: '2026-11-01T00:00:00.000Z', by: 'Some Admin', requestId: null },
    });
    cache.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const listed = cli(['subjects', '--data', cache.dir, '--search', '', '--limit', '50', '--json']);
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
      cache.dir,
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
    expect(cli(['export', '--data', cache.dir, '--out', zip]).status).toBe(2);
    const refused = cli([
      'export',
      '--data',
      cache.dir,
      '--subject',
      'restricted-1',
      '--out',
      join(dir, 'r.zip'),
    ]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/\[E_RESTRICTED\]/);
  }, 400_000);
});

describe('registry', () => {
  it("erasure's cleaner removes the person's kept bundles and rows; retention removes old ones", async () => {
    const db = cache.store.db;
    const dir = mkdtempSync(join(tmpdir(), 'zta-registry-'));
    const people = subjects()
      .filter((s) => !s.restricted)
      .slice(0, 2);
    const made = [];
    for (const [i, p] of people.entries()) {
      const b = await build(p.id, `../${dir.split('/').pop()}/r${i}.zip`);
      made.push(
        recordExport(db, {
          id: `rec-${i}`,
          subjectId: p.id,
          requestId: null,
          path: b.path,
          createdAt: i === 0 ? new Date().toISOString() : '2020-01-01T00:00:00.000Z',
          bytes: b.bytes,
          sha256: b.sha256,
          encrypted: false,
          caughtUp: false,
          dataAsOf: b.manifest.dataAsOf,
        }),
      );
    }
    expect(readdirSync(dir).sort()).toEqual(['r0.zip', 'r1.zip']);
    expect(purgeExpiredExports(db, 90)).toBeGreaterThanOrEqual(1);
    expect(readdirSync(dir)).toEqual(['r0.zip']);
    expect(listExports(db).map((r) => r.id)).not.toContain('rec-1');
    // Every kept bundle of the person goes (the CLI test may have made one more of them).
    expect(purgeSubjectExports(db, people[0]!.id)).toBeGreaterThanOrEqual(1);
    expect(listExports(db).filter((r) => r.subjectId === people[0]!.id)).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
    expect(listExports(db).filter((r) => r.id.startsWith('rec-'))).toEqual([]);
  });
});

describe('the published manifest schema', () => {
  it('docs/bundle-manifest.schema.json is the schema generated from shared/bundle-manifest.ts (npm run schema)', () => {
    const published = JSON.parse(
      readFileSync(new URL('../../docs/bundle-manifest.schema.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(published).toEqual(bundleManifestJsonSchema());
  });
});
