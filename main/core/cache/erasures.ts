// Erasures as this console knows them (issue 11): the receipts carried by the requests'
// `erased` history entries (erasures by request and by retention alike).
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { RequestEvent } from '../../../shared/domain';
import { receiptOf, type ErasureReceipt } from '../../../shared/erasure';

/** Every receipt in the cache, newest first. */
export function listReceipts(db: Database): ErasureReceipt[] {
  const rows = db
    .prepare("SELECT data FROM request_events WHERE json_extract(data, '$.kind') = 'erased' ORDER BY at DESC")
    .all() as { data: string }[];
  const out: ErasureReceipt[] = [];
  for (const r of rows) {
    const e = RequestEvent.safeParse(JSON.parse(r.data));
    const receipt = e.success ? receiptOf(e.data.detail) : null;
    if (receipt) out.push(receipt);
  }
  return out;
}

/** The receipt of the erasure carried out for `requestId`, when this console has it. */
export function receiptOfRequest(db: Database, requestId: string): ErasureReceipt | null {
  const rows = db
    .prepare(
      "SELECT data FROM request_events WHERE request_id = ? AND json_extract(data, '$.kind') = 'erased' ORDER BY at",
    )
    .all(requestId) as { data: string }[];
  for (const r of rows) {
    const e = RequestEvent.safeParse(JSON.parse(r.data));
    const receipt = e.success ? receiptOf(e.data.detail) : null;
    if (receipt) return receipt;
  }
  return null;
}
