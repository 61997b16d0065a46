// The browser host's access rules: loopback Host only, our Origin only, one-time token for a
// session cookie, and the contract/events forwarded unchanged.
import { request } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHost, type RunningHost } from '../../main/host/server';
import { createSealer } from '../../main/core/export/sealed-file';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

describe('browser host', () => {
  let host: RunningHost;
  let cookie: string;
  /** The session secret from the link's fragment, sent as a header on /api calls. */
  let secret: string;
  const auth = () => ({ cookie, 'x-zta-session': secret });
  let exportsDir: string;
  const EXPORT_OK = 'access-events-20260101T000000Z-abcd1234.csv';
  let sealKey = '';
  const invoke = vi.fn(async (channel: string, input: unknown) => ({
    ok: true as const,
    value: { channel, input },
  }));
  const listeners: Array<(p: unknown) => void> = [];
  const core = {
    invoke,
    on: (_e: string, l: (p: unknown) => void) => {
      listeners.push(l);
      return () => listeners.splice(listeners.indexOf(l), 1);
    },
  };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zta-renderer-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>ZTA</title>');
    exportsDir = mkdtempSync(join(tmpdir(), 'zta-exports-'));
    // Exports wait sealed (issue 12): the key comes with the download URL, never from disk.
    const seal = createSealer();
    sealKey = seal.key;
    writeFileSync(
      join(exportsDir, EXPORT_OK),
      Buffer.concat([seal.header, seal.update('time,id\r\n'), seal.final()]),
    );
    writeFileSync(join(exportsDir, 'secret.txt'), 'nope');
    host = await startHost({ core, rendererDir: dir, port: 0, exportsDir });
  });
  afterAll(() => host.close());

  it('binds loopback only', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses everything without the session', async () => {
    expect((await send(`${host.origin}/`)).status).toBe(401);
    const api = await send(`${host.origin}/api/invoke/app:info`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(api.status).toBe(401);
    expect(invoke).not.toHaveBeenCalled();
  });

  it('exchanges the one-time token for an HttpOnly SameSite=Strict cookie, once', async () => {
    const link = host.issueLoginUrl();
    const [url, fragment] = link.split('#');
    expect(fragment).toMatch(/^session=[\w-]{32,}$/);
    secret = (fragment ?? '').slice('session='.length);
    const first = await send(url ?? '');
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    cookie = setCookie.split(';')[0] ?? '';
    expect((await send(url ?? '')).status).toBe(401); // replay of the same link
    expect(first.body).not.toContain(secret); // the secret is never served
    const page = await send(`${host.origin}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>ZTA</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('rejects a foreign Host (DNS rebinding) even with a valid session', async () => {
    const r = await send(`${host.origin}/`, { headers: { cookie, host: 'attacker.example:80' } });
    expect(r.status).toBe(403);
  });

  it('rejects a foreign Origin on the contract', async () => {
    invoke.mockClear();
    const r = await send(`${host.origin}/api/invoke/app:info`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{"input":{}}',
    });
    expect(r.status).toBe(403);
    expect(invoke).not.toHaveBeenCalled();
  });

  it('forwards contract calls with the session and our Origin', async () => {
    const r = await send(`${host.origin}/api/invoke/logs:page`, {
      method: 'POST',
      headers: { ...auth(), origin: host.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ input: { limit: 3 } }),
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: { channel: 'logs:page', input: { limit: 3 } } });
  });

  it('streams contract events as server-sent events', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = request(`${host.origin}/api/events`, { headers: auth() }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
          if (text.includes(': connected')) listeners.forEach((l) => l({ running: true }));
          if (text.includes('data:')) {
            req.destroy();
            resolve(text);
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(received).toContain('event: sync:status\ndata: {"running":true}');
  });

  it('serves finished exports by strict name and key, with the session only, once', async () => {
    expect(readFileSync(join(exportsDir, EXPORT_OK)).includes(Buffer.from('time,id'))).toBe(false);
    const url = `${host.origin}/api/exports/${EXPORT_OK}?key=${sealKey}`;
    expect((await send(url)).status).toBe(401);
    expect((await send(`${host.origin}/api/exports/${EXPORT_OK}`, { headers: auth() })).status).toBe(404);
    const wrongKey = `${host.origin}/api/exports/${EXPORT_OK}?key=${'A'.repeat(43)}`;
    expect((await send(wrongKey, { headers: auth() })).status).toBe(404);
    for (const bad of ['secret.txt', '..%2Fsecret.txt', 'access-events-20260101T000000Z-abcd1235.csv'])
      expect(
        (await send(`${host.origin}/api/exports/${bad}?key=${sealKey}`, { headers: auth() })).status,
        bad,
      ).toBe(404);
    const ok = await send(url, { headers: auth() });
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('time,id\r\n');
    expect(String(ok.headers['content-type'])).toMatch(/^text\/csv/);
    expect(String(ok.headers['content-disposition'])).toBe(`attachment; filename="${EXPORT_OK}"`);
    // Delivered once: the sealed file is gone.
    await vi.waitFor(() => expect(existsSync(join(exportsDir, EXPORT_OK))).toBe(false));
  });
});

describe('browser host sessions (issue 14)', () => {
  let host: RunningHost;
  let clock = 1_000_000;
  const invoke = vi.fn(async (channel: string) => ({ ok: true as const, value: { channel } }));
  const core = { invoke, on: () => () => undefined };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zta-renderer-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>ZTA</title>');
    host = await startHost({
      core,
      rendererDir: dir,
      port: 0,
      sessionIdleMs: 60_000,
      loginTtlMs: 10_000,
      now: () => clock,
    });
  });
  afterAll(() => host.close());

  async function login(): Promise<{ cookie: string; secret: string }> {
    const [url, fragment] = host.issueLoginUrl().split('#');
    const r = await send(url ?? '');
    expect(r.status).toBe(303);
    return {
      cookie: String(r.headers['set-cookie']).split(';')[0] ?? '',
      secret: (fragment ?? '').slice('session='.length),
    };
  }
  const call = (channel: string, headers: Record<string, string>) =>
    send(`${host.origin}/api/invoke/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { ...headers, origin: host.origin, 'content-type': 'application/json' },
      body: '{"input":{}}',
    });

  it('the cookie alone (what any other local page gets) reads nothing', async () => {
    const { cookie } = await login();
    invoke.mockClear();
    expect((await call('logs:page', { cookie })).status).toBe(401);
    expect(
      (await call('logs:page', { cookie, 'x-zta-session': 'guessed-secret-guessed-secret' })).status,
    ).toBe(401);
    expect((await send(`${host.origin}/api/events`, { headers: { cookie } })).status).toBe(401);
    expect(invoke).not.toHaveBeenCalled();
  });

  it('a session ends after the idle period; use keeps it alive', async () => {
    const s = await login();
    const headers = { cookie: s.cookie, 'x-zta-session': s.secret };
    clock += 50_000;
    expect((await call('app:info', headers)).status).toBe(200);
    clock += 50_000; // 100 s since login, 50 s since the last call
    expect((await call('app:info', headers)).status).toBe(200);
    clock += 61_000;
    expect((await call('app:info', headers)).status).toBe(401);
  });

  it('the one-time link expires after a few minutes', async () => {
    const [url] = host.issueLoginUrl().split('#');
    clock += 11_000;
    const r = await send(url ?? '');
    expect(r.status).toBe(401);
    expect(r.body).toMatch(/expired/);
  });

  it('sign-out ends the session; the page that signed out goes on with a fresh one', async () => {
    const s = await login();
    const old = { cookie: s.cookie, 'x-zta-session': s.secret };
    const out = await call('session:signOut', old);
    expect(out.status).toBe(200);
    const nextSecret = String(out.headers['x-zta-session-next']);
    const nextCookie = String(out.headers['set-cookie']).split(';')[0] ?? '';
    expect(nextSecret).not.toBe(s.secret);
    expect((await call('app:info', old)).status).toBe(401);
    expect((await call('app:info', { cookie: nextCookie, 'x-zta-session': nextSecret })).status).toBe(200);
  });
});
