// A tiny hand-made sync backend for the core's tests: real HTTP on 127.0.0.1, pages served
// from in-memory item lists, with knobs for the failures the engine must survive.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AccessEvent, PrivacyRequest, RequestEvent, Subject } from '../../shared/domain';
import {
  eventColumnsOf,
  PROTOCOL_VERSION,
  STREAMS,
  type StreamItem,
  type StreamName,
} from '../../shared/protocol';
import { requestFixture } from '../helpers/request-fixture';

export type FakeItem =
  { op: 'upsert'; seq: number; data: unknown } | { op: 'delete'; seq: number; id: string };

export const FAKE_TOKEN = 'fake-admin-token-0123456789abcdef';

export class FakeBackend {
  epoch = 'epoch-1';
  pageSize = 3;
  token = FAKE_TOKEN;
  protocolVersion: number = PROTOCOL_VERSION;
  orgId = 'org-1';
  items: Record<StreamName, FakeItem[]> = {
    subjects: [],
    access_events: [],
    requests: [],
    request_events: [],
  };
  /** Every request's path and query, in order. */
  log: string[] = [];
  /** Return true to take over a request (custom reply). */
  hook: ((req: IncomingMessage, res: ServerResponse, url: URL) => boolean) | null = null;
  private seq = 0;
  private server: Server | null = null;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  upsert(stream: StreamName, data: { id: string }): number {
    const seq = ++this.seq;
    this.items[stream].push({ op: 'upsert', seq, data });
    return seq;
  }

  remove(stream: StreamName, id: string): number {
    const seq = ++this.seq;
    this.items[stream].push({ op: 'delete', seq, id });
    return seq;
  }

  async start(port = 0): Promise<this> {
    const server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  /** Kill the server: stop listening and drop every open connection. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    this.log.push(url.pathname + url.search);
    if (this.hook?.(req, res, url)) return;
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return this.send(res, 401, { error: { code: 'UNAUTHORIZED', message: 'bad token' } });
    }
    if (url.pathname === '/v1/me') {
      return this.send(res, 200, {
        orgId: this.orgId,
        orgName: 'Acme Test Org',
        adminId: 'admin-1',
        adminName: 'Ada Admin',
        role: 'owner',
        protocolVersion: this.protocolVersion,
      });
    }
    const m = /^\/v1\/sync\/([a-z_]+)$/.exec(url.pathname);
    const stream = m?.[1] as StreamName | undefined;
    if (!stream || !(STREAMS as readonly string[]).includes(stream)) {
      return this.send(res, 404, { error: { code: 'NOT_FOUND', message: 'no such route' } });
    }
    const epoch = url.searchParams.get('epoch');
    if (epoch !== null && epoch !== this.epoch)
      return this.send(res, 200, { stream, epoch: this.epoch, reset: true });
    const after = Number(url.searchParams.get('after') ?? 0);
    const all = this.items[stream];
    const rest = all.filter((i) => i.seq > after);
    const items = rest.slice(0, this.pageSize);
    const next = items.length ? items[items.length - 1]!.seq : after;
    const watermark = all.reduce((max, i) => Math.max(max, i.seq), 0);
    this.send(res, 200, {
      stream,
      epoch: this.epoch,
      reset: false,
      // access_events go columnar, like the reference backend sends them.
      ...(stream === 'access_events'
        ? { events: eventColumnsOf(items as StreamItem<'access_events'>[]) }
        : { items }),
      next,
      hasMore: rest.length > items.length,
      watermark,
    });
  }
}

/** Recent (a week ago, noon UTC) so the cache's retention window (90 days) keeps every event. */
export const T0 = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 7 * 86_400_000 + 12 * 3_600_000;

export function subject(n: number, over: Partial<Subject> = {}): Subject {
  return {
    id: `subj-${n}`,
    username: `user${n}`,
    email: `user${n}@example.test`,
    displayName: `User ${n}`,
    employeeId: null,
    department: null,
    restricted: false,
    restriction: null,
    devices: [],
    createdAt: new Date(T0).toISOString(),
    updatedAt: new Date(T0).toISOString(),
    ...over,
  };
}

export function event(n: number, over: Partial<AccessEvent> = {}): AccessEvent {
  return {
    id: `ev-${String(n).padStart(4, '0')}`,
    time: new Date(T0 + n * 60_000).toISOString(),
    subjectId: `subj-${n % 3}`,
    username: `user${n % 3}`,
    ip: `10.0.0.${n % 250}`,
    deviceId: `dev-${n % 3}`,
    deviceName: 'Laptop',
    osVersion: 'macOS 15',
    app: n % 2 ? 'mail' : 'wiki',
    decision: n % 4 === 0 ? 'deny' : 'allow',
    reason: n % 4 === 0 ? 'device not compliant' : null,
    ...over,
  };
}

export function request(n: number): PrivacyRequest {
  return requestFixture({
    id: `req-${n}`,
    subjectId: `subj-${n}`,
    type: 'access',
    summary: `Request ${n}`,
    updatedAt: new Date(T0).toISOString(),
  });
}

export function requestEvent(n: number): RequestEvent {
  return {
    id: `rev-${n}`,
    requestId: `req-${n}`,
    at: new Date(T0).toISOString(),
    actor: 'system',
    kind: 'received',
    detail: {},
  };
}
