// HTTP to the reference backend with the error mapping every caller relies on:
// 401 REVOKED ⇒ E_REVOKED (issue 14: an owner revoked this console), other 401/403 ⇒ E_AUTH, network failure ⇒ E_BACKEND_UNREACHABLE, other non-2xx ⇒ E_BACKEND
// (details: { status, code?, retryAfterMs? } — the push engine retries 5xx and 429).
import { BackendError } from '../../../shared/protocol';
import { AppError } from '../../../shared/errors';
import { transportProblem } from '../../../shared/transport';
import { REVOKED_CODE } from '../../../shared/consoles';

export const REQUEST_TIMEOUT_MS = 60_000;

/** The fetch the sync engine uses (injectable: tests put a fault-injecting layer here). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}

export interface GetJsonOptions {
  token: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  fetch?: FetchLike | undefined;
}

export interface RequestJsonOptions extends GetJsonOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
}

/** `Retry-After` as milliseconds (delta-seconds or an HTTP date); undefined when absent/bad. */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v), 24 * 3600) * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

/** The backend's message when a 401 says the token was revoked (not merely unknown), else null. */
function revokedMessage(text: string): string | null {
  try {
    const body = BackendError.safeParse(JSON.parse(text));
    return body.success && body.data.error.code === REVOKED_CODE ? body.data.error.message : null;
  } catch {
    return null;
  }
}

/** GET a JSON document; resolves with the parsed (unvalidated) body or throws an AppError. */
export function getJson(baseUrl: string, path: string, opts: GetJsonOptions): Promise<unknown> {
  return requestJson(baseUrl, path, { ...opts, method: 'GET' });
}

/** One HTTP exchange with the backend; resolves with the parsed (unvalidated) JSON body. */
export async function requestJson(baseUrl: string, path: string, opts: RequestJsonOptions): Promise<unknown> {
  // Never send the token in clear off this machine, even for a session stored before the check.
  const insecure = transportProblem(baseUrl);
  if (insecure) throw new AppError('E_INSECURE_TRANSPORT', insecure);
  const url = joinUrl(baseUrl, path);
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? REQUEST_TIMEOUT_MS);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const doFetch: FetchLike = opts.fetch ?? ((u, init) => fetch(u, init));
  const method = opts.method ?? 'GET';
  let res: Response;
  let text: string;
  try {
    const headers: Record<string, string> = {
      authorization: `Bearer ${opts.token}`,
      accept: 'application/json',
    };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    res = await doFetch(url, {
      method,
      headers,
      signal,
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
    text = await res.text();
  } catch (err) {
    if (opts.signal?.aborted) throw new AppError('E_SYNC_STOPPED', 'The sync was stopped.');
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err as Error).message;
    throw new AppError(
      'E_BACKEND_UNREACHABLE',
      `Cannot reach the backend at ${baseUrl} — check it is running and the URL is right (${why}).`,
    );
  }
  if (res.status === 401 && revokedMessage(text) !== null) {
    throw new AppError(
      'E_REVOKED',
      `An owner revoked this console (${revokedMessage(text)}): its synced data was removed from this machine. Sign in again with a new token.`,
      { status: 401 },
    );
  }
  if (res.status === 401 || res.status === 403) {
    throw new AppError(
      'E_AUTH',
      `The backend rejected this token (HTTP ${res.status}). Sign in again with a valid admin API token.`,
      { status: res.status },
    );
  }
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
  const statusDetails = { status: res.status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    if (!res.ok) throw new AppError('E_BACKEND', `The backend answered HTTP ${res.status}.`, statusDetails);
    throw new AppError('E_BAD_PAGE', `The backend sent a reply that is not JSON (${path}).`);
  }
  if (!res.ok) {
    const parsed = BackendError.safeParse(body);
    if (parsed.success) {
      throw new AppError(
        'E_BACKEND',
        `The backend answered HTTP ${res.status}: ${parsed.data.error.message}`,
        {
          ...statusDetails,
          code: parsed.data.error.code,
        },
      );
    }
    throw new AppError('E_BACKEND', `The backend answered HTTP ${res.status}.`, statusDetails);
  }
  return body;
}
