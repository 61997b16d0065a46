// Erasure carried out end to end (issue 11): the real backend (PGlite) and three consoles on
// encrypted caches — one synced before the erasure, one that syncs for the first time after it,
// one synced before and offline while it ran. After the erasure and a sync, no table of the
// backend or of any cache (FTS5 shadow tables included) and no file of any data folder holds
// the person's username, email, display name, device names or ids — only the anonymous tokens
// the policy put in their place — and every cache's WAL is 0 bytes.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { scanForTerms } from '../../main/core/cache/erasure-scan';
import { saveView } from '../../main/core/cache/saved-views';
import { registerSubjectPurgeHook } from '../../main/core/cache/purge';
import { Subject } from '../../shared/domain';
import { SimConsole } from '../helpers/console-sim';
import { action, approvedErasure, identifiersOf, push, searchBackend } from '../helpers/erasure-fixtures';

let backend: RunningBackend;
let root: string;
const consoles: SimConsole[] = [];

function newConsole(name: string): SimConsole {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const c = new SimConsole({
    path: join(dir, 'cache.sqlite'),
    backendUrl: backend.url,
    token: backend.tokens.approver,
    adminName: name,
  });
  consoles.push(c);
  return c;
}

function subjectIn(c: SimConsole, id: string): Subject | null {
  const row = c.db.prepare('SELECT data FROM subjects WHERE id = ?').get(id) as { data: string } | undefined;
  return row ? Subject.parse(JSON.parse(row.data)) : null;
}

const eventsIn = (c: SimConsole, subjectId: string) =>
  (
    c.db.prepare('SELECT count(*) AS n FROM access_events WHERE subject_id = ?').get(subjectId) as {
      n: number;
    }
  ).n;

beforeAll(async () => {
  backend = await startBackend({ seed: { users: 15, events: 3000, seed: 8 } });
  root = mkdtempSync(join(tmpdir(), 'zta-erasure-consoles-'));
});
afterAll(async () => {
  for (const c of consoles) c.db.close();
  await backend?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('an erasure reaches every console', () => {
  it('leaves nothing of the person in the backend or in three consoles (before, after, offline during)', async () => {
    const before = newConsole('before');
    const offline = newConsole('offline');
    expect(await before.sync()).toBe(true);
    expect(await offline.sync()).toBe(true);

    // The person with the most events, and what identifies them.
    const top = before.db
      .prepare(
        'SELECT subject_id AS id FROM access_events GROUP BY subject_id ORDER BY count(*) DESC LIMIT 1',
      )
      .get() as { id: string };
    const person = subjectIn(before, top.id)!;
    const terms = identifiersOf(person);
    expect(eventsIn(before, person.id)).toBeGreaterThan(50);
    expect(scanForTerms(before.db, null, terms).length).toBeGreaterThan(0);

    // The offline console holds more of them: a saved view, an export file, a module's own file.
    saveView(offline.db, { name: `Watch ${person.username}`, query: { text: person.username } });
    const dataDir = join(root, 'offline');
    mkdirSync(join(dataDir, 'exports'), { recursive: true });
    writeFileSync(join(dataDir, 'exports', 'logs.csv'), `time,username\n2026-01-01,${person.username}\n`);
    writeFileSync(join(dataDir, 'exports', 'other.csv'), 'time,username\n2026-01-01,someone-else\n');
    const hooked: string[] = [];
    const unregister = registerSubjectPurgeHook((_db, subjectId) => hooked.push(subjectId));

    // The erasure, queued on the first console and pushed with its sync.
    const requestId = await approvedErasure(backend, person.id);
    expect(await before.sync()).toBe(true);
    before.submit({ kind: 'erasure.execute', requestId, payload: {} });
    await before.engine.start().catch((e: unknown) => {
      throw new Error(`sync after erasure failed: ${JSON.stringify(e)} ${(e as Error).stack}`);
    });
    expect(before.outbox.pendingCount()).toBe(0);
    const applied = before.db.prepare("SELECT status FROM outbox WHERE kind = 'erasure.execute'").get() as {
      status: string;
    };
    expect(applied.status).toBe('applied');

    expect(await searchBackend(backend, terms)).toEqual([]);

    const after = newConsole('after');
    expect(await after.sync()).toBe(true);
    expect(await offline.sync()).toBe(true);
    unregister();
    expect(hooked).toContain(person.id);

    for (const [name, c] of [
      ['before', before],
      ['after', after],
      ['offline', offline],
    ] as const) {
      const dir = join(root, name);
      expect(subjectIn(c, person.id), name).toBeNull();
      expect(eventsIn(c, person.id), name).toBe(0);
      expect(scanForTerms(c.db, dir, terms), name).toEqual([]);
      // The FTS5 index itself has no entry for them (its shadow tables are scanned above too).
      const fts = c.db
        .prepare('SELECT count(*) AS n FROM event_contexts_fts WHERE event_contexts_fts MATCH ?')
        .get(`"${person.username.replace(/"/g, '""')}"`) as { n: number };
      expect(fts.n, name).toBe(0);
      // Anonymised events are still there, countable, under a token.
      const anon = c.db
        .prepare("SELECT count(*) AS n FROM access_events WHERE username LIKE 'anon-%'")
        .get() as { n: number };
      expect(anon.n, name).toBeGreaterThan(50);
      // The WAL was checkpointed and truncated after the purge (the console that joined later
      // never held the person: nothing to purge there).
      const wal = join(dir, 'cache.sqlite-wal');
      if (name !== 'after') expect(existsSync(wal) ? statSync(wal).size : 0, name).toBe(0);
      expect(c.db.pragma('secure_delete', { simple: true }), name).toBe(1);
      expect(c.db.prepare('SELECT count(*) AS n FROM purge_queue').get(), name).toEqual({ n: 0 });
      expect(c.db.prepare('SELECT count(*) AS n FROM deletion_journal').get(), name).toEqual({ n: 0 });
    }
    // The export naming them is gone; another export stays.
    expect(existsSync(join(dataDir, 'exports', 'logs.csv'))).toBe(false);
    expect(existsSync(join(dataDir, 'exports', 'other.csv'))).toBe(true);
    expect(offline.db.prepare('SELECT count(*) AS n FROM saved_views').get()).toEqual({ n: 0 });
  });

  it('an erasure while a console bootstraps: the purge runs after the bootstrap, nothing of them survives', async () => {
    const probe = newConsole('probe');
    expect(await probe.sync()).toBe(true);
    const top = probe.db
      .prepare(
        `SELECT subject_id AS id FROM access_events WHERE username NOT LIKE 'anon-%'
          GROUP BY subject_id ORDER BY count(*) DESC LIMIT 1`,
      )
      .get() as { id: string };
    const person = subjectIn(probe, top.id)!;
    const terms = identifiersOf(person);
    const requestId = await approvedErasure(backend, person.id);

    // A console whose first access_events page is answered, then the erasure runs.
    const dir = join(root, 'racer');
    mkdirSync(dir, { recursive: true });
    let erased = false;
    const racer = new SimConsole({
      path: join(dir, 'cache.sqlite'),
      backendUrl: backend.url,
      token: backend.tokens.approver,
      adminName: 'racer',
      pageSize: 500,
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        if (!erased && String(input).includes('/v1/sync/access_events')) {
          erased = true;
          const [o] = await push(backend, 'approver', [action('erasure.execute', requestId, {})]);
          expect(o).toMatchObject({ outcome: 'applied' });
        }
        return res;
      },
    });
    consoles.push(racer);
    expect(await racer.sync()).toBe(true);
    expect(erased).toBe(true);
    // The next run brings the tombstone and the receipt; the purge follows the bootstrap.
    expect(await racer.sync()).toBe(true);
    expect(subjectIn(racer, person.id)).toBeNull();
    expect(eventsIn(racer, person.id)).toBe(0);
    expect(scanForTerms(racer.db, dir, terms)).toEqual([]);
    expect(statSync(join(dir, 'cache.sqlite-wal')).size).toBe(0);
  });
});
