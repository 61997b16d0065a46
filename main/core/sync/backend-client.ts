// HTTP to the reference backend with the error mapping every caller relies on:
// 401/403 ⇒ E_AUTH, network failure ⇒ E_BACKEND_UNREACHABLE, other non-2xx ⇒ E_BACKEND.
import { BackendError } from '../../../shared/protocol';
import { AppError } from '../../../shared/errors';

export const REQUEST_TIMEOUT_MS = 60_000;

export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}

export interface GetJsonOptions {
  token: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** GET a JSON document; resolves with the parsed (unvalidated) body or throws an AppError. */
export async function getJson(baseUrl: string, path: string, opts: GetJsonOptions): Promise<unknown> {
  const url = joinUrl(baseUrl, path);
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? REQUEST_TIMEOUT_MS);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      headers: { authorization: `Bearer ${opts.token}`, accept: 'application/json' },
      signal,
    });
    text = await res.text();
  } catch (err) {
    if (opts.signal?.aborted) throw new AppError('E_NOT_SIGNED_IN', 'The sync was stopped.');
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err as Error).message;
    throw new AppError(
      'E_BACKEND_UNREACHABLE',
      `Cannot reach the backend at ${baseUrl} — check it is running and the URL is right (${why}).`,
    );
  }
  if (res.status === 401 || res.status === 403) {
    throw new AppError(
      'E_AUTH',
      `The backend rejected this token (HTTP ${res.status}). Sign in again with a valid admin API token.`,
    );
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    if (!res.ok)
      throw new AppError('E_BACKEND', `The backend answered HTTP ${res.status}.`, { status: res.status });
    throw new AppError('E_BAD_PAGE', `The backend sent a reply that is not JSON (${path}).`);
  }
  if (!res.ok) {
    const parsed = BackendError.safeParse(body);
    if (parsed.success) {
      throw new AppError(
        'E_BACKEND',
        `The backend answered HTTP ${res.status}: ${parsed.data.error.message}`,
        {
          status: res.status,
          code: parsed.data.error.code,
        },
      );
    }
    throw new AppError('E_BACKEND', `The backend answered HTTP ${res.status}.`, { status: res.status });
  }
  return body;
}
