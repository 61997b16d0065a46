// A page that fails validation because of some of its items (issue 14, item 3): before, one
// bad row (a device name of 100,000 characters) stopped the stream at that cursor for every
// console, forever. Now the page's envelope must still be valid (stream, epoch, cursors, equal
// column lengths: a broken envelope is still E_BAD_PAGE, nothing written), but each item is
// checked on its own: the valid ones are applied, the others are set aside with their id and
// the reason (paths and messages, never the values), and the stream goes on.
import { z } from 'zod';
import {
  eventColumnsOf,
  PULL_PAGE_MAX,
  PullPage,
  StreamItem,
  type StreamName,
} from '../../../shared/protocol';
import { describeIssues } from '../../../shared/zod-issues';

export interface SetAsideItem {
  itemId: string;
  seq: number;
  reason: string;
}

export interface Salvaged<S extends StreamName> {
  page: PullPage<S>;
  setAside: SetAsideItem[];
}

/** The fields every pull page shares, exactly as shared/protocol's page schemas check them. */
const { epoch, reset, next, hasMore, watermark } = PullPage.access_events.shape;
const envelope = { epoch, reset, next, hasMore, watermark };
const anyColumn = z.array(z.unknown()).max(PULL_PAGE_MAX);
const ItemsEnvelope = z.object({ stream: z.string(), ...envelope, items: anyColumn });
const ColumnsEnvelope = z.object({
  stream: z.literal('access_events'),
  ...envelope,
  events: z.object({
    contexts: z.array(z.unknown()).max(PULL_PAGE_MAX),
    seq: anyColumn,
    id: anyColumn,
    ctx: anyColumn,
    time: anyColumn,
    decision: anyColumn,
    reason: anyColumn,
  }),
});

function reasonOf(error: z.ZodError): string {
  return describeIssues(error, { max: 5, root: 'item' }).slice(0, 1000);
}

/** Epoch ms as ISO text when a Date can hold it; anything else is passed on to fail validation. */
function isoOf(t: unknown): unknown {
  if (typeof t !== 'number' || !Number.isFinite(t) || Math.abs(t) > 8_640_000_000_000_000) return t;
  return new Date(t).toISOString();
}

function idOf(raw: unknown, fallbackSeq: number): string {
  const r = raw as { id?: unknown; data?: { id?: unknown } } | null;
  const id = typeof r?.data?.id === 'string' ? r.data.id : typeof r?.id === 'string' ? r.id : null;
  return id !== null && id.length <= 128 ? id : `seq:${fallbackSeq}`;
}

/**
 * The page with its invalid items set aside, or null when the envelope itself is broken
 * (then nothing can be trusted, and the caller refuses the whole page).
 */
export function salvagePage<S extends StreamName>(stream: S, body: unknown): Salvaged<S> | null {
  if (stream === 'access_events') return salvageColumns(body) as Salvaged<S> | null;
  const env = ItemsEnvelope.safeParse(body);
  if (!env.success || env.data.stream !== stream) return null;
  const schema = StreamItem[stream];
  const items: unknown[] = [];
  const setAside: SetAsideItem[] = [];
  for (const raw of env.data.items) {
    const parsed = schema.safeParse(raw);
    const seq = typeof (raw as { seq?: unknown })?.seq === 'number' ? (raw as { seq: number }).seq : -1;
    if (parsed.success) items.push(parsed.data);
    else setAside.push({ itemId: idOf(raw, seq), seq, reason: reasonOf(parsed.error) });
  }
  return { page: { ...env.data, stream, items } as unknown as PullPage<S>, setAside };
}

function salvageColumns(body: unknown): Salvaged<'access_events'> | null {
  const env = ColumnsEnvelope.safeParse(body);
  if (!env.success) return null;
  const c = env.data.events;
  const n = c.seq.length;
  if ([c.id, c.ctx, c.time, c.decision, c.reason].some((col) => col.length !== n)) return null;
  const items: StreamItem<'access_events'>[] = [];
  const setAside: SetAsideItem[] = [];
  for (let i = 0; i < n; i++) {
    const k = c.ctx[i];
    const seq = c.seq[i];
    const context = typeof k === 'number' ? c.contexts[k] : undefined;
    const raw =
      k === null
        ? { op: 'delete', seq, id: c.id[i] }
        : (() => {
            const [subjectId, username, ip, deviceId, deviceName, osVersion, app] = Array.isArray(context)
              ? (context as unknown[])
              : [];
            const t = c.time[i];
            return {
              op: 'upsert',
              seq,
              data: {
                id: c.id[i],
                time: isoOf(t),
                subjectId,
                username,
                ip,
                deviceId,
                deviceName,
                osVersion,
                app,
                decision: c.decision[i],
                reason: c.reason[i],
              },
            };
          })();
    const parsed = StreamItem.access_events.safeParse(raw);
    if (parsed.success) items.push(parsed.data);
    else
      setAside.push({
        itemId: idOf(raw, typeof seq === 'number' ? seq : -1),
        seq: typeof seq === 'number' ? seq : -1,
        reason: reasonOf(parsed.error),
      });
  }
  const { stream, epoch, next, hasMore, watermark } = env.data;
  return {
    page: { stream, epoch, reset: false, next, hasMore, watermark, events: eventColumnsOf(items) },
    setAside,
  };
}
