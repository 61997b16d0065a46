// The organisation's consoles, read and revoked live on the backend (issue 14, "lost laptops";
// GET /v1/consoles, POST /v1/consoles/:id/revoke, owners only): a revocation matters only when it
// reaches the backend, so it is never queued in the outbox.
import {
  ConsoleList,
  ConsoleRevokeReply,
  type ConsoleInfo,
  type ConsoleRevokeInput,
} from '../../../shared/consoles';
import { AppError } from '../../../shared/errors';
import { getJson, requestJson, type FetchLike } from './backend-client';
import type { SyncSession } from './cycle';

function signedIn(session: SyncSession | null): SyncSession {
  if (!session)
    throw new AppError('E_NOT_SIGNED_IN', "Sign in to a backend to manage the organisation's consoles.");
  return session;
}

/** A 403 from the backend is the role, not a bad token: say so rather than "sign in again". */
function forbiddenOr(err: unknown): never {
  const status = (err as AppError).details as { status?: number } | undefined;
  if (err instanceof AppError && err.code === 'E_AUTH' && status?.status === 403)
    throw new AppError('E_FORBIDDEN', "Only an owner may manage the organisation's consoles.");
  throw err;
}

export async function fetchConsoles(session: SyncSession | null, fetch?: FetchLike): Promise<ConsoleList> {
  const s = signedIn(session);
  const body = await getJson(s.backendUrl, '/v1/consoles', { token: s.token, fetch }).catch(forbiddenOr);
  const list = ConsoleList.safeParse(body);
  if (!list.success)
    throw new AppError('E_BACKEND', 'The backend sent a list of consoles this console cannot read.');
  return list.data;
}

export async function revokeConsole(
  session: SyncSession | null,
  input: ConsoleRevokeInput,
  fetch?: FetchLike,
): Promise<{ console: ConsoleInfo }> {
  const s = signedIn(session);
  const body = await requestJson(s.backendUrl, `/v1/consoles/${encodeURIComponent(input.id)}/revoke`, {
    token: s.token,
    method: 'POST',
    fetch,
  }).catch((err: unknown) => {
    if (
      err instanceof AppError &&
      err.code === 'E_BACKEND' &&
      (err.details as { status?: number }).status === 404
    )
      throw new AppError('E_NOT_FOUND', 'No such console in this organisation.');
    return forbiddenOr(err);
  });
  const reply = ConsoleRevokeReply.safeParse(body);
  if (!reply.success)
    throw new AppError('E_BACKEND', 'The backend sent a revocation this console cannot read.');
  return reply.data;
}
