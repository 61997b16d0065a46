// The sync protocol between the reference backend and the console (docs/ARCHITECTURE.md §5).
// Both sides validate with these schemas; the backend is the server authority.
import { z } from 'zod';
import { AccessDecision, AccessEvent, Id, PrivacyRequest, RequestEvent, Role, Subject } from './domain';

/** 2: access_events pages are columnar (EventColumns) instead of item objects. */
export const PROTOCOL_VERSION = 2;

export const STREAMS = ['subjects', 'access_events', 'requests', 'request_events'] as const;
export const StreamName = z.enum(STREAMS);
export type StreamName = z.infer<typeof StreamName>;

/** Server-monotonic sequence number (per organisation, shared by all streams). */
export const Seq = z.number().int().nonnegative();

/** Default and maximum page sizes for pulls. */
export const PULL_PAGE_DEFAULT = 5000;
export const PULL_PAGE_MAX = 10000;

/** Query string of `GET /v1/sync/:stream`. */
export const PullQuery = z.object({
  after: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(PULL_PAGE_MAX).default(PULL_PAGE_DEFAULT),
  /** The epoch the client's cursor belongs to; a different server epoch means reset. */
  epoch: z.string().max(64).optional(),
});
export type PullQuery = z.infer<typeof PullQuery>;

const itemsOf = <T extends z.ZodType>(data: T) =>
  z.discriminatedUnion('op', [
    z.object({ op: z.literal('upsert'), seq: Seq, data }),
    z.object({ op: z.literal('delete'), seq: Seq, id: Id }),
  ]);

export const StreamItem = {
  subjects: itemsOf(Subject),
  access_events: itemsOf(AccessEvent),
  requests: itemsOf(PrivacyRequest),
  request_events: itemsOf(RequestEvent),
} as const satisfies Record<StreamName, z.ZodType>;

export type StreamItem<S extends StreamName> = z.infer<(typeof StreamItem)[S]>;

/**
 * An access event's context on the wire: the seven attributes that many events share (a person
 * on one device, network and app), sent once per page instead of once per event.
 */
export const EventContextWire = z.tuple([
  AccessEvent.shape.subjectId,
  AccessEvent.shape.username,
  AccessEvent.shape.ip,
  AccessEvent.shape.deviceId,
  AccessEvent.shape.deviceName,
  AccessEvent.shape.osVersion,
  AccessEvent.shape.app,
]);
export type EventContextWire = z.infer<typeof EventContextWire>;

/** Milliseconds since the epoch, inside the range a JavaScript Date can hold. */
const EpochMs = z.int().min(0).max(8_640_000_000_000_000);
const column = <T extends z.ZodType>(t: T) => z.array(t).max(PULL_PAGE_MAX);

/**
 * The access_events page, columnar (a million events are pulled at bootstrap, and JSON objects
 * of eleven keys cost several times more to send, parse and validate than these arrays).
 * Entry i of every column is the page's i-th item, in seq order. `ctx[i]` indexes `contexts`;
 * null marks a tombstone, whose time, decision and reason are null too.
 */
export const EventColumns = z
  .object({
    contexts: column(EventContextWire),
    seq: column(Seq),
    id: column(Id),
    ctx: column(z.int().min(0).nullable()),
    time: column(EpochMs.nullable()),
    decision: column(AccessDecision.nullable()),
    reason: column(AccessEvent.shape.reason),
  })
  .superRefine((c, check) => {
    const fail = (message: string) => check.addIssue({ code: 'custom', message });
    const n = c.seq.length;
    for (const key of ['id', 'ctx', 'time', 'decision', 'reason'] as const) {
      if (c[key].length !== n) return fail(`column ${key} has ${c[key].length} entries, seq has ${n}`);
    }
    for (let i = 0; i < n; i++) {
      const k = c.ctx[i] ?? null;
      if (k === null) {
        if (c.time[i] !== null || c.decision[i] !== null || c.reason[i] !== null)
          return fail(`item ${i} is a tombstone but carries a time, decision or reason`);
      } else if (k >= c.contexts.length) {
        return fail(`item ${i} refers to context ${k}; the page has ${c.contexts.length}`);
      } else if (c.time[i] === null || c.decision[i] === null) {
        return fail(`item ${i} is an event without a time or decision`);
      }
    }
  });
export type EventColumns = z.infer<typeof EventColumns>;

/** The event's context, in the order of EventContextWire. */
export function eventContextOf(e: AccessEvent): EventContextWire {
  return [e.subjectId, e.username, e.ip, e.deviceId, e.deviceName, e.osVersion, e.app];
}

/** Items → columns (contexts deduplicated in order of first use). */
export function eventColumnsOf(items: readonly StreamItem<'access_events'>[]): EventColumns {
  const c: EventColumns = { contexts: [], seq: [], id: [], ctx: [], time: [], decision: [], reason: [] };
  const index = new Map<string, number>();
  for (const item of items) {
    c.seq.push(item.seq);
    if (item.op === 'delete') {
      c.id.push(item.id);
      c.ctx.push(null);
      c.time.push(null);
      c.decision.push(null);
      c.reason.push(null);
      continue;
    }
    const e = item.data;
    const context = eventContextOf(e);
    const key = JSON.stringify(context);
    let k = index.get(key);
    if (k === undefined) {
      index.set(key, (k = c.contexts.length));
      c.contexts.push(context);
    }
    c.id.push(e.id);
    c.ctx.push(k);
    c.time.push(Date.parse(e.time));
    c.decision.push(e.decision);
    c.reason.push(e.reason);
  }
  return c;
}

/** Columns → items (for readers that want whole events; the cache writes columns directly). */
export function eventItemsOf(c: EventColumns): StreamItem<'access_events'>[] {
  return c.seq.map((seq, i) => {
    const k = c.ctx[i];
    const id = c.id[i]!;
    if (k === null || k === undefined) return { op: 'delete', seq, id };
    const [subjectId, username, ip, deviceId, deviceName, osVersion, app] = c.contexts[k]!;
    return {
      op: 'upsert',
      seq,
      data: {
        id,
        time: new Date(c.time[i]!).toISOString(),
        subjectId,
        username,
        ip,
        deviceId,
        deviceName,
        osVersion,
        app,
        decision: c.decision[i]!,
        reason: c.reason[i] ?? null,
      },
    };
  });
}

const pageFields = {
  epoch: z.string().min(1).max(64),
  reset: z.literal(false),
  /** Cursor to send as `after` for the next page (the last item's seq, or `after` if empty). */
  next: Seq,
  hasMore: z.boolean(),
  /** Highest seq of this stream on the server when the page was read. */
  watermark: Seq,
};

const pageOf = <S extends Exclude<StreamName, 'access_events'>>(stream: S) =>
  z.object({
    stream: z.literal(stream),
    ...pageFields,
    items: z.array(StreamItem[stream]).max(PULL_PAGE_MAX),
  });

/** A reply telling the console to drop this stream and re-bootstrap it from `after=0`. */
export const ResetReply = z.object({
  stream: StreamName,
  epoch: z.string().min(1).max(64),
  reset: z.literal(true),
});

export const PullPage = {
  subjects: pageOf('subjects'),
  access_events: z.object({ stream: z.literal('access_events'), ...pageFields, events: EventColumns }),
  requests: pageOf('requests'),
  request_events: pageOf('request_events'),
} as const;

export type PullPage<S extends StreamName> = z.infer<(typeof PullPage)[S]>;

export const pullReplySchema = <S extends StreamName>(stream: S) =>
  z.union([PullPage[stream] as (typeof PullPage)[S], ResetReply]);

/** How many items a page carries. */
export function pageItemCount(page: PullPage<StreamName>): number {
  return 'events' in page ? page.events.seq.length : page.items.length;
}

/** A page's items as objects, whatever the stream's wire form. */
export function pageItems<P extends PullPage<StreamName>>(page: P): StreamItem<P['stream']>[] {
  const p: PullPage<StreamName> = page;
  return ('events' in p ? eventItemsOf(p.events) : p.items) as StreamItem<P['stream']>[];
}

/** `GET /v1/me`: who the bearer token belongs to. */
export const WhoAmI = z.object({
  orgId: Id,
  orgName: z.string().max(256),
  adminId: Id,
  adminName: z.string().max(256),
  role: Role,
  protocolVersion: z.number().int(),
});
export type WhoAmI = z.infer<typeof WhoAmI>;

/** Body of every non-2xx backend reply. */
export const BackendError = z.object({
  error: z.object({ code: z.string().max(64), message: z.string().max(2000) }),
});
export type BackendError = z.infer<typeof BackendError>;

/** `GET /v1/stats`: server-side counts, for operators and for checking a mirror. */
export const BackendStats = z.object({
  counts: z.record(StreamName, z.number().int().nonnegative()),
  watermark: Seq,
  epoch: z.string(),
});
export type BackendStats = z.infer<typeof BackendStats>;
