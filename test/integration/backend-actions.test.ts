// POST /v1/actions on the real backend (PGlite): outcomes, idempotency, roles, first decision
// wins, legal hold, and the change syncing back through the pull streams.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Action } from '../../shared/action-schemas';
import { PushReply } from '../../shared/push-protocol';
import { pullReplySchema } from '../../shared/protocol';
import type { PrivacyRequest, Role } from '../../shared/domain';
import { startBackend, type RunningBackend } from '../../backend/index';

const SEED = { users: 30, events: 500, seed: 7, now: new Date('2026-01-15T09:00:00.000Z') };

let backend: RunningBackend;
let requests: PrivacyRequest[] = [];

async function push(role: Role, actions: unknown[]) {
  const res = await fetch(`${backend.url}/v1/actions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${backend.tokens[role]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ actions }),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

async function pullRequests(after = 0) {
  const res = await fetch(`${backend.url}/v1/sync/requests?after=${after}&limit=10000`, {
    headers: { authorization: `Bearer ${backend.tokens.viewer}` },
  });
  const page = pullReplySchema('requests').parse(await res.json());
  if (page.reset) throw new Error('reset');
  return page;
}

function action(kind: Action['kind'], requestId: string, payload: unknown): Action {
  return {
    id: uuidv7(),
    kind,
    requestId,
    baseVersion: 0,
    payload,
    createdAt: new Date().toISOString(),
  } as Action;
}

const open = () =>
  requests.filter((r) => ['received', 'verifying', 'in_progress'].includes(r.status) && !r.legalHold);

beforeAll(async () => {
  backend = await startBackend({ port: 0, seed: SEED });
  const page = await pullRequests();
  requests = page.items.flatMap((i) => (i.op === 'upsert' ? [i.data] : []));
});
afterAll(async () => {
  await backend?.close();
});

describe('POST /v1/actions', () => {
  it('applies an action, bumps version and seq, and the change syncs back', async () => {
    const req = open()[0]!;
    const before = await pullRequests();
    const a = action('request.note', req.id, { text: 'called the requester' });
    const { status, body } = await push('analyst', [a]);
    expect(status).toBe(200);
    const reply = PushReply.parse(body);
    expect(reply.outcomes).toEqual([
      { outcome: 'applied', id: a.id, version: req.version + 1, seq: expect.any(Number) },
    ]);
    const seq = (reply.outcomes[0] as { seq: number }).seq;
    expect(seq).toBeGreaterThan(before.watermark);
    const after = await pullRequests(before.watermark);
    const item = after.items.find((i) => i.op === 'upsert' && i.data.id === req.id);
    expect(item && item.op === 'upsert' ? item.data.version : -1).toBe(req.version + 1);
    expect(item?.seq).toBe(seq);
    const evRes = await fetch(`${backend.url}/v1/sync/request_events?after=${before.watermark}&limit=100`, {
      headers: { authorization: `Bearer ${backend.tokens.viewer}` },
    });
    const evPage = pullReplySchema('request_events').parse(await evRes.json());
    if (evPage.reset) throw new Error('reset');
    expect(evPage.items.some((i) => i.op === 'upsert' && i.data.id === a.id && i.data.kind === 'note')).toBe(
      true,
    );
  });

  it('a replayed id returns the first outcome as duplicate, with no second effect', async () => {
    const req = open()[1]!;
    const a = action('request.assign', req.id, { assignee: 'Someone' });
    const first = PushReply.parse((await push('analyst', [a])).body).outcomes[0]!;
    expect(first.outcome).toBe('applied');
    const again = PushReply.parse((await push('analyst', [a, a])).body).outcomes;
    expect(again).toEqual([
      { outcome: 'duplicate', id: a.id, first },
      { outcome: 'duplicate', id: a.id, first },
    ]);
    const rows = await backend.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM request_events WHERE id = $1',
      [a.id],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('enforces roles', async () => {
    const req = open()[2]!;
    const viewer = PushReply.parse(
      (await push('viewer', [action('request.note', req.id, { text: 'x' })])).body,
    );
    expect(viewer.outcomes[0]).toMatchObject({ outcome: 'rejected', code: 'NOT_PERMITTED' });
    const analyst = PushReply.parse(
      (await push('analyst', [action('request.deny', req.id, { reason: 'r', exemption: 'gdpr-17-3-b' })]))
        .body,
    );
    expect(analyst.outcomes[0]).toMatchObject({ outcome: 'rejected', code: 'NOT_PERMITTED' });
  });

  it('first decision wins; the loser gets ALREADY_DECIDED with who and when', async () => {
    const req = open()[3]!;
    const approve = action('request.approve', req.id, {});
    const deny = action('request.deny', req.id, { reason: 'no', exemption: 'gdpr-17-3-e' });
    const [a, b] = await Promise.all([push('owner', [approve]), push('approver', [deny])]);
    const outcomes = [...PushReply.parse(a.body).outcomes, ...PushReply.parse(b.body).outcomes];
    const applied = outcomes.filter((o) => o.outcome === 'applied');
    const rejected = outcomes.filter((o) => o.outcome === 'rejected');
    expect(applied).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({
      code: 'ALREADY_DECIDED',
      decidedBy: expect.any(String),
      decidedAt: expect.any(String),
      current: { id: req.id },
    });
  });

  it('legal hold blocks decisions; unknown requests are NOT_FOUND; malformed actions INVALID', async () => {
    const req = open()[4]!;
    const hold = action('request.hold', req.id, { reason: 'litigation' });
    const approve = action('request.approve', req.id, {});
    const ghost = action('request.note', '00000000-0000-7000-8000-000000000000', { text: 'x' });
    const bad = { ...action('request.deny', req.id, { reason: '' }) };
    const reply = PushReply.parse((await push('approver', [hold, approve, ghost, bad])).body);
    expect(reply.outcomes.map((o) => (o.outcome === 'rejected' ? o.code : o.outcome))).toEqual([
      'applied',
      'ON_LEGAL_HOLD',
      'NOT_FOUND',
      'INVALID',
    ]);
  });

  it('rejects a malformed envelope with 400 and an empty batch', async () => {
    expect((await push('owner', [])).status).toBe(400);
    expect((await push('owner', [{ nope: 1 }])).status).toBe(400);
  });
});
