// The fault-injecting network layer between one console and the real backend: each exchange
// takes the next fault of the schedule (drop, duplicate, delay, 5xx/429/401, garbage, truncate,
// kill) and the console sees what a broken network would give it.
import { Rng } from '../../backend/seed/rng';
import type { FetchLike } from '../../main/core/sync/backend-client';

export const FAULTS = [
  'ok',
  'dropRequest', // never reaches the backend
  'dropResponse', // the backend commits, then the connection drops
  'duplicate', // delivered twice; the console sees the second reply
  'delay', // delivered late (other consoles' traffic overtakes it)
  'http503',
  'http429', // with Retry-After
  'http401', // token rejected: the console must ask for sign-in and lose nothing
  'garbage', // the backend commits; the console gets a reply that fails validation
  'truncate', // the backend commits; the last push outcome is missing from the reply
  'kill', // the backend commits; the console process dies before reading the reply
] as const;
export type Fault = (typeof FAULTS)[number];

/** Thrown into a sync cut short by a 'kill' fault (the console "process" died). */
export class Killed extends Error {}

const networkError = () => new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class FaultyNet {
  queue: Fault[] = [];
  /**
   * Draws the length of each 'delay' from the schedule's own seed (never Math.random), so a
   * failing schedule replays with the same timings from its printed seed and path.
   */
  constructor(private readonly rng: Rng) {}

  offline = false;
  /** Push bodies seen on the wire (for delayed re-deliveries). */
  readonly pushes: string[] = [];
  killed = false;
  private onKill: (() => void) | null = null;

  /** Resolves when a 'kill' fault fires. */
  killSignal(): Promise<void> {
    return new Promise((resolve) => {
      this.onKill = resolve;
    });
  }

  readonly fetch: FetchLike = async (url, init) => {
    if (this.killed) return new Promise<Response>(() => undefined);
    if (this.offline) throw networkError();
    const fault = this.queue.shift() ?? 'ok';
    const isPush = init.method === 'POST';
    if (isPush && typeof init.body === 'string') this.pushes.push(init.body);
    const forward = async () => {
      const res = await fetch(url, init);
      const text = await res.text();
      return { status: res.status, headers: res.headers, text };
    };
    const respond = (r: { status: number; headers: Headers; text: string }) =>
      new Response(r.text, { status: r.status, headers: r.headers });
    switch (fault) {
      case 'ok':
        return respond(await forward());
      case 'dropRequest':
        throw networkError();
      case 'dropResponse':
        await forward();
        throw networkError();
      case 'duplicate':
        await forward();
        return respond(await forward());
      case 'delay':
        await sleep(this.rng.int(1, 8));
        return respond(await forward());
      case 'http503':
        return new Response(JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'injected' } }), {
          status: 503,
        });
      case 'http429':
        return new Response(JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'injected' } }), {
          status: 429,
          headers: { 'retry-after': '1' },
        });
      case 'http401':
        return new Response(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'injected' } }), {
          status: 401,
        });
      case 'garbage':
        await forward();
        return new Response(JSON.stringify({ outcomes: [{ outcome: 'applied' }], items: 'nope' }), {
          status: 200,
        });
      case 'truncate': {
        const r = await forward();
        if (!isPush || r.status !== 200) return respond(r);
        const body = JSON.parse(r.text) as { outcomes: unknown[] };
        body.outcomes = body.outcomes.slice(0, -1);
        return new Response(JSON.stringify(body), { status: 200 });
      }
      case 'kill':
        await forward();
        this.killed = true;
        this.onKill?.();
        return new Promise<Response>(() => undefined);
    }
  };
}
