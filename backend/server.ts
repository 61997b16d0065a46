// The sync API (docs/ARCHITECTURE.md §5): bearer-token auth, keyset pulls per stream, stats.
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { Logger } from 'pino';
import rateLimit from '@fastify/rate-limit';
import {
  PROTOCOL_VERSION,
  PullQuery,
  StreamName,
  STREAMS,
  type BackendError,
  type BackendStats,
  type WhoAmI,
} from '../shared/protocol';
import { PushRequestEnvelope, type PushReply } from '../shared/push-protocol';
import { ORG_SETTINGS_STREAM } from '../shared/org-settings';
import { applyActions } from './actions';
import { AUDIT_READER_ROLES, type OrgAuditPage } from '../shared/audit';
import { readOrgAudit } from './audit';
import { readErasureList } from './erasure-list';
import type { ErasureList } from '../shared/erasure-list';
import { readOrgSettingsPage } from './org-settings';
import { hashToken } from './auth';
import { listConsoles, revocationOf, seenMarker, revokeConsole, type ConsoleResult } from './consoles';
import { REVOKED_CODE, type ConsoleInfo, type ConsoleList } from '../shared/consoles';
import type { BackendDb } from './db';
import {
  findPrincipal,
  liveCount,
  readAccessEventsPageColumns,
  readPage,
  streamWatermark,
  type Principal,
} from './store';
import { describeIssues } from '../shared/zod-issues';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    /** The hash of the bearer token (issue 14: which console is asking). */
    tokenHash?: string;
  }
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const errorBody = (code: string, message: string): BackendError => ({
  error: { code, message: message.slice(0, 2000) },
});

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new HttpError(401, 'UNAUTHORIZED', 'missing or invalid bearer token');
  return req.principal;
}

function consoleValue<T>(r: ConsoleResult<T>): T {
  if (r.ok) return r.value;
  throw new HttpError(r.status, r.status === 403 ? 'FORBIDDEN' : 'NOT_FOUND', r.message);
}

export interface ServerOptions {
  /** The backend's log (backend/log.ts); default: none. */
  logger?: Logger;
  /** Failed authentications per client per minute before 429 (issue 14: default 100). */
  authFailuresPerMinute?: number;
  /** Pushes (POST /v1/actions) per admin per minute before 429 (default 600). */
  pushesPerMinute?: number;
}

type Limiter = (
  req: FastifyRequest,
  opts?: { increment?: boolean },
) => Promise<{ isExceeded?: boolean; remaining?: number; ttlInSeconds?: number; isAllowed: boolean }>;

function tooMany(what: string, retryAfterS: number): HttpError {
  const err = new HttpError(429, 'RATE_LIMITED', `${what}; retry after ${retryAfterS} s`);
  (err as HttpError & { retryAfterS?: number }).retryAfterS = Math.max(1, retryAfterS);
  return err;
}

export function buildServer(db: BackendDb, opts: ServerOptions = {}): FastifyInstance {
  // Fastify's own request lines carry the URL (query strings hold searches and emails): off, and
  // one line per reply instead with the route's pattern, the status and the time taken.
  const app: FastifyInstance = opts.logger
    ? (Fastify({
        loggerInstance: opts.logger,
        logController: new LogController({ disableRequestLogging: true }),
      }) as unknown as FastifyInstance)
    : Fastify({ logger: false });
  if (opts.logger)
    app.addHook('onResponse', async (req, reply) => {
      const line = {
        scope: 'http',
        method: req.method,
        route: req.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        admin: req.principal?.adminId ?? null,
        durationMs: Math.round(reply.elapsedTime),
      };
      if (reply.statusCode >= 500) req.log.error(line, 'reply');
      else if (reply.statusCode >= 400) req.log.warn(line, 'reply');
      else req.log.info(line, 'reply');
    });
  // Rate limits (issue 14, item 5), with @fastify/rate-limit's limiters applied by hand: the
  // failures of authentication are counted per client (a wrong token 3,000 times in a row is
  // answered 429 after the first 100 a minute, even if one of them is right), and pushes per admin.
  void app.register(rateLimit, { global: false });
  const authFailuresMax = opts.authFailuresPerMinute ?? 100;
  const pushesMax = opts.pushesPerMinute ?? 600;
  let authLimiter: Limiter | null = null;
  let pushLimiter: Limiter | null = null;
  const limiters = () => {
    const create = (app as unknown as { createRateLimit: (o: object) => Limiter }).createRateLimit;
    authLimiter ??= create({
      max: authFailuresMax,
      timeWindow: 60_000,
      keyGenerator: (r: FastifyRequest) => r.ip,
    });
    pushLimiter ??= create({
      max: pushesMax,
      timeWindow: 60_000,
      keyGenerator: (r: FastifyRequest) => `push:${r.principal?.adminId ?? r.ip}`,
    });
    return { auth: authLimiter, push: pushLimiter };
  };

  app.setErrorHandler((err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof HttpError) {
      const retryAfterS = (err as HttpError & { retryAfterS?: number }).retryAfterS;
      if (retryAfterS !== undefined) void reply.header('retry-after', String(retryAfterS));
      void reply.status(err.statusCode).send(errorBody(err.code, err.message));
      return;
    }
    const e = err as { statusCode?: number; message?: string };
    const status =
      typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 600 ? e.statusCode : 500;
    if (status >= 500) req.log.error({ err }, 'request failed');
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
    const message = status >= 500 ? 'internal server error' : (e.message ?? code);
    void reply.status(status).send(errorBody(code, message));
  });

  app.setNotFoundHandler((req, reply) => {
    void reply
      .status(404)
      .send(errorBody('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0] ?? ''}`));
  });

  app.get('/healthz', async () => ({ ok: true }));

  const markSeen = seenMarker(db);
  // Every /v1 route needs a bearer token of an admin. The decision is made on the parsed path
  // (issue 14, item 6): an absolute-form target (`GET http://host/v1/me`) is a /v1 request too.
  app.addHook('onRequest', async (req) => {
    const path = new URL(req.url, 'http://backend.invalid').pathname;
    if (!path.startsWith('/v1/') && path !== '/v1') return;
    const { auth } = limiters();
    const seen = await auth(req, { increment: false });
    if (seen.isExceeded || seen.remaining === 0)
      throw tooMany('too many failed authentications from this client', seen.ttlInSeconds ?? 60);
    const header = req.headers.authorization;
    const m = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    const token = m?.[1];
    const tokenHash = token ? hashToken(token) : null;
    const principal = tokenHash ? await findPrincipal(db, tokenHash) : null;
    if (!principal) {
      await auth(req);
      // A revoked token is told so (issue 14): its console purges its cache, a mistyped one does not.
      const revoked = tokenHash ? await revocationOf(db, tokenHash) : null;
      if (revoked)
        throw new HttpError(
          401,
          REVOKED_CODE,
          `this console's token was revoked${revoked.revokedBy ? ` by ${revoked.revokedBy}` : ''} at ${revoked.revokedAt}`,
        );
      throw new HttpError(401, 'UNAUTHORIZED', token ? 'unknown or revoked token' : 'missing bearer token');
    }
    req.principal = principal;
    req.tokenHash = tokenHash!;
    await markSeen(principal, tokenHash!);
    if (req.method === 'POST' && path === '/v1/actions') {
      const { push } = limiters();
      const r = await push(req);
      if (r.isExceeded) throw tooMany('too many pushes from this admin', r.ttlInSeconds ?? 60);
    }
  });

  app.get('/v1/me', async (req): Promise<WhoAmI> => {
    const p = principalOf(req);
    return {
      orgId: p.orgId,
      orgName: p.orgName,
      adminId: p.adminId,
      adminName: p.adminName,
      role: p.role,
      protocolVersion: PROTOCOL_VERSION,
    };
  });

  app.get<{ Params: { stream: string }; Querystring: Record<string, unknown> }>(
    '/v1/sync/:stream',
    async (req, reply) => {
      const p = principalOf(req);
      if (req.params.stream === ORG_SETTINGS_STREAM) {
        const q = PullQuery.safeParse(req.query);
        if (!q.success) throw new HttpError(400, 'BAD_REQUEST', 'invalid query');
        if (q.data.epoch !== undefined && q.data.epoch !== p.epoch)
          return reply.send({ stream: ORG_SETTINGS_STREAM, epoch: p.epoch, reset: true });
        return reply.send(await readOrgSettingsPage(db, p, q.data.after));
      }
      const stream = StreamName.safeParse(req.params.stream);
      if (!stream.success) {
        throw new HttpError(
          400,
          'BAD_REQUEST',
          `unknown stream '${req.params.stream}'; expected one of ${STREAMS.join(', ')}`,
        );
      }
      const q = PullQuery.safeParse(req.query);
      if (!q.success) {
        const msg = describeIssues(q.error, { root: 'query' });
        throw new HttpError(400, 'BAD_REQUEST', `invalid query: ${msg}`);
      }
      const { after, limit, epoch } = q.data;
      const name = stream.data;
      if (epoch !== undefined && epoch !== p.epoch) {
        return reply.send({ stream: name, epoch: p.epoch, reset: true });
      }
      if (name === 'access_events') {
        // The big stream: columnar (shared/protocol EventColumns), built as text, spliced in.
        const page = await readAccessEventsPageColumns(db, p.orgId, after, limit);
        let watermark = await streamWatermark(db, name, p.orgId);
        if (page.lastSeq !== null && page.lastSeq > watermark) watermark = page.lastSeq;
        if (after > watermark) return reply.send({ stream: name, epoch: p.epoch, reset: true });
        const head = JSON.stringify({ stream: name, epoch: p.epoch, reset: false });
        const tail = JSON.stringify({ next: page.lastSeq ?? after, hasMore: page.hasMore, watermark });
        return reply
          .type('application/json; charset=utf-8')
          .send(`${head.slice(0, -1)},"events":${page.columnsJson},${tail.slice(1)}`);
      }
      const page = await readPage(db, name, p.orgId, after, limit);
      let watermark = await streamWatermark(db, name, p.orgId);
      const last = page.items[page.items.length - 1];
      if (last && last.seq > watermark) watermark = last.seq;
      if (after > watermark) {
        return reply.send({ stream: name, epoch: p.epoch, reset: true });
      }
      return reply.send({
        stream: name,
        epoch: p.epoch,
        reset: false,
        items: page.items,
        next: last ? last.seq : after,
        hasMore: page.hasMore,
        watermark,
      });
    },
  );

  app.post('/v1/actions', { bodyLimit: 16 * 1024 * 1024 }, async (req): Promise<PushReply> => {
    const p = principalOf(req);
    const body = PushRequestEnvelope.safeParse(req.body);
    if (!body.success) {
      const msg = describeIssues(body.error, { max: 5, root: 'body' });
      throw new HttpError(400, 'BAD_REQUEST', `invalid push: ${msg}`);
    }
    return { outcomes: await applyActions(db, p, body.data.actions, req.log) };
  });

  // issue 16: the organisation's audit trail; it names every admin, so owners and approvers only.
  app.get('/v1/audit', async (req): Promise<OrgAuditPage> => {
    const p = principalOf(req);
    if (!AUDIT_READER_ROLES.includes(p.role))
      throw new HttpError(403, 'FORBIDDEN', `the ${p.role} role may not read the audit trail`);
    const r = await readOrgAudit(db, p, req.query);
    if (!r.ok) throw new HttpError(400, 'BAD_REQUEST', `invalid query: ${r.message}`);
    return r.page;
  });

  // issue 11: the erasure receipts, by request and by retention; no personal data, so any role.
  app.get('/v1/erasures', async (req): Promise<ErasureList> => {
    const r = await readErasureList(db, principalOf(req).orgId, req.query);
    if (!r.ok) throw new HttpError(400, 'BAD_REQUEST', `invalid query: ${r.message}`);
    return r.list;
  });

  // issue 14 (lost laptops): the organisation's consoles, and revoking one; owners only.
  app.get('/v1/consoles', async (req): Promise<ConsoleList> =>
    consoleValue(await listConsoles(db, principalOf(req), req.tokenHash ?? '')),
  );
  app.post<{ Params: { id: string } }>(
    '/v1/consoles/:id/revoke',
    async (req): Promise<{ console: ConsoleInfo }> => {
      const p = principalOf(req);
      if (!/^[0-9a-f-]{36}$/i.test(req.params.id))
        throw new HttpError(400, 'BAD_REQUEST', 'not a console id');
      return { console: consoleValue(await revokeConsole(db, p, req.tokenHash ?? '', req.params.id)) };
    },
  );

  app.get('/v1/stats', async (req): Promise<BackendStats> => {
    const p = principalOf(req);
    const counts: Record<string, number> = {};
    let watermark = 0;
    for (const s of STREAMS) {
      counts[s] = await liveCount(db, s, p.orgId);
      watermark = Math.max(watermark, await streamWatermark(db, s, p.orgId));
    }
    return { counts: counts as BackendStats['counts'], watermark, epoch: p.epoch };
  });

  return app;
}
