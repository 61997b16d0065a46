// Issue 14, item 2 (console side): one action the backend keeps failing on (a 500 from a
// poisoned action, as an older backend answers) no longer jams the outbox: it is pushed alone,
// moves to Needs attention with its error after ATTENTION_AFTER_FAILURES, the actions on other
// requests carry on, and an admin may retry or discard it (both audited). Also: a note holding
// NUL or a lone surrogate is refused when queued, with a typed error.
import { describe, expect, it } from 'vitest';
import { ATTENTION_AFTER_FAILURES } from '../../main/core/outbox/outbox';
import { dispatch } from '../../main/core/dispatch';
import type { ActionIntent } from '../../shared/action-schemas';
import type { SimConsole } from '../helpers/console-sim';
import { scriptedPushes, simConsoles } from '../helpers/sim-backend';

const REQ_A = '019d0000-0000-7000-8000-00000000000a';
const REQ_B = '019d0000-0000-7000-8000-00000000000b';

/** A backend that answers 500 to any batch holding a note whose text is 'poison'. */
function poisonedBackend() {
  let seq = 100;
  return scriptedPushes((actions) =>
    actions.some((a) => (a.payload as { text?: string }).text === 'poison')
      ? { status: 500, body: { error: { code: 'INTERNAL', message: 'internal server error' } } }
      : {
          status: 200,
          body: { outcomes: actions.map((a) => ({ outcome: 'applied', id: a.id, version: 1, seq: ++seq })) },
        },
  );
}

const sim = simConsoles('zta-attn-');

const note = (c: SimConsole, requestId: string, text: string) =>
  c.submit({ kind: 'request.note', requestId, payload: { text } });

const auditEvents = (c: SimConsole) =>
  (
    c.db.prepare('SELECT event, ref FROM audit_log ORDER BY seq').all() as { event: string; ref: string }[]
  ).map((r) => `${r.event}:${r.ref}`);

describe('Needs attention', () => {
  it('an action that keeps failing moves aside; actions on other requests carry on', async () => {
    const { fetch } = poisonedBackend();
    const c = sim(fetch);
    const bad = note(c, REQ_A, 'poison');
    const sameRequest = note(c, REQ_A, 'after the poison, same request');
    const other = note(c, REQ_B, 'another request');
    for (let i = 0; i < ATTENTION_AFTER_FAILURES + 3; i++) await c.sync();
    expect(c.outbox.get(other.action.id)).toMatchObject({ status: 'applied' });
    expect(c.outbox.get(bad.action.id)).toMatchObject({
      status: 'pending',
      attentionAt: expect.any(String),
      failures: ATTENTION_AFTER_FAILURES,
      lastError: { code: 'E_BACKEND' },
    });
    // The later action on the same request waits behind the one held for the admin.
    expect(c.outbox.get(sameRequest.action.id)).toMatchObject({ status: 'pending', attentionAt: null });
    expect(c.outbox.list(10).counts.attention).toBe(1);
    expect(auditEvents(c)).toContain(`action.needs_attention:${bad.action.id}`);

    // Discard: audited, never pushed again; the same-request action goes through.
    c.outbox.discard(bad.action.id);
    expect(await c.sync()).toBe(true);
    expect(c.outbox.get(bad.action.id)).toMatchObject({ status: 'rejected', rejectionCode: 'DISCARDED' });
    expect(c.outbox.get(sameRequest.action.id)).toMatchObject({ status: 'applied' });
    expect(auditEvents(c)).toContain(`action.discarded:${bad.action.id}`);
  });

  it('retry puts the action back in the queue (audited); only held actions can be retried', async () => {
    const { fetch, pushes } = poisonedBackend();
    const c = sim(fetch);
    const bad = note(c, REQ_A, 'poison');
    for (let i = 0; i < ATTENTION_AFTER_FAILURES; i++) await c.sync();
    expect(c.outbox.get(bad.action.id)?.attentionAt).not.toBeNull();
    const pushedBefore = pushes.length;
    await c.sync();
    expect(pushes.length).toBe(pushedBefore); // held: not pushed
    expect(c.outbox.retry(bad.action.id)).toMatchObject({ attentionAt: null, failures: 0 });
    expect(auditEvents(c)).toContain(`action.retried:${bad.action.id}`);
    await c.sync();
    expect(pushes.length).toBe(pushedBefore + 1);
    expect(() => c.outbox.retry(note(c, REQ_B, 'fine').action.id)).toThrow(/does not need attention/);
  });

  it('a 503 (backend busy) is never counted against the action', async () => {
    const { fetch } = scriptedPushes(() => ({ status: 503, body: {} }));
    const c = sim(fetch);
    const a = note(c, REQ_A, 'hello');
    for (let i = 0; i < ATTENTION_AFTER_FAILURES + 2; i++) await c.sync();
    expect(c.outbox.get(a.action.id)).toMatchObject({ failures: 0, attentionAt: null });
  });

  it('text PostgreSQL cannot store is refused at the dispatch boundary, with a typed error', async () => {
    const c = sim(poisonedBackend().fetch);
    // The trust boundary parses the intent; the outbox behind it never sees this text.
    const enqueue = (_channel: string, input: unknown) =>
      Promise.resolve(c.outbox.enqueue(input as ActionIntent));
    for (const text of ['a\u0000b', 'x\ud800y', 'tail\udc00']) {
      const intent = { kind: 'request.note', requestId: REQ_A, payload: { text } };
      await expect(dispatch('actions:submit', intent, enqueue)).resolves.toMatchObject({
        ok: false,
        error: { code: 'E_VALIDATION' },
      });
    }
    expect(c.outbox.list(10).counts.pending).toBe(0);
  });
});
