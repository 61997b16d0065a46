// The organisation's audit trail, read live from the backend (GET /v1/audit, owner/approver only)
// rather than synced: it is looked at rarely, names every admin, and need not be kept offline.
import { OrgAuditPage, type OrgAuditQuery } from '../../../shared/audit';
import { AppError } from '../../../shared/errors';
import { getJson, type FetchLike } from './backend-client';
import type { SyncSession } from './cycle';

export async function fetchOrgAudit(
  session: SyncSession | null,
  query: OrgAuditQuery,
  fetch?: FetchLike,
): Promise<OrgAuditPage> {
  if (!session) throw new AppError('E_NOT_SIGNED_IN', 'Sign in to a backend to read its audit trail.');
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const body = await getJson(session.backendUrl, `/v1/audit?${params.toString()}`, {
    token: session.token,
    fetch,
  });
  const page = OrgAuditPage.safeParse(body);
  if (!page.success)
    throw new AppError('E_BACKEND', 'The backend sent an audit page this console cannot read.');
  return page.data;
}
