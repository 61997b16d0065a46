// A typed bundle passphrase (exports:bundle, `zta-console export --passphrase-file`) is refused
// when weak — E_WEAK_PASSPHRASE with the reason — before any file is written; a strong one encrypts.
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSubjects } from '../../main/core/cache/subjects';
import { ExportService } from '../../main/core/export/service';
import { seededCache } from '../helpers/export-cache';
import { GEN } from '../helpers/export-bundles';

describe('typed bundle passphrases', () => {
  const cache = seededCache({ users: 3, events: 40, seed: 11 });
  const service = new ExportService({
    db: cache.store.db,
    generator: GEN,
    enqueue: () => {
      throw new Error('no request, nothing to queue');
    },
    progress: () => undefined,
  });
  const subjectId = listSubjects(cache.store.db, '', 10).find((s) => !s.restricted)!.id;
  const bundle = (passphrase: string, name: string) =>
    service.bundle({
      operationId: randomUUID(),
      subjectId,
      requestId: null,
      outPath: join(cache.dir, name),
      encryption: { mode: 'typed', passphrase },
    });

  it.each(['passwordpassword', 'qwertyuiop123'])(
    'refuses %j with the reason, and writes nothing',
    async (weak) => {
      await expect(bundle(weak, 'weak.zip')).rejects.toMatchObject({
        code: 'E_WEAK_PASSPHRASE',
        message: expect.stringMatching(/^The bundle passphrase is too weak: .+/),
      });
      expect(readdirSync(cache.dir).filter((f) => f.endsWith('.zip'))).toEqual([]);
    },
  );

  it('encrypts with a strong one', async () => {
    const made = await bundle('four uncommon words: quartz lantern pebble', 'strong.zip');
    expect(made.export.encrypted).toBe(true);
  });
});
