// The bundle registry (erasure and retention clean-up) and the published manifest schema.
import {
  listExports,
  purgeExpiredExports,
  purgeSubjectExports,
  recordExport,
} from '../../main/core/export/registry';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleManifestJsonSchema } from '../../shared/bundle-manifest';
import { seededBundleCache } from '../helpers/export-bundles';

const bundles = seededBundleCache();
const { build, subjects } = bundles;

describe('registry', () => {
  it("erasure's cleaner removes the person's kept bundles and rows; retention removes old ones", async () => {
    const db = bundles.cache.store.db;
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
