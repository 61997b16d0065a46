// An anonymised profile reaching a cache (issue 11, main/core/cache/purge.ts): the identifiers its
// upsert replaces are queued for the purge in the same transaction, the anonymisation's tokens
// never are, and a purge that runs before the receipt arrived keeps the anonymised row.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCacheDb } from '../../main/core/cache/open';
import { CacheDatabase } from '../../main/core/cache/store';
import { runPendingPurges } from '../../main/core/cache/purge';
import { saveView } from '../../main/core/cache/saved-views';
import { isAnonymisedValue } from '../../shared/erasure';
import type { Subject } from '../../shared/domain';

const person: Subject = {
  id: '0b6f7a52-3f55-4c84-9d0e-5a3c1d2e4f60',
  username: 'gary.miller',
  email: 'gary.miller@example.test',
  displayName: 'Gary Miller',
  employeeId: 'E-10442',
  department: 'Finance',
  restricted: false,
  restriction: null,
  devices: [
    {
      id: 'dev-7781-laptop',
      name: 'GARY-LAPTOP',
      osVersion: 'macOS 15',
      firstSeenAt: '2026-01-01T00:00:00.000Z',
    },
  ],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const TOKEN = 'anon-Ab3dE6gH9jK2';
const anonymised: Subject = {
  ...person,
  username: TOKEN,
  email: `${TOKEN}@anonymised.invalid`,
  displayName: TOKEN,
  employeeId: TOKEN,
  devices: [{ ...person.devices[0]!, id: `${TOKEN}-d1`, name: `${TOKEN}-d1` }],
};

function cache() {
  const db = openCacheDb({
    path: join(mkdtempSync(join(tmpdir(), 'zta-purge-anon-')), 'cache.sqlite'),
    key: { kind: 'raw', key: new Uint8Array(randomBytes(32)) },
  });
  return { db, store: new CacheDatabase(db) };
}

const queuedTerms = (db: CacheDatabase['db']) =>
  (db.prepare('SELECT terms FROM purge_queue').pluck().all() as string[]).map(
    (t) => JSON.parse(t) as string[],
  );

describe('an anonymised upsert', () => {
  it('recognises the anonymisation tokens, and only them', () => {
    expect(isAnonymisedValue(TOKEN)).toBe(true);
    expect(isAnonymisedValue(`${TOKEN}-d12`)).toBe(true);
    expect(isAnonymisedValue(`${TOKEN}@anonymised.invalid`)).toBe(true);
    expect(isAnonymisedValue('anon-bob')).toBe(false);
    expect(isAnonymisedValue('anonymous.user@example.test')).toBe(false);
  });

  it('queues the identifiers it replaces, in the page’s transaction, and never the tokens', () => {
    const { db, store } = cache();
    db.transaction(() => store.applyItems('subjects', [{ op: 'upsert', seq: 1, data: person }]))();
    expect(queuedTerms(db)).toEqual([]);
    db.transaction(() => store.applyItems('subjects', [{ op: 'upsert', seq: 2, data: anonymised }]))();
    const [terms] = queuedTerms(db);
    expect(new Set(terms)).toEqual(
      new Set([
        person.id,
        'gary.miller',
        'gary.miller@example.test',
        'Gary Miller',
        'E-10442',
        'dev-7781-laptop',
        'GARY-LAPTOP',
      ]),
    );
    // The same anonymised row sent again replaces nothing more.
    db.transaction(() => store.applyItems('subjects', [{ op: 'upsert', seq: 3, data: anonymised }]))();
    expect(queuedTerms(db)).toEqual([terms]);
  });

  it('a profile whose devices alone were anonymised queues the device identifiers only', () => {
    const { db, store } = cache();
    store.applyItems('subjects', [{ op: 'upsert', seq: 1, data: person }]);
    store.applyItems('subjects', [
      { op: 'upsert', seq: 2, data: { ...person, devices: anonymised.devices } },
    ]);
    expect(new Set(queuedTerms(db)[0])).toEqual(new Set([person.id, 'dev-7781-laptop', 'GARY-LAPTOP']));
  });

  it('purged before its receipt arrives: what names them goes, the anonymised row stays', () => {
    const { db, store } = cache();
    store.applyItems('subjects', [{ op: 'upsert', seq: 1, data: person }]);
    saveView(db, { name: 'Watch Gary Miller', query: { text: 'gary' } });
    saveView(db, { name: 'Anonymised', query: { text: TOKEN } });
    store.applyItems('subjects', [{ op: 'upsert', seq: 2, data: anonymised }]);
    const [result] = runPendingPurges(db, null);
    expect(result).toMatchObject({ subjectId: person.id, views: 1 });
    expect(db.prepare('SELECT username FROM subjects WHERE id = ?').pluck().get(person.id)).toBe(TOKEN);
    expect(db.prepare('SELECT name FROM saved_views').pluck().all()).toEqual(['Anonymised']);
    expect(db.prepare('SELECT count(*) FROM purge_queue').pluck().get()).toBe(0);
  });
});
