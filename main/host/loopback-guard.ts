// Request checks for the browser host (docs/ARCHITECTURE.md §3): only loopback Host headers (DNS-rebinding
// defence), only our own Origin, and a session cookie obtained with the one-time token.
import { timingSafeEqual } from 'node:crypto';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** The Host header values we answer to: a DNS-rebinding page arrives with its own hostname. */
export function allowedHosts(port: number): Set<string> {
  return new Set(LOOPBACK_NAMES.map((name) => `${name}:${port}`));
}

/** Origins our own pages have; any other Origin is a cross-site request. */
export function allowedOrigins(port: number): Set<string> {
  return new Set(LOOPBACK_NAMES.map((name) => `http://${name}:${port}`));
}

export type GuardVerdict = { ok: true } | { ok: false; status: 403; reason: string };

export function checkHostAndOrigin(
  headers: { host?: string | undefined; origin?: string | undefined; 'sec-fetch-site'?: string | undefined },
  port: number,
): GuardVerdict {
  const host = headers.host?.toLowerCase();
  if (!host || !allowedHosts(port).has(host)) {
    return { ok: false, status: 403, reason: 'Host is not this loopback console' };
  }
  const origin = headers.origin;
  // Browsers send Origin on every POST and on cross-origin GETs; an absent Origin is a
  // same-origin navigation or EventSource. "null" (sandboxed frames, file://) is foreign.
  if (origin !== undefined && !allowedOrigins(port).has(origin.toLowerCase())) {
    return { ok: false, status: 403, reason: 'Foreign Origin' };
  }
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { ok: false, status: 403, reason: 'Cross-site request' };
  }
  return { ok: true };
}

/** Constant-time comparison of two secrets of any length. */
export function sameSecret(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
