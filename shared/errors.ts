// Error codes that travel across every boundary (IPC envelope, HTTP host, CLI exit messages).
// Electron keeps only an Error's message across IPC, so codes travel in the envelope instead.

export const ERROR_CODES = [
  'E_VALIDATION', // input failed its schema
  'E_UNKNOWN_CHANNEL', // channel not in the contract
  'E_FORBIDDEN', // sender/origin/token rejected
  'E_NOT_SIGNED_IN', // no backend session configured
  'E_AUTH', // backend rejected the token (401/403)
  'E_BACKEND_UNREACHABLE', // network failure talking to the backend
  'E_BACKEND', // backend answered with an unexpected error
  'E_BAD_PAGE', // backend reply failed schema validation; nothing was written
  'E_CACHE_KEY', // the key does not open the encrypted cache
  'E_CACHE_FUTURE_VERSION', // cache written by a newer console version
  'E_CACHE', // other cache failure
  'E_SYNC_BUSY', // a sync is already running
  'E_SYNC_STOPPED', // a running sync was stopped (sign-out, close, another organisation)
  'E_NOT_FOUND', // no such record in the cache (request, conflict, event)
  'E_PENDING_ACTIONS', // switching organisation while actions for the previous one are queued
  'E_RENDER', // a part of the UI failed to render (reported by its error boundary)
  'E_UI_NOT_BUILT', // the console UI is missing or stale and cannot be built here
  // --- issue 12: export bundles ---
  'E_RESTRICTED', // the person is under restriction of processing (GDPR Art. 18): no export
  'E_ERASED', // the person was erased: nothing to export
  'E_EXPORT_CANCELLED', // the admin cancelled an export; no partial file was left
  'E_EXPORT_WRITE', // the bundle could not be written (disk full, no permission); no partial file
  'E_BUNDLE_INVALID', // verify-bundle found a mismatch (the message names the file)
  'E_WEAK_PASSPHRASE', // a typed bundle passphrase is too weak
  // issue 13 (legal rules)
  'E_HOLIDAYS_UNAVAILABLE', // the member state's public-holiday calendar was not loaded before use
  // issue 14 (security hardening)
  'E_INSECURE_TRANSPORT', // plain http to a backend off this machine (the token would travel in clear)
  'E_REVOKED', // issue 14: an owner revoked this console's token; its synced data was purged
  'E_CACHE_LOCKED', // issue 14: not synced for longer than the organisation's maxOfflineDays
  'E_INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** An error with a stable code, safe to show to the admin. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  toInfo(): ErrorInfo {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Turn anything thrown into ErrorInfo without leaking stack traces. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof AppError) return err.toInfo();
  if (err && typeof err === 'object' && 'code' in err && isErrorCode(err.code)) {
    const message = 'message' in err && typeof err.message === 'string' ? err.message : err.code;
    return { code: err.code, message };
  }
  return { code: 'E_INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

/** The envelope every contract call returns. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };
