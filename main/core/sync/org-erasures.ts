// The organisation's erasure receipts, read live from the backend (GET /v1/erasures): retention
// erasures belong to no request, so no synced request history carries them (issue 11).
import { ErasureList, type ErasureListQuery } from '../../../shared/erasure-list';
import { AppError } from '../../../shared/errors';
import { getJson, type FetchLike } from './backend-client';
import type { SyncSession } from './cycle';

export async function fetchOrgErasures(
  session: SyncSession | null,
  query: ErasureListQuery,
  fetch?: FetchLike,
): Promise<ErasureList> {
  if (!session) throw new AppError('E_NOT_SIGNED_IN', 'Sign in to a backend to read its erasures.');
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const body = await getJson(session.backendUrl, `/v1/erasures?${params.toString()}`, {
    token: session.token,
    fetch,
  });
  const list = ErasureList.safeParse(body);
  if (!list.success)
    throw new AppError('E_BACKEND', 'The backend sent an erasure list this console cannot read.');
  return list.data;
}
