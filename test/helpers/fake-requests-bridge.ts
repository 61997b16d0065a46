// A fake core for the renderer's request, outbox and conflicts stores (renderer-actions-*.test.ts):
// requests with an overlay, an outbox and conflicts, answering the bridge like the contract says.
import type { Action, ActionIntentInput } from '../../shared/action-schemas';
import type { Bridge } from '../../shared/contract';
import type { SyncStatus } from '../../shared/contract-app';
import type { Conflict, OutboxEntry, RequestDetail } from '../../shared/contract-requests';
import type { PrivacyRequest } from '../../shared/domain';
import { requestFixture } from './request-fixture';

const T0 = '2026-03-01T10:00:00.000Z';

export function request(id: string, over: Partial<PrivacyRequest> = {}): PrivacyRequest {
  return requestFixture({
    id,
    subjectId: 's-1',
    receivedOn: '2026-02-20',
    summary: 'Please delete my account data.',
    updatedAt: T0,
    ...over,
  });
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
export function fakeCore() {
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
