// The browser host: serves the built renderer and the IPC contract over HTTP on loopback only,
// for machines without the Electron binary (docs/ARCHITECTURE.md §2). Same contract as the preload:
//   POST /api/invoke/:channel  {input}  -> Result envelope
//   GET  /api/events                      -> server-sent events, `event: <channel>`
//   GET  /api/exports/:name               -> a finished CSV export (name checked against EXPORT_NAME_RE)
// Access (issue 14): the printed one-time link `/?token=T#session=S` expires after a few
// minutes; T is exchanged once for an HttpOnly cookie, and S (in the fragment: never sent over
// the network, never served again) is kept by the page in sessionStorage and must come with
// every /api call as the `x-zta-session` header. The cookie alone — which browsers also send to
// any other local port's pages — reads nothing. Sessions end after an idle period (12 h by
// default) and at sign-out (the page that signed out gets a fresh session: rotation).
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { openSealed } from '../core/export/sealed-file';
import { join } from 'node:path';
import { EXPORT_NAME_RE } from '../../shared/contract-logs';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { EVENT_CHANNELS, type ContractEndpoint } from '../../shared/channels';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';
import { checkHostAndOrigin, sameSecret } from './loopback-guard';
import { log } from '../core/log';

export interface HostOptions {
  core: ContractEndpoint;
  /** Directory of the built renderer (index.html + assets). */
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The data directory's `exports/` folder, served read-only at /api/exports/:name. */
  exportsDir?: string;
  /** A session unused for this long ends (default 12 h; `ZTA_SESSION_IDLE_HOURS`). */
  sessionIdleMs?: number;
  /** A one-time link not opened within this long expires (default 5 min). */
  loginTtlMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

export const SESSION_HEADER = 'x-zta-session';
export const SESSION_NEXT_HEADER = 'x-zta-session-next';
export const DEFAULT_SESSION_IDLE_MS = 12 * 3600_000;
export const DEFAULT_LOGIN_TTL_MS = 5 * 60_000;

/** The idle timeout from the environment (`ZTA_SESSION_IDLE_HOURS`), else the default. */
export function sessionIdleMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const hours = Number(env.ZTA_SESSION_IDLE_HOURS);
  return Number.isFinite(hours) && hours > 0 ? Math.round(hours * 3600_000) : DEFAULT_SESSION_IDLE_MS;
}

interface HostSession {
  secret: string;
  lastSeen: number;
  /** Open event streams, ended with the session. */
  streams: Set<{ end(): void }>;
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

const newSecret = () => randomBytes(32).toString('base64url');

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  if (!existsSync(`${opts.rendererDir}/index.html`)) {
    throw new Error(
      `The console UI is not built (${opts.rendererDir}/index.html missing): run \`npm run build\` first.`,
    );
  }
  const loginTokens = new Map<string, { secret: string; expiresAt: number }>();
  const sessions = new Map<string, HostSession>();
  const now = opts.now ?? Date.now;
  const idleMs = opts.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS;
  const loginTtlMs = opts.loginTtlMs ?? DEFAULT_LOGIN_TTL_MS;
  let port = 0;

  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 1_048_576 });
  await app.register(fastifyCookie);

  const endSession = (sid: string) => {
    const s = sessions.get(sid);
    if (!s) return;
    sessions.delete(sid);
    for (const stream of s.streams) stream.end();
  };
  const newSession = (reply: FastifyReply, secret: string): string => {
    const sid = newSecret();
    sessions.set(sid, { secret, lastSeen: now(), streams: new Set() });
    reply.setCookie(COOKIE, sid, { httpOnly: true, sameSite: 'strict', path: '/' });
    return sid;
  };
  /** The cookie's live session (expired ones end here), or null. */
  const sessionOf = (req: FastifyRequest): { sid: string; session: HostSession } | null => {
    const cookie = req.cookies[COOKIE];
    if (cookie === undefined) return null;
    for (const [sid, session] of sessions) {
      if (!sameSecret(sid, cookie)) continue;
      if (now() - session.lastSeen > idleMs) {
        endSession(sid);
        return null;
      }
      return { sid, session };
    }
    return null;
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
    if (!verdict.ok) {
      log('host').warn({ status: verdict.status }, 'request refused: host or origin');
      return deny(reply, verdict.status, verdict.reason);
    }

    // The one-time token: exchanged once for a session cookie, then the URL is cleaned (the
    // fragment with the session secret survives the redirect: browsers keep it).
    const token = (req.query as Record<string, unknown> | undefined)?.token;
    if (req.method === 'GET' && typeof token === 'string') {
      const match = [...loginTokens.entries()].find(([t]) => sameSecret(t, token));
      if (match) loginTokens.delete(match[0]);
      if (!match || now() > match[1].expiresAt) {
        log('host').warn({ known: match !== undefined }, 'sign-in link refused');
        return deny(
          reply,
          401,
          'This sign-in link was already used, has expired or is not valid. Restart the console for a new one.',
        );
      }
      newSession(reply, match[1].secret);
      log('host').info({ sessions: sessions.size }, 'sign-in link exchanged for a session');
      return reply.redirect('/', 303);
    }
    const current = sessionOf(req);
    if (!current) {
      return deny(reply, 401, 'Open the sign-in link that `zta-console start` printed.');
    }
    // Decide on the parsed path, never the raw target (an absolute-form target is parsed too).
    const path = new URL(req.url, 'http://host.invalid').pathname;
    if (path.startsWith('/api/')) {
      const header = req.headers[SESSION_HEADER];
      if (typeof header !== 'string' || !sameSecret(current.session.secret, header))
        return deny(reply, 401, 'This console session needs its page: open the sign-in link again.');
    }
    current.session.lastSeen = now();
  });

  // Sign-out ends the host session too: the old cookie and secret stop working, and the page
  // that signed out continues on a fresh session (new cookie, new secret in a reply header).
  app.addHook('onSend', async (req, reply, payload) => {
    const channel = (req.params as { channel?: unknown } | undefined)?.channel;
    if (req.method !== 'POST' || channel !== 'session:signOut' || reply.statusCode !== 200) return payload;
    const current = sessionOf(req);
    if (!current) return payload;
    endSession(current.sid);
    const secret = newSecret();
    newSession(reply, secret);
    reply.header(SESSION_NEXT_HEADER, secret);
    return payload;
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
      } catch (err) {
        log('host').warn({ err }, 'sealed export did not open');
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
    const stream = { end: () => res.end() };
    const owner = sessionOf(req)?.session;
    owner?.streams.add(stream);
    req.raw.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe.forEach((off) => off());
      owner?.streams.delete(stream);
    });
  });

  await app.register(fastifyStatic, { root: opts.rendererDir, index: 'index.html', cacheControl: false });

  await app.listen({ host: BIND_ADDRESS, port: opts.port ?? 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('Host did not bind a TCP port');
  port = address.port;
  const origin = `http://${BIND_ADDRESS}:${port}`;
  log('host').info({ port }, 'browser host listening');

  return {
    origin,
    issueLoginUrl() {
      const token = newSecret();
      const secret = newSecret();
      loginTokens.set(token, { secret, expiresAt: now() + loginTtlMs });
      return `${origin}/?token=${token}#session=${secret}`;
    },
    async close() {
      await app.close();
    },
  };
}
