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
    const url = host.issueLoginUrl();
    const first = await send(url);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    cookie = setCookie.split(';')[0] ?? '';
    expect((await send(url)).status).toBe(401); // replay of the same link
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
      headers: { cookie, origin: host.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ input: { limit: 3 } }),
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: { channel: 'logs:page', input: { limit: 3 } } });
  });

  it('streams contract events as server-sent events', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = request(`${host.origin}/api/events`, { headers: { cookie } }, (res) => {
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
    expect((await send(`${host.origin}/api/exports/${EXPORT_OK}`, { headers: { cookie } })).status).toBe(404);
    const wrongKey = `${host.origin}/api/exports/${EXPORT_OK}?key=${'A'.repeat(43)}`;
    expect((await send(wrongKey, { headers: { cookie } })).status).toBe(404);
    for (const bad of ['secret.txt', '..%2Fsecret.txt', 'access-events-20260101T000000Z-abcd1235.csv'])
      expect(
        (await send(`${host.origin}/api/exports/${bad}?key=${sealKey}`, { headers: { cookie } })).status,
        bad,
      ).toBe(404);
    const ok = await send(url, { headers: { cookie } });
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('time,id\r\n');
    expect(String(ok.headers['content-type'])).toMatch(/^text\/csv/);
    expect(String(ok.headers['content-disposition'])).toBe(`attachment; filename="${EXPORT_OK}"`);
    // Delivered once: the sealed file is gone.
    await vi.waitFor(() => expect(existsSync(join(exportsDir, EXPORT_OK))).toBe(false));
  });
});
