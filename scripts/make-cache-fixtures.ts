// Writes test/fixtures/cache-vN.db: one small encrypted cache per shipped schema version N, built
// with the frozen migrations 1…N (test/unit/core-migrations-frozen.test.ts holds their SQL) and a
// few rows written with the columns version N had. test/unit/cache-upgrade.test.ts opens each with
// today's code: the upgrade is tested from the files an older console left, not from today's
// schema. Run it once when a migration ships (`npx tsx scripts/make-cache-fixtures.ts`) and commit
// the new file; never regenerate an older one (it stands for caches already on people's machines).
// Fixtures from schema 10 on are Argon2id-keyed: commit their cache-vN.kdf.json (the salt) too.
//   tsx scripts/make-cache-fixtures.ts [--only N] [--force]
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateOrg } from '../backend/seed/generator';
import { kdfPath } from '../main/core/cache/kdf';
import { openCacheDb } from '../main/core/cache/open';
import { MIGRATIONS } from '../main/core/cache/migrations';

/** The key every fixture is encrypted with (test data only). */
export const FIXTURE_KEY = { kind: 'passphrase' as const, passphrase: 'cache-fixture-key' };
export const fixturePath = (version: number) =>
  fileURLToPath(new URL(`../test/fixtures/cache-v${version}.db`, import.meta.url));

/** What every fixture holds, whatever its version: the rows an upgrade must keep. */
export function fixtureRows() {
  const org = generateOrg({ users: 3, events: 0, seed: 42, now: new Date('2026-06-01T12:00:00Z') });
  const subjects = org.subjects.slice(0, 2).map(({ timezone: _tz, ...s }) => s);
  const requests = org.requests.filter((r) => subjects.some((s) => s.id === r.subjectId)).slice(0, 2);
  const requestEvents = org.requestEvents.filter((e) => requests.some((r) => r.id === e.requestId));
  const settings = {
    'sync.lastSyncedAt': '2026-06-01T11:00:00.000Z',
    'fixture.note': 'kept across upgrades',
  };
  return { subjects, requests, requestEvents, settings };
}

/** Builds version `version`'s fixture at `path` (replacing it). */
export function writeFixture(version: number, path: string): void {
  const migrations = MIGRATIONS.filter((m) => m.version <= version);
  rmSync(path, { force: true });
  rmSync(kdfPath(path), { force: true });
  const db = openCacheDb({ path, key: FIXTURE_KEY, migrations });
  const { subjects, requests, requestEvents, settings } = fixtureRows();
  db.transaction(() => {
    // Version 1's columns: no later migration changed these tables' stored columns.
    const subject = db.prepare(
      'INSERT INTO subjects (id, username, email, display_name, data, seq) VALUES (?, ?, ?, ?, ?, ?)',
    );
    subjects.forEach((s, i) =>
      subject.run(s.id, s.username, s.email, s.displayName, JSON.stringify(s), i + 1),
    );
    const request = db.prepare(
      `INSERT INTO requests (id, data, status, type, jurisdiction, subject_id, version, seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    requests.forEach((r, i) =>
      request.run(r.id, JSON.stringify(r), r.status, r.type, r.jurisdiction, r.subjectId, r.version, 100 + i),
    );
    const event = db.prepare(
      'INSERT INTO request_events (id, request_id, at, data, seq) VALUES (?, ?, ?, ?, ?)',
    );
    requestEvents.forEach((e, i) => event.run(e.id, e.requestId, e.at, JSON.stringify(e), 200 + i));
    const setting = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    for (const [k, v] of Object.entries(settings)) setting.run(k, v);
    db.prepare('INSERT INTO sync_state (stream, cursor, epoch, last_synced_at) VALUES (?, ?, ?, ?)').run(
      'subjects',
      2,
      'fixture-epoch',
      settings['sync.lastSyncedAt'],
    );
    if (version >= 2) {
      // Version 2's outbox: one action still waiting to be pushed (it must never be lost).
      const r = requests[0]!;
      const action = { id: '01970000-0000-7000-8000-000000000001', kind: 'request.note', requestId: r.id };
      db.prepare(
        `INSERT INTO outbox (id, kind, request_id, action, queued_at, status) VALUES (?, ?, ?, ?, ?, 'pending')`,
      ).run(action.id, action.kind, r.id, JSON.stringify(action), '2026-06-01T11:30:00.000Z');
    }
  })();
  // One small self-contained file: no -wal beside it, no free pages.
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
  db.exec('VACUUM');
  db.close();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const only = process.argv.includes('--only')
    ? Number(process.argv[process.argv.indexOf('--only') + 1])
    : null;
  const force = process.argv.includes('--force');
  mkdirSync(fileURLToPath(new URL('../test/fixtures/', import.meta.url)), { recursive: true });
  for (const { version } of MIGRATIONS) {
    if (only !== null && version !== only) continue;
    const path = fixturePath(version);
    if (existsSync(path) && !force) {
      process.stdout.write(`kept   ${path} (an older console's file: --force to rebuild)\n`);
      continue;
    }
    writeFixture(version, path);
    process.stdout.write(`wrote  ${path}\n`);
  }
}
