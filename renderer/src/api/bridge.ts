// The transport under the typed client. The renderer never knows which one it runs on:
//   Electron: the preload exposes `window.zta` = { invoke, on } (shared/contract.ts `Bridge`).
//   Browser host: the same contract over HTTP on the same origin (the session cookie is
//   already set): POST /api/invoke/<channel> {input} -> Result envelope; GET /api/events (SSE).
import type { Bridge } from '../../../shared/contract';
import type { Result } from '../../../shared/errors';
import { SESSION_HEADER, SESSION_NEXT_HEADER, sessionSecret, setSessionSecret } from './host-session';

export const SESSION_EXPIRED_MESSAGE =
  'This console session has expired — restart it from the command line to get a new link.';

/** The subset of EventSource the HTTP bridge uses (lets tests supply a fake). */
export interface EventSourceLike {
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void;
  removeEventListener(type: string, listener: (ev: MessageEvent) => void): void;
  close(): void;
}

export interface HttpBridgeOptions {
  fetch?: typeof fetch;
  createEventSource?: (url: string) => EventSourceLike;
  /** Prefix for the API paths; same origin by default. */
  baseUrl?: string;
  /** The host session's second secret (sessionStorage by default). */
  secret?: () => string | null;
}

export function sessionHeaders(secret: string | null): Record<string, string> {
  return secret ? { [SESSION_HEADER]: secret } : {};
}

/**
 * Server-sent events over fetch, so the stream carries the session header (EventSource cannot
 * send headers). Reconnects after a drop, with the then-current secret, until closed.
 */
export function fetchEventSource(
  url: string,
  secret: () => string | null,
  doFetch: typeof fetch = (...args) => fetch(...args),
): EventSourceLike {
  const listeners = new Map<string, Set<(ev: MessageEvent) => void>>();
  const abort = new AbortController();
  const dispatch = (type: string, data: string) => {
    for (const l of listeners.get(type) ?? []) l(new MessageEvent(type, { data }));
  };
  const run = async () => {
    while (!abort.signal.aborted) {
      try {
        const res = await doFetch(url, {
          headers: { accept: 'text/event-stream', ...sessionHeaders(secret()) },
          credentials: 'same-origin',
          signal: abort.signal,
        });
        if (res.ok && res.body) {
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            let cut: number;
            while ((cut = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, cut);
              buffer = buffer.slice(cut + 2);
              let type = 'message';
              const data: string[] = [];
              for (const line of block.split('\n')) {
                if (line.startsWith('event: ')) type = line.slice(7);
                else if (line.startsWith('data: ')) data.push(line.slice(6));
              }
              if (data.length > 0) dispatch(type, data.join('\n'));
            }
          }
        }
      } catch {
        // dropped or refused: retried below unless closed
      }
      if (abort.signal.aborted) return;
      await new Promise((r) => setTimeout(r, 2000));
    }
  };
  void run();
  return {
    addEventListener(type, listener) {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)?.add(listener);
    },
    removeEventListener(type, listener) {
      listeners.get(type)?.delete(listener);
    },
    close() {
      abort.abort();
    },
  };
}

function failure(code: string, message: string): Result<never> {
  return { ok: false, error: { code, message } } as Result<never>;
}

export function createHttpBridge(options: HttpBridgeOptions = {}): Bridge {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const base = options.baseUrl ?? '';
  const secret = options.secret ?? sessionSecret;
  const openEvents =
    options.createEventSource ?? ((url: string) => fetchEventSource(url, secret, doFetch as typeof fetch));

  let source: EventSourceLike | null = null;
  let subscribers = 0;

  return {
    async invoke(channel: string, input?: unknown): Promise<unknown> {
      let response: Response;
      try {
        response = await doFetch(`${base}/api/invoke/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...sessionHeaders(secret()) },
          body: JSON.stringify({ input }),
          credentials: 'same-origin',
        });
      } catch {
        return failure(
          'E_INTERNAL',
          'Lost contact with the console host — is `zta-console start` still running?',
        );
      }
      if (response.status === 401 || response.status === 403) {
        return failure('E_FORBIDDEN', SESSION_EXPIRED_MESSAGE);
      }
      // The host rotated the session (sign-out ends the old one): keep the new secret.
      const next = response.headers.get(SESSION_NEXT_HEADER);
      if (next) setSessionSecret(next);
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        return failure(
          'E_INTERNAL',
          `The console host answered HTTP ${response.status} without a readable reply.`,
        );
      }
      // The client validates the envelope; a non-2xx without an envelope still becomes an error there.
      if (!response.ok && !(body && typeof body === 'object' && 'ok' in body)) {
        return failure('E_INTERNAL', `The console host answered HTTP ${response.status}.`);
      }
      return body;
    },

    on(event: string, listener: (payload: unknown) => void): () => void {
      if (!source) source = openEvents(`${base}/api/events`);
      subscribers += 1;
      const handler = (ev: MessageEvent) => {
        let payload: unknown;
        try {
          payload = JSON.parse(String(ev.data));
        } catch {
          payload = ev.data; // fails validation in the client and is dropped there
        }
        listener(payload);
      };
      const current = source;
      current.addEventListener(event, handler);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        current.removeEventListener(event, handler);
        subscribers -= 1;
        if (subscribers === 0 && source === current) {
          current.close();
          source = null;
        }
      };
    },
  };
}

/** The preload's bridge when running in Electron, the HTTP bridge otherwise. */
export function detectBridge(): Bridge {
  const preloaded = (globalThis as { zta?: Bridge }).zta;
  return preloaded ?? createHttpBridge();
}
