// Exports that must not (or cannot) complete normally: not caught up, a restricted or erased
// person, a cancel and a full disk.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSubjects } from '../../main/core/cache/subjects';
import { buildBundle } from '../../main/core/export/bundle';
import { DEMO_DISCLOSURES } from '../../shared/demo-disclosures';
import type { Subject } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { CLI } from '../helpers/cli-process';
import { GEN, seededBundleCache } from '../helpers/export-bundles';
import {
  EXPORT_TEST_KEY,
  markCaughtUp,
  seededCache,
  upsertRequest,
  upsertSubject,
} from '../helpers/export-cache';
import { requestFixture } from '../helpers/request-fixture';

const bundles = seededBundleCache();
const { subjects } = bundles;

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
    const base = bundles.cache.org.subjects[0]!;
    const { timezone: _tz, ...plain } = base;
    upsertSubject(bundles.cache.store, {
      ...(plain as Subject),
      id: 'restricted-1',
      restricted: true,
      restriction: { since: '2026-11-01T00:00:00.000Z', by: 'Some Admin', requestId: null },
    });
    await expect(
      buildBundle(bundles.cache.store.db, {
        subjectId: 'restricted-1',
        outPath: join(dir, 'r.zip'),
        disclosures: DEMO_DISCLOSURES,
        generator: GEN,
      }),
    ).rejects.toMatchObject({ code: 'E_RESTRICTED', message: /Art\. 18/ });
    upsertRequest(
      bundles.cache.store,
      requestFixture({
        id: 'erasure-done',
        subjectId: 'erased-1',
        status: 'completed',
        receivedOn: '2026-10-01',
        version: 4,
        updatedAt: '2026-10-05T00:00:00.000Z',
        respondedOn: '2026-10-02',
        response: 'approved',
      }),
    );
    await expect(
      buildBundle(bundles.cache.store.db, {
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
    const p = buildBundle(bundles.cache.store.db, {
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
    bundles.cache.store.db.pragma('wal_checkpoint(TRUNCATE)');
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
        bundles.cache.dir,
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
