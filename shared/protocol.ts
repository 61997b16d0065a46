// The sync protocol between the reference backend and the console (DESIGN.md §5).
// Both sides validate with these schemas; the backend is the server authority.
import { z } from 'zod';
import { AccessEvent, Id, PrivacyRequest, RequestEvent, Role, Subject } from './domain';

export const PROTOCOL_VERSION = 1;

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

const pageOf = <S extends StreamName>(stream: S) =>
  z.object({
    stream: z.literal(stream),
    epoch: z.string().min(1).max(64),
    reset: z.literal(false),
    items: z.array(StreamItem[stream]).max(PULL_PAGE_MAX),
    /** Cursor to send as `after` for the next page (the last item's seq, or `after` if empty). */
    next: Seq,
    hasMore: z.boolean(),
    /** Highest seq of this stream on the server when the page was read. */
    watermark: Seq,
  });

/** A reply telling the console to drop this stream and re-bootstrap it from `after=0`. */
export const ResetReply = z.object({
  stream: StreamName,
  epoch: z.string().min(1).max(64),
  reset: z.literal(true),
});

export const PullPage = {
  subjects: pageOf('subjects'),
  access_events: pageOf('access_events'),
  requests: pageOf('requests'),
  request_events: pageOf('request_events'),
} as const;

export type PullPage<S extends StreamName> = z.infer<ReturnType<typeof pageOf<S>>>;

export const pullReplySchema = <S extends StreamName>(stream: S) =>
  z.union([PullPage[stream] as ReturnType<typeof pageOf<S>>, ResetReply]);
export type PullReply<S extends StreamName> = PullPage<S> | z.infer<typeof ResetReply>;

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
