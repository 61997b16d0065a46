// The browser host's second secret (issue 14, item 1). The cookie alone is not enough: browsers
// send 127.0.0.1 cookies to every local port, so a page served by any other local server could
// use it. The one-time link carries a per-session secret in its FRAGMENT (never sent over the
// network, never served again); it is kept in this tab's sessionStorage and sent as a header on
// every contract call and on the event stream. Imported first by main.tsx, before the router
// reads the hash.

export const SESSION_HEADER = 'x-zta-session';
/** The host hands a fresh secret back when it rotates the session (sign-out). */
export const SESSION_NEXT_HEADER = 'x-zta-session-next';
const KEY = 'zta.hostSession';

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}
interface WindowLike {
  location: { hash: string; pathname: string; search: string };
  history: { replaceState(data: unknown, unused: string, url: string): void };
}
// Typed loosely: this module is also compiled (and unit-tested) without the DOM library.
const g = globalThis as { sessionStorage?: StorageLike; window?: WindowLike };

function storage(): StorageLike | null {
  try {
    return g.sessionStorage ?? null;
  } catch {
    return null;
  }
}

/** Moves `#session=…` from the address bar into sessionStorage and cleans the URL. */
export function captureSessionSecret(): void {
  const w = g.window;
  if (!w) return;
  const m = /^#session=([\w-]{16,128})$/.exec(w.location.hash);
  if (!m?.[1]) return;
  storage()?.setItem(KEY, m[1]);
  w.history.replaceState(null, '', w.location.pathname + w.location.search);
}

export function sessionSecret(): string | null {
  return storage()?.getItem(KEY) ?? null;
}

export function setSessionSecret(secret: string): void {
  storage()?.setItem(KEY, secret);
}

captureSessionSecret();
