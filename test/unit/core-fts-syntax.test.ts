// Issue 14 item 6: every search text FTS5 cannot parse — a bare `*` included — is a typed
// E_VALIDATION naming the search, never SQLite's raw message.
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it } from 'vitest';
import { withFts } from '../../main/core/cache/log-filter';

const db = new Database(':memory:');
db.exec("CREATE VIRTUAL TABLE t USING fts5(a); INSERT INTO t VALUES ('hello world')");
afterAll(() => db.close());

const search = (text: string) =>
  withFts({ text }, () => db.prepare('SELECT rowid FROM t WHERE t MATCH ?').all(text));

describe('withFts', () => {
  it.each(['*', '"unbalanced', 'a AND', '(', 'x:y', '^', '-', 'NEAR('])(
    '%j is E_VALIDATION, naming the search',
    (text) => {
      expect(() => search(text)).toThrow(
        expect.objectContaining({
          code: 'E_VALIDATION',
          message: expect.stringContaining(`The search "${text}" is not valid search syntax`),
        }),
      );
    },
  );

  it('valid searches run, prefixes included', () => {
    expect(search('hel*')).toHaveLength(1);
    expect(search('"hello world"')).toHaveLength(1);
    expect(search('nothing')).toHaveLength(0);
  });

  it('an error of another kind is not dressed up as a search error', () => {
    expect(() => withFts({ text: 'x' }, () => db.prepare('SELECT * FROM missing').all())).toThrow(
      /no such table/,
    );
  });
});
