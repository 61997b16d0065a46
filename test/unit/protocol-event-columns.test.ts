// The columnar access_events page (shared/protocol EventColumns): items survive the round trip
// through columns exactly, contexts are sent once, and malformed columns are refused by name.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EventColumns,
  eventColumnsOf,
  eventItemsOf,
  pullReplySchema,
  type StreamItem,
} from '../../shared/protocol';

const DAY0 = Date.UTC(2026, 0, 1);
const word = fc.string({ minLength: 1, maxLength: 12 });
/** Few distinct values per attribute, so many events share a context. */
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const item: fc.Arbitrary<StreamItem<'access_events'>> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('upsert' as const),
      seq: fc.nat(),
      data: fc.record({
        id: word,
        time: fc.integer({ min: 0, max: 400 * 86_400_000 }).map((ms) => new Date(DAY0 + ms).toISOString()),
        subjectId: pick(['s1', 's2', 's3']),
        username: pick(['ana', 'bo', 'جمال', '<b>x</b>']),
        ip: pick(['10.0.0.1', '2001:db8::1', '198.51.100.7']),
        deviceId: pick(['d1', 'd2']),
        deviceName: pick(['Mac "Pro"', 'Phone\u202e']),
        osVersion: pick(['macOS 15', 'iOS 18']),
        app: pick(['Slack', 'Jira']),
        decision: pick(['allow', 'deny'] as const),
        reason: fc.option(pick(['mfa_failed', 'device_untrusted']), { nil: null }),
      }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), seq: fc.nat(), id: word }) },
);

describe('event columns', () => {
  it('items → columns → items is the identity, and each context is sent once', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 60 }), (items) => {
        const columns = EventColumns.parse(JSON.parse(JSON.stringify(eventColumnsOf(items))));
        expect(eventItemsOf(columns)).toEqual(items);
        const keys = columns.contexts.map((c) => JSON.stringify(c));
        expect(new Set(keys).size).toBe(keys.length);
        const upserts = items.filter((i) => i.op === 'upsert');
        const distinct = new Set(
          upserts.map(({ data: e }) =>
            JSON.stringify([e.subjectId, e.username, e.ip, e.deviceId, e.deviceName, e.osVersion, e.app]),
          ),
        );
        expect(columns.contexts).toHaveLength(distinct.size);
      }),
    );
  });

  const good = () =>
    eventColumnsOf([
      {
        op: 'upsert',
        seq: 1,
        data: {
          id: 'e1',
          time: '2026-01-01T00:00:00.000Z',
          subjectId: 's1',
          username: 'ana',
          ip: '10.0.0.1',
          deviceId: 'd1',
          deviceName: 'Mac',
          osVersion: 'macOS 15',
          app: 'Slack',
          decision: 'deny',
          reason: 'mfa_failed',
        },
      },
      { op: 'delete', seq: 2, id: 'e0' },
    ]);
  const message = (columns: unknown) => {
    const r = EventColumns.safeParse(columns);
    return r.success ? 'accepted' : r.error.issues.map((i) => i.message).join('; ');
  };

  it.each([
    [
      'a column shorter than seq',
      (c: EventColumns) => c.reason.pop(),
      /column reason has 1 entries, seq has 2/,
    ],
    [
      'a context index past the list',
      (c: EventColumns) => (c.ctx[0] = 1),
      /refers to context 1; the page has 1/,
    ],
    ['a tombstone with a time', (c: EventColumns) => (c.time[1] = 5), /tombstone but carries/],
    [
      'an event without a decision',
      (c: EventColumns) => (c.decision[0] = null),
      /without a time or decision/,
    ],
    ['an unknown decision', (c: EventColumns) => ((c.decision as unknown[])[0] = 'maybe'), /allow|deny/],
    ['a time that is not whole milliseconds', (c: EventColumns) => (c.time[0] = 1.5), /int/i],
    ['a context of six attributes', (c: EventColumns) => c.contexts[0]!.pop(), />=7 items/],
  ])('refuses %s with a message naming it', (_, spoil, why) => {
    expect(message(good())).toBe('accepted');
    const c = good();
    spoil(c);
    expect(message(c)).toMatch(why);
  });

  it('an access_events reply must be columnar: the item-object form is refused', () => {
    const page = { stream: 'access_events', epoch: 'e', reset: false, next: 2, hasMore: false, watermark: 2 };
    expect(pullReplySchema('access_events').safeParse({ ...page, events: good() }).success).toBe(true);
    const items = eventItemsOf(good());
    expect(pullReplySchema('access_events').safeParse({ ...page, items }).success).toBe(false);
  });
});
