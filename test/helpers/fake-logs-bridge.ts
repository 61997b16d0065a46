// A fake bridge for the renderer's access-log stores (renderer-stores-*.test.ts): an in-memory
// event table answering the logs, histogram, views, export, subjects, settings and sync channels
// like the core does, and recording every call.
import type { Bridge } from '../../shared/contract';
import type { SyncStatus } from '../../shared/contract-app';
import type { AccessEvent } from '../../shared/domain';

export function makeEvents(n: number): AccessEvent[] {
  const base = Date.UTC(2025, 0, 1);
  return Array.from({ length: n }, (_, i) => ({
    id: `ev-${String(i).padStart(6, '0')}`,
    time: new Date(base + i * 60_000).toISOString(),
    subjectId: `s-${i % 7}`,
    username: `user${i % 7}`,
    ip: `10.0.${i % 3}.${i % 250}`,
    deviceId: `d-${i % 5}`,
    deviceName: `device ${i % 5}`,
    osVersion: 'Linux 6',
    app: i % 3 === 0 ? 'payroll' : 'wiki',
    decision: i % 4 === 0 ? 'deny' : 'allow',
    reason: i % 4 === 0 ? 'device not compliant' : null,
  }));
}

type Call = { channel: string; input: Record<string, unknown> };

/** A fake host over an in-memory table, answering like the core does. */
export function fakeBackend(events: AccessEvent[]) {
  let table = [...events];
  const calls: Call[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let syncStatus: SyncStatus = {
    online: true,
    running: false,
    lastSyncedAt: null,
    lastError: null,
    progress: null,
  };
  const views: { id: string; name: string; query: unknown; createdAt: string; updatedAt: string }[] = [];
  let retentionDays = 90;
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));

  const matching = (filter: Record<string, unknown> = {}, order: string = 'desc') => {
    const sorted = [...table].sort((a, b) =>
      a.time === b.time ? a.id.localeCompare(b.id) : a.time.localeCompare(b.time),
    );
    if (order !== 'asc') sorted.reverse();
    return sorted.filter(
      (e) =>
        (!filter.decision || e.decision === filter.decision) &&
        (!filter.app || e.app === filter.app) &&
        (!filter.user || e.username === filter.user) &&
        (!filter.text || e.username === filter.text) &&
        (!filter.from || e.time >= (filter.from as string)) &&
        (!filter.to || e.time < (filter.to as string)),
    );
  };
  const ok = (value: unknown) => ({ ok: true, value });
  const syntaxError = {
    ok: false,
    error: { code: 'E_VALIDATION', message: 'Search syntax error near "(".' },
  };

  const bridge: Bridge = {
    async invoke(channel, raw) {
      const input = (raw ?? {}) as Record<string, unknown>;
      calls.push({ channel, input });
      const filter = (input.filter ?? {}) as Record<string, unknown>;
      if (filter.text === '(') return syntaxError;
      switch (channel) {
        case 'logs:page': {
          const order = (input.order as string) ?? 'desc';
          let rows = matching(filter, order);
          const after = input.after as { time: string; id: string } | undefined;
          if (after) {
            const cmp = (e: AccessEvent) =>
              e.time === after.time ? e.id.localeCompare(after.id) : e.time.localeCompare(after.time);
            rows = rows.filter((e) => (order === 'asc' ? cmp(e) > 0 : cmp(e) < 0));
          }
          const limit = (input.limit as number) ?? 100;
          const page = rows.slice(0, limit);
          const last = page[page.length - 1];
          const next = rows.length > limit && last ? { time: last.time, id: last.id } : null;
          return ok({ rows: page.map((r) => ({ ...r, flags: [] })), next });
        }
        case 'logs:count':
          return ok({ count: matching(filter).length, capped: false });
        case 'logs:histogram': {
          const size = input.bucket === 'hour' ? 3_600_000 : 86_400_000;
          const map = new Map<number, { allow: number; deny: number }>();
          for (const e of matching(filter)) {
            const start = Math.floor(Date.parse(e.time) / size) * size;
            const b = map.get(start) ?? { allow: 0, deny: 0 };
            b[e.decision] += 1;
            map.set(start, b);
          }
          const buckets = [...map.entries()]
            .sort((a, b) => a[0] - b[0])
            .map(([start, b]) => ({ start: new Date(start).toISOString(), ...b }));
          return ok({ bucket: input.bucket, buckets });
        }
        case 'logs:event': {
          const e = table.find((x) => x.id === input.id);
          return e
            ? ok({
                ...e,
                flags: [{ kind: 'new_device' }],
              })
            : { ok: false, error: { code: 'E_VALIDATION', message: 'No such event.' } };
        }
        case 'views:list':
          return ok({ views });
        case 'views:save': {
          const view = {
            id: `v${views.length + 1}`,
            name: input.name as string,
            query: input.query,
            createdAt: '2025-01-01T00:00:00.000Z',
            updatedAt: '2025-01-01T00:00:00.000Z',
          };
          views.push(view);
          return ok(view);
        }
        case 'views:delete': {
          const i = views.findIndex((v) => v.id === input.id);
          if (i >= 0) views.splice(i, 1);
          return ok({ deleted: i >= 0 });
        }
        case 'logs:exportCsv': {
          const total = matching(filter).length;
          const fileName = 'access-events-20250101T000000Z-abcd1234.csv';
          setTimeout(() => {
            emit('export:progress', {
              exportId: 'x1',
              fileName,
              written: Math.floor(total / 2),
              total,
              done: false,
            });
            emit('export:progress', { exportId: 'x1', fileName, written: total, total, done: true });
          }, 1);
          return ok({ exportId: 'x1', fileName, written: 0, total, done: false });
        }
        case 'subjects:list':
          return ok({
            subjects: [
              {
                id: 's-1',
                username: 'user1',
                displayName: 'User One',
                department: null,
                restricted: false,
                restriction: null,
                eventCount: 3,
                flagCount: 0,
              },
            ],
          });
        case 'subjects:timeline': {
          const rows = matching({ user: 'user1' });
          const after = input.after as { id: string } | undefined;
          const start = after ? rows.findIndex((e) => e.id === after.id) + 1 : 0;
          const limit = input.limit as number;
          const page = rows.slice(start, start + limit);
          const last = page[page.length - 1];
          return ok({
            profile: {
              id: 's-1',
              username: 'user1',
              displayName: 'User One',
              email: 'u1@example.org',
              employeeId: null,
              department: null,
              restricted: false,
              devices: [],
              flags: [],
              eventCount: rows.length,
            },
            events: page.map((r) => ({ ...r, flags: [] })),
            next: start + limit < rows.length && last ? { time: last.time, id: last.id } : null,
            requests: [],
          });
        }
        case 'settings:get':
          return ok({ retentionDays });
        case 'settings:set':
          retentionDays = input.retentionDays as number;
          return ok({ retentionDays });
        case 'sync:status':
          return ok(syncStatus);
        case 'cache:stats':
          return ok({ schemaVersion: 1, streams: [], pendingActions: 0, casework: { lateRefusals: 0 } });
        case 'session:signIn':
          return { ok: false, error: { code: 'E_AUTH', message: 'The backend rejected this token.' } };
      }
      return { ok: false, error: { code: 'E_UNKNOWN_CHANNEL', message: channel } };
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)?.add(listener);
      return () => listeners.get(event)?.delete(listener);
    },
  };
  return {
    bridge,
    calls,
    pageCalls: () => calls.filter((c) => c.channel === 'logs:page'),
    add: (more: AccessEvent[]) => {
      table = table.concat(more);
    },
    emitStatus: (s: Partial<SyncStatus>) => {
      syncStatus = { ...syncStatus, ...s };
      emit('sync:status', syncStatus);
    },
  };
}

export const ids = (rows: { id: string }[] | undefined) => (rows ?? []).map((r) => r.id);
