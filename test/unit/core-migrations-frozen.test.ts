// Shipped migrations are frozen: a cache that already ran version N never runs it again, so a
// change to N's SQL would leave old caches and new ones with different schemas. This test holds
// the SHA-256 of each shipped migration's SQL; a change must be a new migration, not an edit.
// (A migration not yet shipped may change; record its hash here when it ships, and add its
// database file with `npx tsx scripts/make-cache-fixtures.ts --only N`: cache-upgrade.test.ts
// upgrades from the file of every shipped version.)
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../main/core/cache/migrations';

const SHIPPED_SQL_SHA256: Readonly<Record<number, string>> = {
  1: 'f8b4c96bac8d7dda5b3ad922e98b2d7fa3a0ca7a3fde12d34f2c17c49526b3cf',
  2: 'd6891aab6fa4a47416c98c45af0f29c3fd325d72d32760a45975163d1855fefd',
  3: '0f5750c739df8793f049efeebcb543483c0ad92ab2fb4ee50bc20aaabc92fb8a',
  4: '2c201ed096f75420087a649f4e7507cec4b33f9ae12a627c6141c83f1c97c8fa',
  5: '0124877af68d3da2cab050896a44ea0ad032bd7f54d49cfc09b0b78c3c2c680e',
  6: '4bebc6e48f851a75bc411c066d4924e7004c3428c8794fad3b417d69f5467a12',
  7: '3488001ef6934188f2b120b0d01e34e562ad7b40d6ccb3936a30d1bd18bf78ec',
  8: 'ed42e254ad52ff7a2a95c000d4865db5368f33d66f1ada22f8e90e8136574025',
  9: 'f113a40a78843d81235e6687e104d75e497309769c3cdf5fcdbccd51d462d890',
};

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('frozen migrations', () => {
  it.each(Object.entries(SHIPPED_SQL_SHA256))('version %s keeps the SQL it shipped with', (version, hash) => {
    const migration = MIGRATIONS.find((m) => m.version === Number(version));
    expect(migration, `shipped migration ${version} is missing`).toBeDefined();
    expect(sha256(migration!.sql), `migration ${version}'s SQL changed: add a new migration instead`).toBe(
      hash,
    );
  });

  it('each version appears once, and only a version after the shipped ones is unrecorded', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(new Set(versions).size).toBe(versions.length);
    const lastShipped = Math.max(...Object.keys(SHIPPED_SQL_SHA256).map(Number));
    const unrecorded = versions.filter((v) => !(v in SHIPPED_SQL_SHA256));
    expect(unrecorded.every((v) => v > lastShipped)).toBe(true);
  });
});
