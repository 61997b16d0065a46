// Issue 14, item 3: one bad row no longer stops a stream. An event whose device name is 100,000
// characters long is set aside (id + reason, counted in the stats) and the stream goes on; a
// later valid version of an item replaces its set-aside entry; a broken envelope is still
// refused whole with nothing written.
import { describe, expect, it } from 'vitest';
import { eventColumnsOf, type StreamItem } from '../../shared/protocol';
import type { FetchLike } from '../../main/core/sync/backend-client';
import { cacheStats } from '../../main/core/cache/cache-stats';
import { emptyPullPage, simConsoles, streamOf } from '../helpers/sim-backend';

const SUBJ = '019d0000-0000-7000-8000-0000000000a1';
const ev = (n: number, deviceName = 'laptop'): StreamItem<'access_events'> => ({
  op: 'upsert',
  seq: n,
  data: {
    id: `019d0000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    time: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
    subjectId: SUBJ,
    username: 'u1',
    ip: '10.0.0.1',
    deviceId: 'd1',
    deviceName,
    osVersion: 'os',
    app: 'app',
    decision: 'allow',
    reason: null,
  },
});
const request = (n: number, summary: string) => ({
  op: 'upsert',
  seq: n,
  data: {
    id: '019d0000-0000-7000-8000-0000000000f1',
    subjectId: null,
    type: 'access',
    jurisdiction: 'gdpr',
    status: 'received',
    channel: 'email',
    receivedOn: '2026-01-02',
    version: n,
    assignee: null,
    viaAgent: false,
    extended: false,
    legalHold: false,
    summary,
    updatedAt: '2026-01-02T00:00:00.000Z',
  },
});

type Pages = Partial<Record<string, (after: number) => unknown>>;
function backend(pages: Pages): FetchLike {
  return async (url) => {
    const stream = streamOf(url);
    const after = Number(new URL(url).searchParams.get('after'));
    const page = pages[stream]?.(after) ?? emptyPullPage(stream, after);
    return new Response(JSON.stringify(page), { status: 200 });
  };
}

const sim = simConsoles('zta-aside-');

describe('items a pull cannot accept are set aside', () => {
  it('a 100,000-character device name is set aside; the events around it are applied', async () => {
    const items = [ev(1), ev(2, 'x'.repeat(100_000)), ev(3)];
    const c = sim(
      backend({
        access_events: (after) => ({
          stream: 'access_events',
          epoch: 'e1',
          reset: false,
          events: eventColumnsOf(items.filter((i) => i.seq > after)),
          next: 3,
          hasMore: false,
          watermark: 3,
        }),
      }),
    );
    expect(await c.sync()).toBe(true);
    const stats = cacheStats(c.store);
    expect(stats.streams.find((s) => s.stream === 'access_events')).toMatchObject({ count: 2, cursor: 3 });
    expect(stats.setAsideCount).toBe(1);
    expect(stats.setAside[0]).toMatchObject({
      stream: 'access_events',
      itemId: '019d0000-0000-7000-8000-000000000002',
      seq: 2,
      reason: expect.stringMatching(/deviceName/),
    });
    // The reason names the field, never the value.
    expect(stats.setAside[0]!.reason).not.toContain('xxxxxxxxxx');
  });

  it('a bad request is set aside, and a later valid version of it clears the entry', async () => {
    let version = 1;
    const c = sim(
      backend({
        requests: (after) => {
          const item = version === 1 ? request(1, 's'.repeat(5000)) : request(2, 'fine now');
          return {
            stream: 'requests',
            epoch: 'e1',
            reset: false,
            items: item.seq > after ? [item] : [],
            next: Math.max(after, item.seq),
            hasMore: false,
            watermark: item.seq,
          };
        },
      }),
    );
    expect(await c.sync()).toBe(true);
    expect(cacheStats(c.store).setAsideCount).toBe(1);
    expect(c.store.count('requests')).toBe(0);
    version = 2;
    expect(await c.sync()).toBe(true);
    expect(cacheStats(c.store).setAsideCount).toBe(0);
    expect(c.store.count('requests')).toBe(1);
  });

  it('a broken envelope is still refused whole: E_BAD_PAGE, nothing written, cursor kept', async () => {
    const c = sim(
      backend({
        requests: () => ({
          stream: 'requests',
          epoch: 'e1',
          reset: false,
          items: [request(1, 'ok')],
          next: -5,
        }),
      }),
    );
    await expect(c.engine.start()).rejects.toMatchObject({ code: 'E_BAD_PAGE' });
    expect(c.store.count('requests')).toBe(0);
    expect(c.store.getState('requests').cursor).toBe(0);
    expect(cacheStats(c.store).setAsideCount).toBe(0);
  });
});
