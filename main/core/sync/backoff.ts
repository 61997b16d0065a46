// Retry policy for transient sync failures: exponential backoff with FULL jitter (AWS
// architecture blog, "Exponential Backoff and Jitter"): the delay is uniform in
// [0, min(cap, base · 2^attempt)], which spreads many consoles retrying after an outage instead
// of letting them stampede in lockstep. A server's `Retry-After` is a floor: we never come back
// sooner than it asked. (Same "full" jitter as the exponential-backoff package, whose promise
// loop cannot take a per-attempt floor, hence this small policy.)
import type { ErrorInfo } from '../../../shared/errors';

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60_000 };

/** Delay before retry number `attempt` (0 = first retry). */
export function fullJitterDelay(
  attempt: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  const jittered = Math.floor(random() * ceiling);
  return retryAfterMs !== undefined ? Math.max(jittered, Math.min(retryAfterMs, 24 * 3600_000)) : jittered;
}

/** Transient: worth retrying automatically (network, 5xx, 429, a malformed reply). */
export function isTransient(err: ErrorInfo): boolean {
  if (err.code === 'E_BACKEND_UNREACHABLE' || err.code === 'E_BAD_PAGE') return true;
  if (err.code === 'E_BACKEND') {
    const status = (err.details as { status?: unknown } | undefined)?.status;
    return typeof status !== 'number' || status >= 500 || status === 429 || status === 408;
  }
  return false;
}

export function retryAfterOf(err: ErrorInfo): number | undefined {
  const v = (err.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}
