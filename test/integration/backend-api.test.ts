import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../shared/domain';
import {
  BackendError,
  BackendStats,
  pageItems,
  PROTOCOL_VERSION,
  pullReplySchema,
  STREAMS,
  WhoAmI,
  type StreamName,
} from '../../shared/protocol';
import { startBackend, type RunningBackend } from '../../backend/index';
import { tombstone } from '../../backend/store';

const SEED = { users: 80, events: 7000, seed: 42, now: new Date('2026-01-15T09:00:00.000Z') };

let backend: RunningBackend;
const auth = (role: Role = 'viewer') => ({ authorization: `Bearer ${backend.tokens[role]}` });

async function getJson(path: string, headers: Record<string, string> = auth()) {
  const res = await fetch(`${backend.url}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as unknown };
}

async function pullAll(stream: StreamName, limit: number) {
  const seqs: number[] = [];
  const ids: string[] = [];
  let live = 0;
  let after = 0;
  let pages = 0;
  let epoch: string | undefined;
  for (;;) {
    const q = `after=${after}&limit=${limit}${epoch ? `&epoch=${epoch}` : ''}`;
    const { status, body } = await getJson(`/v1/sync/${stream}?${q}`);
    expect(status).toBe(200);
    const page = pullReplySchema(stream).parse(body);
    if (page.reset) throw new Error('unexpected reset');
    epoch = page.epoch;
    pages++;
    const items = pageItems(page);
    for (const item of items) {
      seqs.push(item.seq);
      ids.push(item.op === 'upsert' ? item.data.id : item.id);
      if (item.op === 'upsert') live++;
    }
    expect(page.next).toBe(items.length ? items[items.length - 1]?.seq : after);
    expect(page.watermark).toBeGreaterThanOrEqual(page.next);
    if (!page.hasMore) {
      expect(page.next).toBe(page.watermark);
      break;
    }
    expect(items).toHaveLength(limit);
    after = page.next;
  }
  return { seqs, ids, live, pages };
}

beforeAll(async () => {
  backend = await startBackend({ port: 0, seed: SEED });
});
afterAll(async () => {
  await backend?.close();
});

describe('backend HTTP API', () => {
  it('GET /healthz needs no token', async () => {
    const res = await fetch(`${backend.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('401 without a token and with a wrong one, as BackendError', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: 'Basic abc' }] as Record<
      string,
      string
    >[]) {
      for (const path of ['/v1/me', '/v1/sync/subjects', '/v1/stats']) {
        const { status, body } = await getJson(path, headers);
        expect(status).toBe(401);
        expect(BackendError.parse(body).error.code).toBe('UNAUTHORIZED');
      }
    }
  });

  it('GET /v1/me tells each token its role in the seeded org', async () => {
    const admins = new Set<string>();
    for (const role of Role.options) {
      const { status, body } = await getJson('/v1/me', auth(role));
      expect(status).toBe(200);
      const me = WhoAmI.parse(body);
      expect(me.role).toBe(role);
      expect(me.orgId).toBe(backend.orgId);
      expect(me.protocolVersion).toBe(PROTOCOL_VERSION);
      admins.add(me.adminId);
    }
    expect(admins.size).toBe(4);
  });

  it('the database stores only token hashes', async () => {
    const rows = await backend.db.query<{ token_hash: string }>('SELECT token_hash FROM admins');
    const clear = Object.values(backend.tokens);
    for (const r of rows) {
      expect(r.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(clear).not.toContain(r.token_hash);
    }
  });

  it('stats count exactly the seeded rows', async () => {
    const { status, body } = await getJson('/v1/stats', auth('analyst'));
    expect(status).toBe(200);
    const stats = BackendStats.parse(body);
    expect(stats.counts.subjects).toBe(SEED.users);
    expect(stats.counts.access_events).toBe(SEED.events);
    expect(stats.counts.requests).toBe(Math.max(16, Math.round(SEED.users / 10)));
    expect(stats.counts.request_events).toBeGreaterThanOrEqual(stats.counts.requests);
    expect(stats.watermark).toBeGreaterThanOrEqual(
      stats.counts.subjects +
        stats.counts.access_events +
        stats.counts.requests +
        stats.counts.request_events,
    );
  });

  it('paging each stream returns every row exactly once, seq strictly increasing, pages valid', async () => {
    const { body } = await getJson('/v1/stats');
    const stats = BackendStats.parse(body);
    for (const stream of STREAMS) {
      const limit = stream === 'access_events' ? 1000 : 7;
      const { seqs, ids, live, pages } = await pullAll(stream, limit);
      // The live rows, plus the tombstones of the leavers retention erased at start.
      expect(live).toBe(stats.counts[stream]);
      expect(new Set(ids).size).toBe(ids.length);
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1] ?? -1);
      expect(pages).toBeGreaterThan(1);
    }
  });

  it('sends instants as UTC ISO with milliseconds and dates as YYYY-MM-DD', async () => {
    const { body } = await getJson('/v1/sync/requests?limit=50');
    const page = pullReplySchema('requests').parse(body);
    if (page.reset) throw new Error('unexpected reset');
    for (const item of page.items) {
      if (item.op !== 'upsert') continue;
      expect(item.data.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(item.data.receivedOn).toMatch(/^\d{4}-\d\d-\d\d$/);
    }
    const ev = pullReplySchema('access_events').parse(
      (await getJson('/v1/sync/access_events?limit=200')).body,
    );
    if (ev.reset) throw new Error('unexpected reset');
    const windowStart = SEED.now.getTime() - 30 * 86_400_000;
    for (const item of pageItems(ev)) {
      if (item.op !== 'upsert') continue;
      expect(new Date(item.data.time).toISOString()).toBe(item.data.time);
      expect(Date.parse(item.data.time)).toBeGreaterThanOrEqual(windowStart);
      expect(Date.parse(item.data.time)).toBeLessThan(SEED.now.getTime());
    }
  });

  it('a stale epoch or a cursor beyond the watermark yields reset', async () => {
    const { body } = await getJson('/v1/sync/subjects?limit=1');
    const first = pullReplySchema('subjects').parse(body);
    const stale = pullReplySchema('subjects').parse(
      (await getJson('/v1/sync/subjects?epoch=stale-epoch')).body,
    );
    expect(stale).toEqual({ stream: 'subjects', epoch: first.epoch, reset: true });
    const beyond = pullReplySchema('subjects').parse(
      (await getJson('/v1/sync/subjects?after=999999999')).body,
    );
    expect(beyond.reset).toBe(true);
    const same = pullReplySchema('subjects').parse(
      (await getJson(`/v1/sync/subjects?epoch=${first.epoch}&limit=1`)).body,
    );
    expect(same.reset).toBe(false);
  });

  it('bad stream or query → 400 BAD_REQUEST', async () => {
    for (const path of [
      '/v1/sync/users',
      '/v1/sync/subjects?after=-1',
      '/v1/sync/subjects?after=abc',
      '/v1/sync/subjects?limit=0',
      '/v1/sync/subjects?limit=10001',
      '/v1/sync/subjects?after=1.5',
    ]) {
      const { status, body } = await getJson(path);
      expect(status, path).toBe(400);
      expect(BackendError.parse(body).error.code).toBe('BAD_REQUEST');
    }
    const nf = await getJson('/v1/nowhere');
    expect(nf.status).toBe(404);
    expect(BackendError.parse(nf.body).error.code).toBe('NOT_FOUND');
  });

  it('tombstones arrive as delete items with a new seq, and leave the live counts', async () => {
    const page = pullReplySchema('request_events').parse(
      (await getJson('/v1/sync/request_events?limit=1')).body,
    );
    if (page.reset) throw new Error('unexpected reset');
    const victim = page.items[0];
    if (!victim || victim.op !== 'upsert') throw new Error('no row');
    const before = BackendStats.parse((await getJson('/v1/stats')).body);
    expect(await tombstone(backend.db, 'request_events', backend.orgId, victim.data.id)).toBe(true);
    const after = pullReplySchema('request_events').parse(
      (await getJson(`/v1/sync/request_events?after=${before.watermark}`)).body,
    );
    if (after.reset) throw new Error('unexpected reset');
    expect(after.items).toEqual([{ op: 'delete', seq: before.watermark + 1, id: victim.data.id }]);
    const stats = BackendStats.parse((await getJson('/v1/stats')).body);
    expect(stats.counts.request_events).toBe(before.counts.request_events - 1);
    expect(stats.watermark).toBe(before.watermark + 1);
  });
});
