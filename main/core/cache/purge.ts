// The console's purge of an erased person (issue 11, docs/ARCHITECTURE.md §8). The backend's erasure
// reaches the cache as tombstones (a deleted subject) or as the request's `erased` history
// entry; applying either queues the person here (purge_queue, with the identifiers to look
// for) — and so does an anonymised profile's upsert, with the identifiers it replaces — and
// after the sync run — after a bootstrap has finished, so nothing it loaded survives — each
// queued person is purged. Devices a profile's upsert removes (a policy that keeps the profile
// but deletes the devices: no token marks that upsert) are held apart until the sync run shows
// whether the person was erased — merged into their entry if so, dropped at the run's end if not.
// Each queued person is purged:
//   1. ONE transaction with secure_delete on (SQLite's, and FTS5's own for its index): their event
//      rows and contexts (the FTS5 index follows by trigger, then is optimised), flag state,
//      subject row, saved views that name them, their values in the outbox and conflicts
//      (outbox/erasure-scrub.ts), hooks registered by other modules (export bundles), and a
//      deletion-journal row for each data-folder file that holds their data;
//   2. a WAL checkpoint with TRUNCATE, so no copy of a freed page stays in the WAL;
//   3. the journaled files are unlinked and their journal rows removed. A crash between 1 and 3
//      is resumed by resumeDeletionJournal when the cache is next opened.
import { readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { Subject } from '../../../shared/domain';
import { CACHE_FILE } from './open';
import { isAnonymisedValue } from '../../../shared/erasure';
import { scrubOutboxOf } from '../outbox/erasure-scrub';
import { listReceipts } from './erasures';

/** Runs inside the purge's transaction: remove the person's rows a module keeps, journal files. */
export type SubjectPurgeHook = (db: Database, subjectId: string) => void;

const hooks = new Set<SubjectPurgeHook>();

/** Registers a per-subject cleaner (e.g. export bundles); returns the unregister function. */
export function registerSubjectPurgeHook(hook: SubjectPurgeHook): () => void {
  hooks.add(hook);
  return () => {
    hooks.delete(hook);
  };
}

/** Files of the data folder the purge never scans or removes: the cache itself and its key. */
const OWN_FILES = new Set([
  CACHE_FILE,
  `${CACHE_FILE}-wal`,
  `${CACHE_FILE}-shm`,
  `${CACHE_FILE}-journal`,
  'cache.key',
]);

/** Queues `path` (relative to the data folder) for removal once the purge has committed. */
export function journalFileDeletion(db: Database, path: string, subjectId: string): void {
  db.prepare(
    `INSERT INTO deletion_journal (path, subject_id, queued_at) VALUES (?, ?, ?)
     ON CONFLICT(path) DO NOTHING`,
  ).run(path, subjectId, new Date().toISOString());
}

/**
 * The identifiers of a cached person (what their data is recognised by elsewhere). Anonymised
 * tokens are not theirs: the events re-sent under a token stay (countable, not linkable).
 */
export function identifiersOfSubject(s: Subject): string[] {
  const terms = [s.id, s.username, s.email, s.displayName, ...deviceIdentifiers(s)];
  if (s.employeeId) terms.push(s.employeeId);
  return usableTerms(terms);
}

function deviceIdentifiers(s: Subject): string[] {
  return s.devices.flatMap((d) => [d.id, d.name]);
}

/** Very short values (a one-letter display name) would match everywhere: ids cover them. */
function usableTerms(terms: readonly string[]): string[] {
  return [...new Set(terms.filter((t) => t.trim().length >= 4 && !isAnonymisedValue(t)))];
}

function cachedSubject(db: Database, subjectId: string): Subject | null {
  const row = db.prepare('SELECT data FROM subjects WHERE id = ?').get(subjectId) as
    { data: string } | undefined;
  const parsed = row ? Subject.safeParse(JSON.parse(row.data)) : null;
  return parsed?.success ? parsed.data : null;
}

/** Whether a profile carries an anonymisation's tokens (the policy anonymised it or its devices). */
export function isAnonymisedSubject(s: Subject): boolean {
  return [s.username, s.email, s.displayName, ...s.devices.flatMap((d) => [d.id, d.name])].some(
    isAnonymisedValue,
  );
}

/** Adds `terms` to the person's queue entry (one entry per person, terms merged). */
function queuePurgeTerms(db: Database, subjectId: string, terms: readonly string[]): void {
  const previous = db.prepare('SELECT terms FROM purge_queue WHERE subject_id = ?').get(subjectId) as
    { terms: string } | undefined;
  const merged = [...new Set([...(previous ? (JSON.parse(previous.terms) as string[]) : []), ...terms])];
  db.prepare(
    `INSERT INTO purge_queue (subject_id, terms, queued_at) VALUES (?, ?, ?)
     ON CONFLICT(subject_id) DO UPDATE SET terms = excluded.terms`,
  ).run(subjectId, JSON.stringify(merged), new Date().toISOString());
}

/**
 * Queues an erased person's purge (call inside the page's transaction, BEFORE the subject row
 * is deleted: its identifiers are kept with the queue entry until the purge has run).
 */
export function queueSubjectPurge(db: Database, subjectId: string): void {
  const subject = cachedSubject(db, subjectId);
  const held = takeHeldDevices(db, subjectId);
  const known =
    subject !== null ||
    held.length > 0 ||
    db.prepare('SELECT 1 FROM event_contexts WHERE subject_id = ? LIMIT 1').get(subjectId) !== undefined ||
    db.prepare('SELECT 1 FROM flag_state WHERE subject_id = ?').get(subjectId) !== undefined;
  if (!known) return; // nothing of them was ever cached here (a console bootstrapping later)
  queuePurgeTerms(db, subjectId, [...(subject ? identifiersOfSubject(subject) : [subjectId]), ...held]);
}

/**
 * Held entries share the purge queue under this key prefix (a subject id is a UUID, so no entry
 * of a person can collide); they are never purged as such (pendingPurges, runPendingPurges).
 */
const HELD_DEVICES = 'held-devices:';
const NOT_HELD = `subject_id NOT LIKE '${HELD_DEVICES}%'`;

/**
 * An upsert about to remove devices from a cached person (call in the page's transaction, before
 * the row is overwritten). Under a policy that keeps the profile and deletes the devices, this
 * upsert is the erasure's — yet it carries no token, and the `erased` entry saying so comes later
 * in the run (requests are pulled after subjects) or came in an earlier run. So the removed
 * device ids and names are queued for the person's purge when their receipt is already here, and
 * otherwise held until queueSubjectPurge takes them or the run ends (dropHeldDeviceRemovals).
 */
export function captureRemovedDevices(db: Database, next: Subject): void {
  if (isAnonymisedSubject(next)) return; // captureAnonymisedIdentifiers queued all it replaces
  const previous = cachedSubject(db, next.id);
  if (!previous) return;
  const kept = new Set(deviceIdentifiers(next));
  const removed = usableTerms(deviceIdentifiers(previous).filter((t) => !kept.has(t)));
  if (removed.length === 0) return;
  if (listReceipts(db).some((r) => r.subjectId === next.id))
    queuePurgeTerms(db, next.id, [next.id, ...removed]);
  else queuePurgeTerms(db, HELD_DEVICES + next.id, removed);
}

/** The device identifiers held for `subjectId`, removed from the hold. */
function takeHeldDevices(db: Database, subjectId: string): string[] {
  const row = db
    .prepare('SELECT terms FROM purge_queue WHERE subject_id = ?')
    .get(HELD_DEVICES + subjectId) as { terms: string } | undefined;
  if (!row) return [];
  db.prepare('DELETE FROM purge_queue WHERE subject_id = ?').run(HELD_DEVICES + subjectId);
  return JSON.parse(row.terms) as string[];
}

/**
 * After a COMPLETE sync run (every stream caught up): an erasure's `erased` entry is committed
 * with its profile upsert, so a device removal still held belongs to a person not erased — an
 * ordinary removal, forgotten. Not called after an interrupted run, nor when the cache opens.
 */
export function dropHeldDeviceRemovals(db: Database): number {
  return db.prepare(`DELETE FROM purge_queue WHERE subject_id LIKE '${HELD_DEVICES}%'`).run().changes;
}

/**
 * An upsert about to overwrite a cached person with anonymised values (the policy anonymises the
 * profile or the devices): the identifiers it replaces are queued for the purge now, in the
 * page's transaction — once the row is overwritten this cache no longer knows them, and the
 * saved views, flags, files and outbox entries naming them must still go.
 */
export function captureAnonymisedIdentifiers(db: Database, next: Subject): void {
  if (!isAnonymisedSubject(next)) return;
  const previous = cachedSubject(db, next.id);
  if (!previous) return; // never cached here: nothing of theirs to look for
  const kept = new Set(identifiersOfSubject(next)); // what the policy retained stays
  const replaced = identifiersOfSubject(previous).filter((t) => !kept.has(t));
  if (replaced.length > 0) queuePurgeTerms(db, next.id, [next.id, ...replaced]);
}

export function pendingPurges(db: Database): number {
  return (db.prepare(`SELECT count(*) AS n FROM purge_queue WHERE ${NOT_HELD}`).get() as { n: number }).n;
}

/** Every file under `dir` (relative paths), the cache's own files excepted. */
export function dataFilesOf(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names) {
      const full = join(d, name);
      const rel = relative(dir, full);
      if (OWN_FILES.has(rel)) continue;
      let st;
      try {
        st = statSync(full);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(full);
      else if (st.isFile()) out.push(rel);
    }
  };
  walk(dir);
  return out;
}

/** Data-folder files holding any of `terms` (case-insensitive for ASCII). */
export function filesNaming(dataDir: string, terms: readonly string[]): string[] {
  const lower = terms.map((t) => t.toLowerCase());
  return dataFilesOf(dataDir).filter((rel) => {
    let text: string;
    try {
      text = readFileSync(join(dataDir, rel)).toString('latin1').toLowerCase();
    } catch {
      return false;
    }
    return lower.some((t) => text.includes(Buffer.from(t, 'utf8').toString('latin1')));
  });
}

/** Unlinks the journaled files and forgets them; resumes a purge a crash interrupted. */
export function resumeDeletionJournal(db: Database, dataDir: string): number {
  const rows = db.prepare('SELECT path FROM deletion_journal').all() as { path: string }[];
  const root = resolve(dataDir);
  const forget = db.prepare('DELETE FROM deletion_journal WHERE path = ?');
  let removed = 0;
  for (const { path } of rows) {
    const full = resolve(root, path);
    // Only inside the data folder, whatever the journal says.
    if (full.startsWith(root + sep)) {
      try {
        unlinkSync(full);
        removed++;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') continue; // retried on the next open
      }
    }
    forget.run(path);
  }
  return removed;
}

/** The WAL emptied into the database and truncated to 0 bytes (retried while a reader holds it). */
export function checkpointTruncate(db: Database): boolean {
  for (let i = 0; i < 50; i++) {
    const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (!r || r.busy === 0) return true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
  return false;
}

export interface PurgeResult {
  subjectId: string;
  events: number;
  contexts: number;
  views: number;
  files: number;
  /** Outbox entries whose payload was scrubbed (pending ones among them discarded). */
  actions: number;
}

/**
 * What the purge removes besides derived data, saved views and files: the person's events and
 * profile, unless their erasure receipt says the policy retained (or anonymised) them — then the
 * backend's own rows (kept, or re-sent anonymised) stand. A tombstone without a receipt (a
 * profile deleted otherwise) leaves the events to their own stream.
 */
export interface PurgeScope {
  events: boolean;
  profile: boolean;
}

/** The scope of a queued person's purge, from the newest receipt about them in this cache. */
export function purgeScopeOf(db: Database, subjectId: string): PurgeScope {
  const receipt = listReceipts(db).find((r) => r.subjectId === subjectId);
  if (!receipt) {
    // A tombstone already removed the row; an anonymised row (its receipt not pulled yet) stays.
    const subject = cachedSubject(db, subjectId);
    return { events: false, profile: subject === null || !isAnonymisedSubject(subject) };
  }
  const action = (d: string) => receipt.outcomes.find((o) => o.dataset === d)?.action;
  return { events: action('access_events') !== 'retained', profile: action('profile') === 'deleted' };
}

/** Purges one person (see the header); `dataDir` null: no file of the data folder is looked at. */
export function purgeSubject(
  db: Database,
  subjectId: string,
  terms: readonly string[],
  dataDir: string | null,
  scope: PurgeScope = { events: true, profile: true },
): PurgeResult {
  const all = [...new Set([subjectId, ...terms])];
  const files = dataDir ? filesNaming(dataDir, all) : [];
  db.pragma('secure_delete = ON');
  const result = db
    .transaction((): PurgeResult => {
      // FTS5's own secure-delete (a persistent option of the index): without it a deleted row's
      // tokens stay in the index's segment blocks, unsearchable but readable in the file, even
      // after 'optimize' (test/integration/purge-free-pages.test.ts found the erased username there).
      db.exec("INSERT INTO event_contexts_fts(event_contexts_fts, rank) VALUES ('secure-delete', 1)");
      // Terms travel as a JSON parameter (json_each), never through a temp table: a temp file
      // would hold them outside the encrypted cache.
      const termsJson = JSON.stringify(all);
      const ctx = !scope.events
        ? []
        : (db
            .prepare(
              `SELECT k FROM event_contexts WHERE subject_id = @sid
         UNION SELECT k FROM event_contexts WHERE username IN (SELECT value FROM json_each(@terms))
         UNION SELECT k FROM event_contexts WHERE device_id IN (SELECT value FROM json_each(@terms))
         UNION SELECT k FROM event_contexts WHERE device_name IN (SELECT value FROM json_each(@terms))`,
            )
            .pluck()
            .all({ sid: subjectId, terms: termsJson }) as number[]);
      const ctxJson = JSON.stringify(ctx);
      const events = db
        .prepare('DELETE FROM access_event_rows WHERE ctx IN (SELECT value FROM json_each(?))')
        .run(ctxJson).changes;
      const contexts = db
        .prepare('DELETE FROM event_contexts WHERE k IN (SELECT value FROM json_each(?))')
        .run(ctxJson).changes;
      // Merge the FTS5 index into one segment: deleted entries leave the b-tree, not only masked.
      if (contexts > 0) db.exec("INSERT INTO event_contexts_fts(event_contexts_fts) VALUES ('optimize')");
      db.prepare('DELETE FROM flag_state WHERE subject_id = ?').run(subjectId);
      if (scope.profile) db.prepare('DELETE FROM subjects WHERE id = ?').run(subjectId);
      const naming = (column: string) =>
        `EXISTS (SELECT 1 FROM json_each(?) AS p WHERE instr(lower(${column}), lower(p.value)) > 0)`;
      const views = db
        .prepare(`DELETE FROM saved_views WHERE ${naming('query')} OR ${naming('name')}`)
        .run(termsJson, termsJson).changes;
      // The outbox keeps every action with its id, kind, status and times (the audit and the
      // push depend on them); the person's values leave the payloads (outbox/erasure-scrub.ts).
      const actions = scrubOutboxOf(db, subjectId, all);
      for (const hook of hooks) hook(db, subjectId);
      for (const f of files) journalFileDeletion(db, f, subjectId);
      db.prepare('DELETE FROM purge_queue WHERE subject_id = ?').run(subjectId);
      return { subjectId, events, contexts, views, files: files.length, actions };
    })
    .immediate();
  if (dataDir) resumeDeletionJournal(db, dataDir);
  checkpointTruncate(db);
  return result;
}

/** Purges every queued person (after a sync run, and when the cache opens). */
export function runPendingPurges(db: Database, dataDir: string | null): PurgeResult[] {
  const queued = db
    .prepare(`SELECT subject_id, terms FROM purge_queue WHERE ${NOT_HELD} ORDER BY queued_at`)
    .all() as {
    subject_id: string;
    terms: string;
  }[];
  return queued.map((q) =>
    purgeSubject(db, q.subject_id, JSON.parse(q.terms) as string[], dataDir, purgeScopeOf(db, q.subject_id)),
  );
}
