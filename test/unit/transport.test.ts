// Issue 14, item 8: the token never travels in clear off this machine.
import { describe, expect, it } from 'vitest';
import { transportProblem } from '../../shared/transport';
import { requestJson } from '../../main/core/sync/backend-client';

describe('backend transport', () => {
  it('https anywhere; plain http only on loopback', () => {
    for (const ok of [
      'https://zta.example.com',
      'http://127.0.0.1:8787',
      'http://localhost:1',
      'http://[::1]:2',
    ])
      expect(transportProblem(ok), ok).toBeNull();
    for (const bad of [
      'http://zta.example.com',
      'http://10.0.0.5:8787',
      'ftp://x',
      'https://u:p@zta.example.com',
      'nope',
    ])
      expect(transportProblem(bad), bad).not.toBeNull();
  });

  it('no request leaves for a plain-http backend off this machine (not even a stored session)', async () => {
    let called = false;
    await expect(
      requestJson('http://zta.example.com', '/v1/me', {
        token: 'secret',
        fetch: async () => {
          called = true;
          return new Response('{}');
        },
      }),
    ).rejects.toMatchObject({ code: 'E_INSECURE_TRANSPORT' });
    expect(called).toBe(false);
  });
});
