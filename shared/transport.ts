// Issue 14, item 8: the admin token travels with every request, so the backend is reached over
// TLS, except on this machine (loopback), where plain http never leaves the host. Pure: no node:*.

import { webPlatform } from './web-platform';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(h) || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Why the console must not send a token to `url`, or null when it may. */
export function transportProblem(url: string): string | null {
  let u: InstanceType<typeof webPlatform.URL>;
  try {
    u = new webPlatform.URL(url);
  } catch {
    return `"${url.slice(0, 200)}" is not a URL.`;
  }
  if (u.username || u.password) return 'The backend URL must not hold a user name or password.';
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:' && isLoopbackHost(u.hostname)) return null;
  if (u.protocol === 'http:')
    return `Plain http is allowed only to this machine (loopback): the token would travel in clear to ${u.hostname}. Use https://.`;
  return `Unsupported backend URL scheme ${u.protocol} (use https://).`;
}
