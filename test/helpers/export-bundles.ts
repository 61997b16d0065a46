// Shared set-up of the export-bundle integration tests: one seeded encrypted cache per test file
// (12 people, 4000 events), a directory for the bundles, and building a person's bundle into it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { buildBundle } from '../../main/core/export/bundle';
import { listSubjects } from '../../main/core/cache/subjects';
import { DEMO_DISCLOSURES } from '../../shared/demo-disclosures';
import { seededCache, type SeededCache } from './export-cache';

/** The generator recorded in the manifest of the bundles built here. */
export const GEN = { name: 'ZTA Privacy Console', version: 'test' };

export interface BundleTestCache {
  /** The seeded cache (set before the first test of the file). */
  readonly cache: SeededCache;
  /** The directory bundles are written to. */
  readonly out: string;
  build(
    subjectId: string,
    name: string,
    extra?: Partial<Parameters<typeof buildBundle>[1]>,
  ): ReturnType<typeof buildBundle>;
  subjects(): (ReturnType<typeof listSubjects>[number] & { eventCount: number })[];
}

/** Registers the seeding (beforeAll) and closing (afterAll) in the calling test file. */
export function seededBundleCache(): BundleTestCache {
  let cache: SeededCache | undefined;
  let out = '';
  const seeded = (): SeededCache => {
    if (!cache) throw new Error('the seeded cache is opened in beforeAll');
    return cache;
  };
  beforeAll(() => {
    const has7z = spawnSync('sh', ['-c', 'command -v 7z']).status === 0;
    if (!has7z) throw new Error('7z (p7zip-full) is required: apt-get install p7zip-full');
    cache = seededCache({ users: 12, events: 4000, seed: 7 });
    out = mkdtempSync(join(tmpdir(), 'zta-bundles-'));
  }, 120_000);
  afterAll(() => cache?.store.db.close());
  return {
    get cache() {
      return seeded();
    },
    get out() {
      return out;
    },
    build: (subjectId, name, extra = {}) =>
      buildBundle(seeded().store.db, {
        subjectId,
        outPath: join(out, name),
        disclosures: DEMO_DISCLOSURES,
        generator: GEN,
        ...extra,
      }),
    subjects: () =>
      listSubjects(seeded().store.db, '', 100).map((s) => ({ ...s, eventCount: s.eventCount ?? 0 })),
  };
}
