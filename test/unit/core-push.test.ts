// The push engine against scripted replies (in-process console, real encrypted SQLite):
// a reply failing validation is rejected whole; a missing outcome leaves the action pending;
// an unknown rejection code is kept verbatim; a 401 asks for sign-in and loses nothing;
// 5xx / 429 are transient; the backoff policy has full jitter and honours Retry-After.
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../main/core/sync/backend-client';
import { fullJitterDelay, isTransient, retryAfterOf } from '../../main/core/sync/backoff';
import type { SimConsole } from '../helpers/console-sim';
import { scriptedPushes, simConsoles } from '../helpers/sim-backend';

const REQ = '019d0000-0000-7000-8000-000000000001';

const sim = simConsoles('zta-push-');

const note = (c: SimConsole, text = 'hello') =>
  c.submit({ kind: 'request.note', requestId: REQ, payload: { text } });

describe('push replies', () => {
  it('a reply failing validation is rejected whole: nothing written, all still pending', async () => {
    const { fetch } = scriptedPushes((actions) => ({
      status: 200,
      body: {
        outcomes: [
          { outcome: 'applied', id: actions[0]!.id, version: 1, seq: 5 },
          { outcome: 'applied', id: actions[1]!.id },
        ],
      },
    }));
    const c = sim(fetch);
    note(c, 'one');
    note(c, 'two');
    await expect(c.engine.start()).rejects.toMatchObject({ code: 'E_BAD_PAGE' });
    const list = c.outbox.list(10);
    expect(list.counts).toEqual({ pending: 2, applied: 0, rejected: 0, attention: 0 });
    expect(list.pending[0]).toMatchObject({ attempts: 1, lastError: { code: 'E_BAD_PAGE' } });
  });

  it('an action missing from the outcomes stays pending; the others are applied', async () => {
    const { fetch } = scriptedPushes((actions) => ({
      status: 200,
      body: { outcomes: [{ outcome: 'applied', id: actions[0]!.id, version: 1, seq: 5 }] },
    }));
    const c = sim(fetch);
    const a = note(c, 'one');
    const b = note(c, 'two');
    await expect(c.engine.start()).rejects.toMatchObject({ code: 'E_BACKEND' });
    expect(c.outbox.get(a.action.id)).toMatchObject({ status: 'applied', serverSeq: 5, serverVersion: 1 });
    expect(c.outbox.get(b.action.id)).toMatchObject({ status: 'pending', lastError: { code: 'E_BACKEND' } });
  });

  it('outcomes about other ids are ignored; a duplicate resolves to its first outcome', async () => {
    const { fetch } = scriptedPushes((actions) => ({
      status: 200,
      body: {
        outcomes: [
          { outcome: 'applied', id: '019d0000-0000-7000-8000-00000000beef', version: 9, seq: 9 },
          {
            outcome: 'duplicate',
            id: actions[0]!.id,
            first: { outcome: 'applied', id: actions[0]!.id, version: 3, seq: 7 },
          },
        ],
      },
    }));
    const c = sim(fetch);
    const a = note(c);
    await c.engine.start();
    expect(c.outbox.get(a.action.id)).toMatchObject({ status: 'applied', serverSeq: 7, serverVersion: 3 });
  });

  it('an unknown rejection code is kept verbatim and lands in the conflicts inbox', async () => {
    const { fetch } = scriptedPushes((actions) => ({
      status: 200,
      body: {
        outcomes: [
          { outcome: 'rejected', id: actions[0]!.id, code: 'QUOTA_EXCEEDED_V9', message: 'too many notes' },
        ],
      },
    }));
    const c = sim(fetch);
    const a = note(c);
    await c.engine.start();
    expect(c.outbox.get(a.action.id)).toMatchObject({
      status: 'rejected',
      rejectionCode: 'QUOTA_EXCEEDED_V9',
    });
    expect(c.outbox.conflicts.list(false)).toEqual([
      expect.objectContaining({
        id: a.action.id,
        code: 'QUOTA_EXCEEDED_V9',
        knownCode: false,
        message: 'too many notes',
      }),
    ]);
  });

  it('401 ⇒ needsSignIn, the outbox is intact (also across a restart)', async () => {
    const { fetch } = scriptedPushes(() => ({
      status: 401,
      body: { error: { code: 'UNAUTHORIZED', message: 'revoked' } },
    }));
    const c = sim(fetch);
    const a = note(c);
    await expect(c.engine.start()).rejects.toMatchObject({ code: 'E_AUTH' });
    expect(c.engine.getStatus()).toMatchObject({ needsSignIn: true, pendingCount: 1 });
    c.restart();
    expect(c.engine.getStatus()).toMatchObject({ needsSignIn: true, pendingCount: 1 });
    expect(c.outbox.get(a.action.id)).toMatchObject({ status: 'pending', attempts: 1 });
    c.engine.signedIn();
    expect(c.engine.getStatus().needsSignIn).toBe(false);
  });

  it('5xx and 429 are transient and carry Retry-After; domain rejections never block the queue', async () => {
    let n = 0;
    const { fetch, pushes } = scriptedPushes((actions) => {
      n++;
      if (n === 1) return { status: 503, body: { error: { code: 'X', message: 'down' } } };
      if (n === 2)
        return {
          status: 429,
          body: { error: { code: 'RATE_LIMITED', message: 'slow' } },
          headers: { 'retry-after': '7' },
        };
      return {
        status: 200,
        body: {
          outcomes: actions.map((a, i) =>
            i === 0
              ? { outcome: 'rejected', id: a.id, code: 'NOT_PERMITTED', message: 'no' }
              : { outcome: 'applied', id: a.id, version: i, seq: 10 + i },
          ),
        },
      };
    });
    const c = sim(fetch);
    note(c, 'a');
    note(c, 'b');
    const e1 = await c.engine.start().catch((e: unknown) => e);
    expect(isTransient(e1 as never)).toBe(true);
    const e2 = (await c.engine.start().catch((e: unknown) => e)) as { details: unknown; code: string };
    expect(isTransient(e2 as never)).toBe(true);
    expect(retryAfterOf(e2 as never)).toBe(7000);
    await c.engine.start();
    expect(c.outbox.list(10).counts).toEqual({ pending: 0, applied: 1, rejected: 1, attention: 0 });
    expect(pushes.map((p) => p.length)).toEqual([2, 2, 2]);
    // Same ids on every retry: the idempotency keys never change.
    expect(new Set(pushes.flat().map((a) => a.id)).size).toBe(2);
  });
});

describe('backoff policy', () => {
  it('full jitter: uniform in [0, min(cap, base·2^n)], never below Retry-After', () => {
    const p = { baseMs: 100, capMs: 1000 };
    expect(fullJitterDelay(0, p, () => 0.999)).toBe(99);
    expect(fullJitterDelay(3, p, () => 0.5)).toBe(400);
    expect(fullJitterDelay(20, p, () => 0.999)).toBe(999);
    expect(fullJitterDelay(5, p, () => 0)).toBe(0);
    expect(fullJitterDelay(0, p, () => 0, 5000)).toBe(5000);
    expect(fullJitterDelay(9, p, () => 0.9, 10)).toBe(900);
  });
  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000 + 4000).toUTCString(), 10_000)).toBe(4000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
