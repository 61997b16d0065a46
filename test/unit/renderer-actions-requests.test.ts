// The renderer's request stores over an injected fake bridge: actions go to `actions:submit` and
// show as pending at once; the requests list, its filter, the routes and bulk actions.
import { describe, expect, it } from 'vitest';
import { createClient } from '../../renderer/src/api/client';
import { createOpenRequestStore } from '../../renderer/src/stores/open-request';
import { createRequestQueueStore, queuedOf } from '../../renderer/src/stores/request-queue';
import { fakeCore } from '../helpers/fake-requests-bridge';

describe('request detail store', () => {
  it('queues an action and shows it pending at once, then with the core overlay', async () => {
    const core = fakeCore();
    const detail = createOpenRequestStore(createClient(core.bridge));
    await detail.getState().open('r-1');
    expect(detail.getState().detail?.request.status).toBe('received');
    expect(detail.getState().detail?.events.map((e) => e.kind)).toEqual(['received']);

    const ok = await detail.getState().submit({
      kind: 'request.approve',
      requestId: 'r-1',
      payload: { partial: false },
    });
    expect(ok).toBe(true);
    const submitted = core.calls.find((c) => c.channel === 'actions:submit');
    expect(submitted?.input).toEqual({
      kind: 'request.approve',
      requestId: 'r-1',
      payload: { partial: false },
    });
    const s = detail.getState();
    expect(s.lastQueued?.action.kind).toBe('request.approve');
    expect(queuedOf(s.detail?.pending ?? []).map((e) => e.action.kind)).toEqual(['request.approve']);
    expect(s.detail?.request.status).toBe('approved'); // the overlay
    expect(s.detail?.mirrored.status).toBe('received'); // the mirror is untouched
    expect(s.submitting).toBe(false);
  });

  it('refuses a denial without a reason before anything is queued', async () => {
    const core = fakeCore();
    const detail = createOpenRequestStore(createClient(core.bridge));
    await detail.getState().open('r-1');
    const ok = await detail.getState().submit({
      kind: 'request.deny',
      requestId: 'r-1',
      payload: { reason: '   ', exemption: 'gdpr-17-3-e' },
    });
    expect(ok).toBe(false);
    expect(detail.getState().submitError).toBe('A reason is required');
    expect(core.calls.some((c) => c.channel === 'actions:submit')).toBe(false);
    expect(core.outbox).toHaveLength(0);
  });

  it('reports a missing request and forgets it on close', async () => {
    const core = fakeCore();
    const detail = createOpenRequestStore(createClient(core.bridge));
    await detail.getState().open('gone');
    expect(detail.getState().error).toBe('No request gone.');
    expect(detail.getState().detail).toBeNull();
    detail.getState().close();
    expect(detail.getState().id).toBeNull();
    expect(detail.getState().error).toBeNull();
  });
});

describe('requests list store', () => {
  it('lists requests with their pending actions', async () => {
    const core = fakeCore();
    const client = createClient(core.bridge);
    const list = createRequestQueueStore(client);
    await list.getState().load();
    expect(list.getState().rows.map((r) => r.request.id)).toEqual(['r-1', 'r-2']);
    expect(list.getState().rows.every((r) => r.pending.length === 0)).toBe(true);

    await createOpenRequestStore(client)
      .getState()
      .submit({
        kind: 'request.note',
        requestId: 'r-2',
        payload: { text: 'Called the requester.' },
      });
    await list.getState().refresh();
    const r2 = list.getState().rows.find((r) => r.request.id === 'r-2');
    expect(queuedOf(r2?.pending ?? []).map((e) => e.action.kind)).toEqual(['request.note']);
  });

  it('a reset (sign-out) gives back the state before the first load; a load in flight is dropped', async () => {
    const list = createRequestQueueStore(createClient(fakeCore().bridge));
    const fresh = { ...list.getState() };
    await list.getState().load();
    list.getState().toggleSelected('r-1', true);
    const inFlight = list.getState().load();
    list.getState().reset();
    await inFlight;
    expect(list.getState()).toEqual(fresh);
  });
});

describe('requests filter', () => {
  it('sends the contract filter and starts from the first page', async () => {
    const core = fakeCore();
    const list = createRequestQueueStore(createClient(core.bridge));
    await list.getState().setFilter({ status: 'received', pendingOnly: true });
    const last = core.calls.filter((c) => c.channel === 'requests:list').at(-1);
    expect(last?.input).toEqual({ filter: { status: 'received', pendingOnly: true }, limit: 200 });
    expect(list.getState().filter).toEqual({ status: 'received', pendingOnly: true });
    list.getState().reset();
    expect(list.getState().filter).toEqual({});
    expect(list.getState().loaded).toBe(false);
  });
});

describe('routes', () => {
  it('reads the room and the request id from the hash', async () => {
    const { routeFromHash, hrefOf } = await import('../../renderer/src/hash-routes');
    expect(routeFromHash('#/requests')).toMatchObject({ room: 'requests', item: null });
    expect(routeFromHash(hrefOf('requests', 'r 1/é'))).toMatchObject({ room: 'requests', item: 'r 1/é' });
    expect(routeFromHash('#/requests/%E0%A4%A')).toMatchObject({ room: 'requests', item: null });
    expect(routeFromHash('#/nowhere/x')).toMatchObject({ room: 'dashboard', item: null });
    expect(routeFromHash('')).toMatchObject({ room: 'dashboard', item: null });
    const filtered = routeFromHash('#/requests?subject=u%201');
    expect(filtered).toMatchObject({ room: 'requests', item: null });
    expect(filtered.query.get('subject')).toBe('u 1');
  });
});

describe('bulk actions on a selection', () => {
  it('queues one action per selected request, reports the outcome, clears the selection', async () => {
    const core = fakeCore();
    const list = createRequestQueueStore(createClient(core.bridge));
    await list.getState().load();
    list.getState().toggleSelected('r-1', true);
    list.getState().toggleSelected('r-2', true);
    list.getState().toggleSelected('r-2', false);
    list.getState().toggleSelected('r-2', true);
    expect(list.getState().selected).toEqual(['r-1', 'r-2']);
    await list
      .getState()
      .bulk(
        (requestId) => ({ kind: 'request.assign', requestId, payload: { assignee: 'Ada' } }),
        'Assign to me',
      );
    const submitted = core.calls.filter((c) => c.channel === 'actions:submit').map((c) => c.input);
    expect(submitted).toEqual([
      { kind: 'request.assign', requestId: 'r-1', payload: { assignee: 'Ada' } },
      { kind: 'request.assign', requestId: 'r-2', payload: { assignee: 'Ada' } },
    ]);
    expect(list.getState().selected).toEqual([]);
    expect(list.getState().bulkResult).toBe('Assign to me: queued for 2 of 2 requests.');
    expect(list.getState().rows.every((r) => queuedOf(r.pending).length === 1)).toBe(true);
  });

  it('closes the selection as duplicates of its oldest request, and refuses a lone one', async () => {
    const core = fakeCore();
    const list = createRequestQueueStore(createClient(core.bridge));
    await list.getState().load();
    list.getState().toggleSelected('r-2', true);
    await list.getState().closeDuplicates();
    expect(list.getState().bulkResult).toMatch(/^Close as duplicate: Select at least two/);
    expect(core.calls.some((c) => c.channel === 'actions:submit')).toBe(false);

    list.getState().toggleSelected('r-1', true);
    await list.getState().closeDuplicates();
    const submitted = core.calls.filter((c) => c.channel === 'actions:submit').map((c) => c.input);
    // Same receipt date: the lower id is the older one, kept open.
    expect(submitted).toEqual([
      {
        kind: 'request.close_duplicate',
        requestId: 'r-2',
        payload: { duplicateOf: 'r-1', note: 'Duplicate of r-1' },
      },
    ]);
    expect(list.getState().bulkResult).toBe('Close as duplicate of r-1: queued for 1 of 1 request.');
    expect(list.getState().selected).toEqual([]);
  });
});
