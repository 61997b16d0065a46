// The sync API (docs/ARCHITECTURE.md §5): bearer-token auth, keyset pulls per stream, stats.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  PROTOCOL_VERSION,
  PullQuery,
  StreamName,
  STREAMS,
  type BackendError,
  type BackendStats,
  type WhoAmI,
} from '../shared/protocol';
import { PushRequestEnvelope, type PushReply } from '../shared/actions';
import { ORG_SETTINGS_STREAM } from '../shared/org-settings';
import { applyActions } from './actions';
import { readOrgSettingsPage } from './org-settings';
import { hashToken } from './auth';
import type { BackendDb } from './db';
import {
  findPrincipal,
  liveCount,
  readAccessEventsPageColumns,
  readPage,
  streamWatermark,
  type Principal,
} from './store';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
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

export function buildServer(db: BackendDb, opts: { logger?: boolean } = {}): FastifyInstance {
  const app = Fastify({ logger: opts.logger ?? false });

  app.setErrorHandler((err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof HttpError) {
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

  // Every /v1 route needs a bearer token of an admin.
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/v1/')) return;
    const header = req.headers.authorization;
    const m = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    const token = m?.[1];
    if (!token) throw new HttpError(401, 'UNAUTHORIZED', 'missing bearer token');
    const principal = await findPrincipal(db, hashToken(token));
    if (!principal) throw new HttpError(401, 'UNAUTHORIZED', 'unknown or revoked token');
    req.principal = principal;
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
        const msg = q.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ');
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
      const msg = body.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
        .join('; ');
      throw new HttpError(400, 'BAD_REQUEST', `invalid push: ${msg}`);
    }
    return { outcomes: await applyActions(db, p, body.data.actions) };
  });

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
