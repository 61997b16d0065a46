// The fault harness's world: one real backend (in-process Fastify + PGlite) for many schedules,
// reset to its seeded state between them, and a full pull of a stream as the backend's truth.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrivacyRequest } from '../../shared/domain';
import { pageItems, pullReplySchema, type StreamName } from '../../shared/protocol';
import { startBackend, type RunningBackend } from '../../backend/index';

/** The admins the consoles sign in as, console i as ADMINS[i % 3]. */
export const ADMINS = ['owner', 'approver', 'analyst'] as const;
const SEED = { users: 10, events: 60, seed: 5, now: new Date('2026-06-01T12:00:00.000Z') };
/** Small pages, so a sync takes several round trips (more places for a fault to land). */
export const PAGE_SIZE = 17;

export interface World {
  backend: RunningBackend;
  requests: PrivacyRequest[];
  baselineSeq: number;
  dir: string;
  close(): Promise<void>;
}

export async function openWorld(): Promise<World> {
  const backend = await startBackend({ port: 0, seed: SEED });
  await backend.db.exec(`
    DROP TABLE IF EXISTS fh_requests;
    CREATE TABLE fh_requests AS SELECT * FROM requests;
    DROP TABLE IF EXISTS fh_subjects;
    CREATE TABLE fh_subjects AS SELECT * FROM subjects;
  `);
  const wm = await backend.db.query<{ w: number }>(
    `SELECT greatest((SELECT coalesce(max(seq),0) FROM request_events), (SELECT coalesce(max(seq),0) FROM requests))::float8 AS w`,
  );
  const requests = (await pullAll(backend, 'requests')).map((x) => x as PrivacyRequest);
  const dir = mkdtempSync(join(tmpdir(), 'zta-faults-'));
  return {
    backend,
    requests: requests.sort((a, b) => a.id.localeCompare(b.id)),
    baselineSeq: Number(wm[0]?.w ?? 0),
    dir,
    async close() {
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function resetWorld(w: World): Promise<void> {
  await w.backend.db.transaction(async (tx) => {
    await tx.query('DELETE FROM action_outcomes');
    await tx.query('DELETE FROM request_events WHERE seq > $1', [w.baselineSeq]);
    await tx.query('DELETE FROM requests');
    await tx.query('INSERT INTO requests SELECT * FROM fh_requests');
    // Rectification and restriction change subjects: back to the seeded rows too.
    await tx.query('DELETE FROM subjects');
    await tx.query('INSERT INTO subjects SELECT * FROM fh_subjects');
  });
}

export async function pullAll(backend: RunningBackend, stream: StreamName): Promise<unknown[]> {
  const live = new Map<string, unknown>();
  let after = 0;
  for (;;) {
    const res = await fetch(`${backend.url}/v1/sync/${stream}?after=${after}&limit=10000`, {
      headers: { authorization: `Bearer ${backend.tokens.viewer}` },
    });
    const page = pullReplySchema(stream).parse(await res.json());
    if (page.reset) throw new Error('unexpected reset');
    for (const item of pageItems(page)) {
      if (item.op === 'upsert') live.set(item.data.id, item.data);
      else live.delete(item.id);
    }
    after = page.next;
    if (!page.hasMore) return [...live.values()];
  }
}
