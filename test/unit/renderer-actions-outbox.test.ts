// The renderer's outbox and conflicts stores over an injected fake bridge: the outbox:changed
// event keeps counts and lists fresh; conflicts keep the backend's code verbatim and can be dismissed.
import { describe, expect, it } from 'vitest';
import { createClient } from '../../renderer/src/api/client';
import { createOutboxStore } from '../../renderer/src/stores/outbox';
import { createOpenRequestStore } from '../../renderer/src/stores/open-request';
import { createSyncStore } from '../../renderer/src/stores/sync';
import { createLogsStore } from '../../renderer/src/stores/logs';
import { createCacheStore } from '../../renderer/src/stores/cache';
import { refreshAfterSync } from '../../renderer/src/stores/wiring';
import { idle, until } from '../helpers/store-until';
import { fakeCore, request } from '../helpers/fake-requests-bridge';

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
