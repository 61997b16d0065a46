// The renderer's request, outbox and conflicts stores over an injected fake bridge: actions go
// to `actions:submit` and show as pending at once; the outbox:changed event keeps counts and
// lists fresh; conflicts keep the backend's code verbatim and can be dismissed.
import { describe, expect, it } from 'vitest';
import type { Action, ActionIntentInput } from '../../shared/action-schemas';
import type { Bridge } from '../../shared/contract';
import type { SyncStatus } from '../../shared/contract-app';
import type { Conflict, OutboxEntry, RequestDetail } from '../../shared/contract-requests';
import type { PrivacyRequest } from '../../shared/domain';
import { createClient } from '../../renderer/src/api/client';
import { createOutboxStore } from '../../renderer/src/stores/outbox';
import { createOpenRequestStore } from '../../renderer/src/stores/open-request';
import { createRequestQueueStore, queuedOf } from '../../renderer/src/stores/request-queue';
import { createSyncStore } from '../../renderer/src/stores/sync';
import { createLogsStore } from '../../renderer/src/stores/logs';
import { createCacheStore } from '../../renderer/src/stores/cache';
import { refreshAfterSync } from '../../renderer/src/stores/wiring';
import { idle, until } from '../helpers/store-until';

const T0 = '2026-03-01T10:00:00.000Z';

function request(id: string, over: Partial<PrivacyRequest> = {}): PrivacyRequest {
  return {
    id,
    subjectId: 's-1',
    type: 'erasure',
    jurisdiction: 'gdpr',
    status: 'received',
    channel: 'email',
    receivedOn: '2026-02-20',
    version: 1,
    assignee: null,
    viaAgent: false,
    extended: false,
    legalHold: false,
    summary: 'Please delete my account data.',
    updatedAt: T0,
    respondedOn: null,
    response: null,
    denialBasis: null,
    acknowledgedOn: null,
    acknowledgedVia: null,
    refusedLate: false,
    ...over,
  };
}

let counter = 0;
function uuid7(): string {
  counter += 1;
  return `01890a5d-ac96-7${String(counter).padStart(3, '0')}-8cce-b302099a8057`;
}

function entryFor(intent: ActionIntentInput, status: OutboxEntry['status'] = 'pending'): OutboxEntry {
  const action = {
    ...intent,
    id: uuid7(),
    baseVersion: 1,
    createdAt: T0,
  } as Action;
  return {
    action,
    status,
    attempts: 0,
    ageMs: 0,
    queuedAt: T0,
    lastAttemptAt: null,
    lastError: null,
    serverVersion: null,
    serverSeq: null,
    rejectionCode: null,
    rejectionMessage: null,
    resolvedAt: null,
    failures: 0,
    attentionAt: null,
  };
}

/** A fake core: requests with an overlay, an outbox and conflicts, like the contract says. */
function fakeCore() {
  const requests = new Map<string, PrivacyRequest>([
    ['r-1', request('r-1')],
    ['r-2', request('r-2', { type: 'access', jurisdiction: 'ccpa' })],
  ]);
  const outbox: OutboxEntry[] = [];
  let conflicts: Conflict[] = [];
  const calls: { channel: string; input: unknown }[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));

  const rowOf = (id: string) => {
    const mirrored = requests.get(id);
    if (!mirrored) return null;
    const pending = outbox.filter((e) => e.action.requestId === id && e.status === 'pending');
    let shown = mirrored;
    for (const e of pending) {
      if (e.action.kind === 'request.approve') shown = { ...shown, status: 'approved' };
      if (e.action.kind === 'request.deny') shown = { ...shown, status: 'denied' };
    }
    return {
      request: shown,
      mirrored,
      pending,
      conflictCount: conflicts.filter((c) => c.action.requestId === id).length,
      subjectRestricted: false,
    };
  };

  const bridge: Bridge = {
    async invoke(channel, input) {
      calls.push({ channel, input });
      switch (channel) {
        case 'requests:list':
          return { ok: true, value: { rows: [...requests.keys()].map((id) => rowOf(id)), next: null } };
        case 'requests:get': {
          const id = (input as { id: string }).id;
          const row = rowOf(id);
          if (!row) return { ok: false, error: { code: 'E_NOT_FOUND', message: `No request ${id}.` } };
          const detail: RequestDetail = {
            ...row,
            events: [
              {
                id: 'ev-1',
                requestId: id,
                at: T0,
                actor: 'system',
                kind: 'received',
                detail: { channel: 'email' },
              },
            ],
            conflicts: conflicts.filter((c) => c.action.requestId === id),
            subject: null,
            subjectMirrored: null,
          };
          return { ok: true, value: detail };
        }
        case 'actions:submit': {
          const entry = entryFor(input as ActionIntentInput);
          outbox.push(entry);
          return { ok: true, value: entry };
        }
        case 'outbox:list': {
          const pending = outbox.filter((e) => e.status === 'pending');
          const recent = outbox.filter((e) => e.status !== 'pending');
          return {
            ok: true,
            value: {
              pending,
              recent,
              counts: {
                pending: pending.length,
                applied: recent.filter((e) => e.status === 'applied').length,
                rejected: recent.filter((e) => e.status === 'rejected').length,
              },
            },
          };
        }
        case 'conflicts:list':
          return { ok: true, value: { conflicts } };
        case 'conflicts:dismiss': {
          const id = (input as { id: string }).id;
          const found = conflicts.find((c) => c.id === id);
          if (!found) return { ok: false, error: { code: 'E_NOT_FOUND', message: 'No such conflict.' } };
          conflicts = conflicts.filter((c) => c.id !== id);
          return { ok: true, value: { ...found, dismissedAt: T0 } };
        }
        case 'sync:status': {
          const status: SyncStatus = {
            online: false,
            running: false,
            lastSyncedAt: null,
            lastError: null,
            progress: null,
            pendingCount: outbox.filter((e) => e.status === 'pending').length,
          };
          return { ok: true, value: status };
        }
        default:
          return { ok: false, error: { code: 'E_UNKNOWN_CHANNEL', message: channel } };
      }
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };

  /** The backend rejected an action: it becomes a conflict (and leaves the pending list). */
  const reject = (entry: OutboxEntry, code: string, current: PrivacyRequest) => {
    entry.status = 'rejected';
    entry.rejectionCode = code;
    conflicts.push({
      id: entry.action.id,
      action: entry.action,
      code,
      knownCode: code === 'ALREADY_DECIDED',
      message: 'Decided first by someone else.',
      current,
      decidedBy: 'Ada Approver',
      decidedAt: T0,
      rejectedAt: T0,
      dismissedAt: null,
      canRedecide: false,
    });
    emit('outbox:changed', {
      pendingCount: outbox.filter((e) => e.status === 'pending').length,
      conflictCount: conflicts.length,
      changedIds: [entry.action.id],
    });
  };

  return { bridge, calls, outbox, requests, emit, reject, conflicts: () => conflicts };
}

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

describe('outbox store, conflicts and the wiring', () => {
  it('follows outbox:changed, keeps unknown codes verbatim, and dismisses', async () => {
    const core = fakeCore();
    const client = createClient(core.bridge);
    const outbox = createOutboxStore(client);
    const detail = createOpenRequestStore(client);
    const sync = createSyncStore(client, { pollMs: 0 });
    const wiring = refreshAfterSync({
      sync,
      logs: createLogsStore(client),
      cache: createCacheStore(client),
      openRequest: detail,
      outbox,
    });
    const stop = outbox.getState().start();
    await until(outbox, (s) => s.loaded && !s.loading);
    expect(outbox.getState().pendingCount).toBe(0);
    expect(outbox.getState().loaded).toBe(true);

    await detail.getState().open('r-1');
    await detail
      .getState()
      .submit({ kind: 'request.approve', requestId: 'r-1', payload: { partial: false } });
    await detail.getState().submit({
      kind: 'request.deny',
      requestId: 'r-1',
      payload: { reason: 'Legal claims pending', exemption: 'gdpr-17-3-e' },
    });
    core.emit('outbox:changed', { pendingCount: 2, conflictCount: 0, changedIds: [] });
    expect(outbox.getState().pendingCount).toBe(2);
    await idle(outbox); // the reload the event started
    expect(outbox.getState().pending.map((e) => e.action.kind)).toEqual(['request.approve', 'request.deny']);

    // Another admin decided first; a future backend sends a code this console does not know.
    const [approve, deny] = core.outbox;
    if (!approve || !deny) throw new Error('expected two queued actions');
    core.reject(approve, 'ALREADY_DECIDED', request('r-1', { status: 'denied', version: 3 }));
    core.reject(deny, 'FROZEN_BY_REGULATOR', request('r-1', { status: 'denied', version: 3 }));
    expect(outbox.getState().conflictCount).toBe(2);
    // The outbox reloads on the event, and the wiring refreshes the open request.
    await idle(outbox);
    await idle(detail);
    const s = outbox.getState();
    expect(s.pending).toHaveLength(0);
    expect(s.pendingCount).toBe(0);
    expect(s.conflicts.map((c) => c.code)).toEqual(['ALREADY_DECIDED', 'FROZEN_BY_REGULATOR']);
    expect(s.conflicts[0]?.current?.status).toBe('denied');
    expect(s.conflicts[0]?.decidedBy).toBe('Ada Approver');
    // The open request was refreshed by the wiring: its conflicts are there too.
    expect(detail.getState().detail?.conflicts.map((c) => c.code)).toEqual([
      'ALREADY_DECIDED',
      'FROZEN_BY_REGULATOR',
    ]);
    expect(detail.getState().detail?.conflictCount).toBe(2);

    await outbox.getState().dismiss(approve.action.id);
    expect(outbox.getState().conflicts.map((c) => c.code)).toEqual(['FROZEN_BY_REGULATOR']);
    expect(outbox.getState().conflictCount).toBe(1);
    expect(outbox.getState().dismissing).toEqual([]);

    // Dismissing twice reports the core's message and changes nothing else.
    await outbox.getState().dismiss(approve.action.id);
    expect(outbox.getState().error).toBe('No such conflict.');
    expect(outbox.getState().conflicts).toHaveLength(1);

    stop();
    wiring();
  });

  it('drops outbox:changed payloads that do not match the contract', async () => {
    const core = fakeCore();
    const outbox = createOutboxStore(createClient(core.bridge, { onInvalidEvent: () => undefined }));
    const stop = outbox.getState().start();
    await until(outbox, (s) => s.loaded);
    core.emit('outbox:changed', { pendingCount: -1, conflictCount: 0, changedIds: [] });
    core.emit('outbox:changed', 'not json at all');
    expect(outbox.getState().pendingCount).toBe(0);
    expect(outbox.getState().changes).toBe(0);
    stop();
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
