// Set-up shared by the unit tests that drive a SimConsole against a scripted backend (no
// server): an empty pull page, a fetch that scripts the push replies, and consoles in
// temporary folders that are closed after each test.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Action } from '../../shared/action-schemas';
import { eventColumnsOf } from '../../shared/protocol';
import type { FetchLike } from '../../main/core/sync/backend-client';
import { SimConsole } from './console-sim';

/** A pull page with nothing new after `after` (columns for access_events, items otherwise). */
export const emptyPullPage = (stream: string, after = 0) => ({
  stream,
  epoch: 'e1',
  reset: false,
  ...(stream === 'access_events' ? { events: eventColumnsOf([]) } : { items: [] }),
  next: after,
  hasMore: false,
  watermark: after,
});

/** The stream a pull URL asks for (its last path segment). */
export const streamOf = (url: string) => new URL(url).pathname.split('/').pop()!;

export type PushHandler = (actions: Action[]) => {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
};

/** A backend whose push replies come from `onPush`; every pull is an empty page. */
export function scriptedPushes(onPush: PushHandler): { fetch: FetchLike; pushes: Action[][] } {
  const pushes: Action[][] = [];
  const fetch: FetchLike = async (url, init) => {
    if (init.method === 'POST') {
      const actions = (JSON.parse(String(init.body)) as { actions: Action[] }).actions;
      pushes.push(actions);
      const r = onPush(actions);
      return new Response(JSON.stringify(r.body), { status: r.status, headers: r.headers ?? {} });
    }
    return new Response(JSON.stringify(emptyPullPage(streamOf(url))), { status: 200 });
  };
  return { fetch, pushes };
}

/**
 * Returns a factory of SimConsoles, each with its own cache in a new temporary folder (named
 * after `prefix`), signed in as 'Tester'; every console made is closed after each test.
 */
export function simConsoles(prefix: string): (fetch: FetchLike) => SimConsole {
  const consoles: SimConsole[] = [];
  afterEach(() => {
    for (const c of consoles.splice(0)) c.close();
  });
  return (fetch) => {
    const c = new SimConsole({
      path: join(mkdtempSync(join(tmpdir(), prefix)), 'cache.sqlite'),
      backendUrl: 'http://127.0.0.1:9',
      token: 'token-0123456789abcdef',
      adminName: 'Tester',
      fetch,
    });
    consoles.push(c);
    return c;
  };
}
