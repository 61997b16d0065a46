// Backend → sync engine → encrypted cache, in process: the mirror must equal the backend,
// row for row (counts per stream and a content checksum of every access event).
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { openCore, passphraseKeyProvider, type CoreClient } from '../../main/core/index';
import { LogsPage, type LogsCursor } from '../../shared/contract-logs';
import type { AccessEvent } from '../../shared/domain';
import { BackendStats, pageItems, pullReplySchema } from '../../shared/protocol';

const APP = { name: 'test', version: '0.0.0', transport: 'browser' as const };

/** Canonical digest of a set of events, independent of order. */
function digest(events: AccessEvent[]): string {
  const lines = events.map((e) =>
    JSON.stringify([
      e.id,
      e.time,
      e.subjectId,
      e.username,
      e.ip,
      e.deviceId,
      e.deviceName,
      e.osVersion,
      e.app,
      e.decision,
      e.reason,
    ]),
  );
  return createHash('sha256').update(lines.sort().join('\n')).digest('hex');
}

/** Everything the backend serves for access_events, read with plain HTTP (not the engine). */
async function backendEvents(backend: RunningBackend): Promise<AccessEvent[]> {
  const live = new Map<string, AccessEvent>();
  let after = 0;
  for (;;) {
    const res = await fetch(`${backend.url}/v1/sync/access_events?after=${after}&limit=5000`, {
      headers: { authorization: `Bearer ${backend.tokens.viewer}` },
    });
    const page = pullReplySchema('access_events').parse(await res.json());
    if (page.reset) throw new Error('unexpected reset');
    for (const item of pageItems(page)) {
      if (item.op === 'upsert') live.set(item.data.id, item.data);
      else live.delete(item.id);
    }
    after = page.next;
    if (!page.hasMore) return [...live.values()];
  }
}

async function cacheEvents(core: CoreClient): Promise<AccessEvent[]> {
  const rows: AccessEvent[] = [];
  let after: LogsCursor | undefined;
  for (;;) {
    const result = await core.invoke('logs:page', after ? { limit: 1000, after } : { limit: 1000 });
    if (!result.ok) throw new Error(result.error.message);
    const page = LogsPage.parse(result.value);
    rows.push(...page.rows);
    if (!page.next) return rows;
    after = page.next;
  }
}

describe('sync a seeded organisation into a fresh encrypted cache', () => {
  let backend: RunningBackend;
  let core: CoreClient;

  beforeAll(async () => {
    backend = await startBackend({
      seed: { users: 60, events: 8000, seed: 11, now: new Date('2026-11-20T12:00:00Z') },
    });
    core = await openCore({
      dataDir: mkdtempSync(join(tmpdir(), 'zta-int-')),
      keyProvider: passphraseKeyProvider('integration passphrase'),
      app: APP,
    });
  }, 120_000);
  afterAll(async () => {
    await core?.close();
    await backend?.close();
  });

  it('mirrors every stream: same counts and same content as the backend', async () => {
    const signIn = await core.invoke('session:signIn', {
      backendUrl: backend.url,
      token: backend.tokens.owner,
    });
    expect(signIn).toMatchObject({ ok: true, value: { signedIn: true, role: 'owner' } });
    const status = await core.syncNow();
    expect(status.lastError).toBeNull();
    expect(status.online).toBe(true);

    const stats = await core.stats();
    const server = BackendStats.parse(
      await (
        await fetch(`${backend.url}/v1/stats`, {
          headers: { authorization: `Bearer ${backend.tokens.viewer}` },
        })
      ).json(),
    );
    for (const s of stats.streams) {
      expect(s.count, s.stream).toBe(server.counts[s.stream]);
      expect(s.epoch).toBe(server.epoch);
    }
    expect(stats.streams.find((s) => s.stream === 'access_events')?.count).toBe(8000);

    const [mine, theirs] = await Promise.all([cacheEvents(core), backendEvents(backend)]);
    expect(mine).toHaveLength(8000);
    expect(digest(mine)).toBe(digest(theirs));
  });

  it('a second sync fetches nothing new and changes nothing', async () => {
    const before = await core.stats();
    await core.syncNow();
    const after = await core.stats();
    expect(after.streams.map((s) => [s.stream, s.count, s.cursor])).toEqual(
      before.streams.map((s) => [s.stream, s.count, s.cursor]),
    );
  });
});
