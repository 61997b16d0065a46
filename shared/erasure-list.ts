// The organisation's erasures (issue 11), by request and by retention alike: the receipts the
// backend keeps (erasure_receipts), newest first. Retention receipts belong to no request, so no
// request history carries them to the consoles; they are read live (GET /v1/erasures) like the
// audit trail. A receipt holds no personal data (ids, counts, policy), so every role may read it.
import { z } from 'zod';
import { Instant } from './domain';
import { ErasureReceipt, ErasureTrigger } from './erasure';

export const ErasureListQuery = z
  .object({
    trigger: ErasureTrigger.optional(),
    /** Keyset: receipts carried out before this instant (the previous page's `next`). */
    before: Instant.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type ErasureListQuery = z.input<typeof ErasureListQuery>;

export const ErasureList = z.object({
  receipts: z.array(ErasureReceipt),
  /** Pass as `before` for the next page; null when this was the last. */
  next: Instant.nullable(),
});
export type ErasureList = z.infer<typeof ErasureList>;
