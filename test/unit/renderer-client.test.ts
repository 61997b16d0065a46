// The renderer's typed client and HTTP bridge: replies are checked against the contract and
// error envelopes become AppErrors with their code.
import { describe, expect, it, vi } from 'vitest';
import type { Bridge } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { createClient } from '../../renderer/src/api/client';
import {
  createHttpBridge,
  fetchEventSource,
  SESSION_EXPIRED_MESSAGE,
  type EventSourceLike,
} from '../../renderer/src/api/bridge';

const syncStatus = {
  online: true,
  running: false,
  lastSyncedAt: '2025-01-02T03:04:05.000Z',
  lastError: null,
  progress: null,
};

function bridgeReplying(reply: unknown): Bridge & { calls: [string, unknown][] } {
  const calls: [string, unknown][] = [];
  return {
    calls,
    invoke: async (channel, input) => {
      calls.push([channel, input]);
      return reply;
    },
    on: () => () => undefined,
  };
}

async function caught(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a rejection');
}

describe('renderer client: invoke', () => {
  it('returns the validated value of an ok envelope', async () => {
    const bridge = bridgeReplying({ ok: true, value: syncStatus });
    const client = createClient(bridge);
    await expect(client.invoke('sync:status')).resolves.toEqual(syncStatus);
    expect(bridge.calls).toEqual([['sync:status', undefined]]);
  });

  it('turns ok:false into an AppError carrying the code and message', async () => {
    const client = createClient(
      bridgeReplying({ ok: false, error: { code: 'E_AUTH', message: 'The backend rejected the token.' } }),
    );
    const err = await caught(client.invoke('session:status'));
    expect(err.code).toBe('E_AUTH');
    expect(err.message).toBe('The backend rejected the token.');
  });

  it('maps an unknown error code to E_INTERNAL but keeps the message', async () => {
    const client = createClient(bridgeReplying({ ok: false, error: { code: 'E_MARTIAN', message: 'odd' } }));
    const err = await caught(client.invoke('session:status'));
    expect(err.code).toBe('E_INTERNAL');
    expect(err.message).toBe('odd');
  });

  it.each([
    ['not an object', 'hello'],
    ['no ok flag', { value: syncStatus }],
    ['error without a message', { ok: false, error: { code: 'E_AUTH' } }],
    ['null', null],
  ])('rejects a malformed envelope (%s)', async (_name, reply) => {
    const err = await caught(createClient(bridgeReplying(reply)).invoke('sync:status'));
    expect(err.code).toBe('E_INTERNAL');
    expect(err.message).toMatch(/envelope/);
  });

  it('rejects an ok envelope whose value does not match the output schema', async () => {
    const client = createClient(bridgeReplying({ ok: true, value: { ...syncStatus, running: 'yes' } }));
    const err = await caught(client.invoke('sync:status'));
    expect(err.code).toBe('E_INTERNAL');
    expect(err.message).toMatch(/does not match the contract/);
  });

  it('rejects hostile rows in a logs page (over-long strings fail the schema)', async () => {
    const row = {
      id: 'e1',
      time: '2025-01-02T03:04:05Z',
      subjectId: 's1',
      username: 'x'.repeat(10_000),
      ip: '10.0.0.1',
      deviceId: 'd1',
      deviceName: 'laptop',
      osVersion: 'macOS 15',
      app: 'wiki',
      decision: 'allow',
      reason: null,
    };
    const client = createClient(bridgeReplying({ ok: true, value: { rows: [row], next: null } }));
    expect((await caught(client.invoke('logs:page', {}))).code).toBe('E_INTERNAL');
  });

  it('validates the input before calling the bridge, with the schema message', async () => {
    const bridge = bridgeReplying({ ok: true, value: {} });
    const client = createClient(bridge);
    const err = await caught(
      client.invoke('session:signIn', { backendUrl: 'https://zta.example.com', token: 'short' }),
    );
    expect(err.code).toBe('E_VALIDATION');
    expect(err.message).toBe('Token looks too short');
    expect(bridge.calls).toEqual([]);
  });

  it('turns a bridge that throws into an AppError', async () => {
    const client = createClient({
      invoke: async () => {
        throw new Error('ipc closed');
      },
      on: () => () => undefined,
    });
    const err = await caught(client.invoke('cache:stats'));
    expect(err.code).toBe('E_INTERNAL');
  });
});

describe('renderer client: events', () => {
  function eventBridge() {
    const listeners = new Map<string, (payload: unknown) => void>();
    const bridge: Bridge = {
      invoke: async () => ({ ok: true, value: null }),
      on: (event, listener) => {
        listeners.set(event, listener);
        return () => listeners.delete(event);
      },
    };
    return { bridge, emit: (event: string, payload: unknown) => listeners.get(event)?.(payload), listeners };
  }

  it('delivers valid payloads and drops invalid ones', () => {
    const { bridge, emit, listeners } = eventBridge();
    const invalid = vi.fn();
    const client = createClient(bridge, { onInvalidEvent: invalid });
    const seen: unknown[] = [];
    const off = client.on('sync:status', (s) => seen.push(s));

    emit('sync:status', syncStatus);
    emit('sync:status', { online: 'maybe' });
    emit('sync:status', '<script>alert(1)</script>');

    expect(seen).toEqual([syncStatus]);
    expect(invalid).toHaveBeenCalledTimes(2);
    off();
    expect(listeners.size).toBe(0);
  });
});

describe('renderer HTTP bridge', () => {
  const jsonResponse = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('posts {input} to /api/invoke/<channel> and returns the envelope', async () => {
    const fetchMock = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) =>
      jsonResponse(200, { ok: true, value: syncStatus }),
    );
    const bridge = createHttpBridge({ fetch: fetchMock as unknown as typeof fetch });
    const reply = await bridge.invoke('logs:page', { limit: 5 });
    expect(reply).toEqual({ ok: true, value: syncStatus });
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('/api/invoke/logs%3Apage');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ input: { limit: 5 } });
  });

  it.each([401, 403])('HTTP %i becomes E_FORBIDDEN with the restart message', async (status) => {
    const bridge = createHttpBridge({
      fetch: (async () => new Response('no', { status })) as unknown as typeof fetch,
    });
    const client = createClient(bridge);
    const err = await caught(client.invoke('session:status'));
    expect(err.code).toBe('E_FORBIDDEN');
    expect(err.message).toBe(SESSION_EXPIRED_MESSAGE);
  });

  it('a network failure becomes an error envelope, not an exception', async () => {
    const bridge = createHttpBridge({
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as unknown as typeof fetch,
    });
    await expect(bridge.invoke('session:status')).resolves.toMatchObject({ ok: false });
  });

  it('shares one event stream, parses JSON data and closes it after the last unsubscribe', () => {
    const handlers = new Map<string, Set<(ev: MessageEvent) => void>>();
    let opened = 0;
    let closed = 0;
    const source: EventSourceLike = {
      addEventListener: (type, l) => {
        if (!handlers.has(type)) handlers.set(type, new Set());
        handlers.get(type)?.add(l);
      },
      removeEventListener: (type, l) => handlers.get(type)?.delete(l),
      close: () => {
        closed += 1;
      },
    };
    const bridge = createHttpBridge({
      createEventSource: (url) => {
        expect(url).toBe('/api/events');
        opened += 1;
        return source;
      },
    });
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = bridge.on('sync:status', (p) => a.push(p));
    const offB = bridge.on('sync:status', (p) => b.push(p));
    for (const l of handlers.get('sync:status') ?? [])
      l(new MessageEvent('sync:status', { data: '{"x":1}' }));
    expect(a).toEqual([{ x: 1 }]);
    expect(b).toEqual([{ x: 1 }]);
    expect(opened).toBe(1);
    offA();
    expect(closed).toBe(0);
    offB();
    offB();
    expect(closed).toBe(1);
  });

  it('sends the host session secret as a header on calls and on the event stream (issue 14)', async () => {
    const fetchMock = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) =>
      jsonResponse(200, { ok: true, value: syncStatus }),
    );
    const bridge = createHttpBridge({ fetch: fetchMock as unknown as typeof fetch, secret: () => 's3cret' });
    await bridge.invoke('sync:status');
    expect((fetchMock.mock.calls[0]?.[1]?.headers as Record<string, string>)['x-zta-session']).toBe('s3cret');

    const seen: unknown[] = [];
    let headers: Record<string, string> = {};
    const stream = fetchEventSource('/api/events', () => 'streamed', (async (
      _u: string | URL | Request,
      init?: RequestInit,
    ) => {
      headers = init?.headers as Record<string, string>;
      return new Response(': connected\n\nevent: sync:status\ndata: {"x":2}\n\n', { status: 200 });
    }) as typeof fetch);
    stream.addEventListener('sync:status', (ev) => seen.push(JSON.parse(String(ev.data))));
    await vi.waitFor(() => expect(seen).toEqual([{ x: 2 }]));
    stream.close();
    expect(headers['x-zta-session']).toBe('streamed');
  });
});
