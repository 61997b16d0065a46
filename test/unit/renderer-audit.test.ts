// The Audit room's store (issue 16): one filter becomes each channel's own query, and a trail
// that fails (the org trail offline, a viewer) leaves the other one shown.
import { describe, expect, it } from 'vitest';
import { createClient } from '../../renderer/src/api/client';
import { auditQuery, createAuditStore } from '../../renderer/src/stores/audit';
import type { Bridge } from '../../shared/contract';

const entry = {
  seq: 3,
  at: '2026-05-01T10:00:00.000Z',
  actor: 'Ada Admin',
  event: 'read.timeline',
  ref: 'subject-1',
  detail: {},
  intact: true,
};

function bridge(seen: { channel: string; input: unknown }[]): Bridge {
  return {
    invoke: async (channel, input) => {
      seen.push({ channel, input });
      if (channel === 'audit:local')
        return {
          ok: true,
          value: { entries: [entry], nextBeforeSeq: null, verification: { ok: true, entries: 3 } },
        };
      return {
        ok: false,
        error: { code: 'E_FORBIDDEN', message: 'Only an owner or an approver may read it.' },
      };
    },
    on: () => () => undefined,
  };
}

describe('audit store', () => {
  it('maps the days to UTC bounds (the "to" day included) and drops empty fields', () => {
    expect(
      auditQuery({
        admin: ' Ada ',
        ref: '',
        kind: 'request.approve',
        fromDay: '2026-05-01',
        toDay: '2026-05-01',
      }),
    ).toEqual({
      admin: 'Ada',
      kind: 'request.approve',
      from: '2026-05-01T00:00:00.000Z',
      to: '2026-05-02T00:00:00.000Z',
    });
    expect(auditQuery({ admin: '', ref: '', kind: '', fromDay: '', toDay: '' })).toEqual({});
  });

  it('sends the admin as the local actor and the request as the org requestId; one failure keeps the other', async () => {
    const seen: { channel: string; input: unknown }[] = [];
    const store = createAuditStore(createClient(bridge(seen)));
    store.getState().setFilter({ admin: 'Ada Admin', ref: 'req-1' });
    await store.getState().load();
    expect(seen.find((s) => s.channel === 'audit:local')?.input).toMatchObject({
      filter: { actor: 'Ada Admin', ref: 'req-1' },
    });
    expect(seen.find((s) => s.channel === 'audit:org')?.input).toMatchObject({
      admin: 'Ada Admin',
      requestId: 'req-1',
    });
    const s = store.getState();
    expect(s.local).toHaveLength(1);
    expect(s.verification).toEqual({ ok: true, entries: 3 });
    expect(s.localError).toBeNull();
    expect(s.org).toEqual([]);
    expect(s.orgError).toMatch(/owner or an approver/);
    expect(s.loading).toBe(false);
  });

  it('a "More" page that lands after a reset (sign-out) is dropped, not appended', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const b: Bridge = {
      invoke: async (channel, input) => {
        if (channel !== 'audit:local') return { ok: false, error: { code: 'E_OFFLINE', message: 'offline' } };
        const more = (input as { beforeSeq?: number }).beforeSeq !== undefined;
        if (more) await gate;
        return {
          ok: true,
          value: {
            entries: [{ ...entry, seq: more ? 2 : 3 }],
            nextBeforeSeq: more ? null : 3,
            verification: { ok: true, entries: 3 },
          },
        };
      },
      on: () => () => undefined,
    };
    const store = createAuditStore(createClient(b));
    await store.getState().load();
    expect(store.getState().local.map((e) => e.seq)).toEqual([3]);
    const more = store.getState().moreLocal();
    store.getState().reset();
    release();
    await more;
    expect(store.getState().local).toEqual([]);
    expect(store.getState().localNext).toBeNull();
  });
});
