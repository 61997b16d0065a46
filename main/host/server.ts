// The browser host: serves the built renderer and the IPC contract over HTTP on loopback only,
// for machines without the Electron binary (DESIGN.md §2). Same contract as the preload:
//   POST /api/invoke/:channel  {input}  -> Result envelope
//   GET  /api/events                      -> server-sent events, `event: <channel>`
//   GET  /api/exports/:name               -> a finished CSV export (name checked against EXPORT_NAME_RE)
// Access: a one-time token in the printed URL is exchanged for an HttpOnly session cookie.
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { openSealed } from '../core/export/sealed-file';
import { join } from 'node:path';
import { EXPORT_NAME_RE } from '../../shared/contract';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { EVENT_CHANNELS, type EventChannel } from '../../shared/channels';
import type { Result } from '../../shared/errors';
import { checkHostAndOrigin, sameSecret } from './loopback-guard';

/** What the host needs of the core: the contract dispatch and its events. */
export interface ContractEndpoint {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  on(event: EventChannel, listener: (payload: unknown) => void): () => void;
}

export interface HostOptions {
  core: ContractEndpoint;
  /** Directory of the built renderer (index.html + assets). */
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The data directory's `exports/` folder, served read-only at /api/exports/:name. */
  exportsDir?: string;
}

export interface RunningHost {
  /** Origin without token, e.g. http://127.0.0.1:5123 */
  origin: string;
  /** A fresh one-time sign-in URL (each call issues a new token). */
  issueLoginUrl(): string;
  close(): Promise<void>;
}

const COOKIE = 'zta_console';
const BIND_ADDRESS = '127.0.0.1';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const newSecret = () => randomBytes(32).toString('base64url');

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  if (!existsSync(`${opts.rendererDir}/index.html`)) {
    throw new Error(
      `The console UI is not built (${opts.rendererDir}/index.html missing): run \`npm run build\` first.`,
    );
  }
  const loginTokens = new Set<string>();
  const sessions = new Set<string>();
  let port = 0;

  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 1_048_576 });
  await app.register(fastifyCookie);

  const hasSession = (req: FastifyRequest) => {
    const sid = req.cookies[COOKIE];
    return sid !== undefined && [...sessions].some((s) => sameSecret(s, sid));
  };
  const deny = (reply: FastifyReply, status: number, message: string) =>
    reply.code(status).type('text/plain; charset=utf-8').send(message);

  app.addHook('onRequest', async (req, reply) => {
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Cross-Origin-Resource-Policy', 'same-origin');
    reply.header('Cache-Control', 'no-store');
    const verdict = checkHostAndOrigin(req.headers as Record<string, string | undefined>, port);
    if (!verdict.ok) return deny(reply, verdict.status, verdict.reason);

    // The one-time token: exchanged once for a session cookie, then the URL is cleaned.
    const token = (req.query as Record<string, unknown> | undefined)?.token;
    if (req.method === 'GET' && typeof token === 'string') {
      const match = [...loginTokens].find((t) => sameSecret(t, token));
      if (!match)
        return deny(
          reply,
          401,
          'This sign-in link was already used or is not valid. Restart the console for a new one.',
        );
      loginTokens.delete(match);
      const sid = newSecret();
      sessions.add(sid);
      reply.setCookie(COOKIE, sid, { httpOnly: true, sameSite: 'strict', path: '/' });
      return reply.redirect('/', 303);
    }
    if (!hasSession(req)) {
      return deny(reply, 401, 'Open the sign-in link that `zta-console start` printed.');
    }
  });

  app.post<{ Params: { channel: string }; Body: unknown }>('/api/invoke/:channel', async (req, reply) => {
    const body = req.body;
    const input =
      body && typeof body === 'object' && 'input' in body ? (body as { input: unknown }).input : undefined;
    const result = await opts.core.invoke(req.params.channel, input);
    return reply.type('application/json').send(result);
  });

  app.get<{ Params: { name: string }; Querystring: { key?: string } }>(
    '/api/exports/:name',
    async (req, reply) => {
      const name = req.params.name;
      // Only names the core generates: no separators, no dot-dot, nothing user-chosen.
      if (!opts.exportsDir || !EXPORT_NAME_RE.test(name)) return deny(reply, 404, 'No such export.');
      const path = join(opts.exportsDir, name);
      if (!existsSync(path)) return deny(reply, 404, 'No such export.');
      // The file is sealed; its key came to the page in the export's done event (issue 12).
      let body;
      try {
        body = openSealed(path, String(req.query.key ?? ''));
      } catch {
        return deny(reply, 404, 'No such export.');
      }
      // Delivered once: the sealed file goes as soon as it was sent in full.
      reply.raw.once('finish', () => rmSync(path, { force: true }));
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${name}"`)
        .header('Cache-Control', 'no-store')
        .send(body);
    },
  );

  app.get('/api/events', (req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    });
    res.write(': connected\n\n');
    const unsubscribe = EVENT_CHANNELS.map((event) =>
      opts.core.on(event, (payload) => res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)),
    );
    const keepAlive = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.raw.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe.forEach((off) => off());
    });
  });

  await app.register(fastifyStatic, { root: opts.rendererDir, index: 'index.html', cacheControl: false });

  await app.listen({ host: BIND_ADDRESS, port: opts.port ?? 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('Host did not bind a TCP port');
  port = address.port;
  const origin = `http://${BIND_ADDRESS}:${port}`;

  return {
    origin,
    issueLoginUrl() {
      const token = newSecret();
      loginTokens.add(token);
      return `${origin}/?token=${token}`;
    },
    async close() {
      await app.close();
    },
  };
}
