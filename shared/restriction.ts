// Restriction of processing (GDPR Art. 18) carried out: the backend flags the subject and
// honours the flag; every console shows it.
//
// Art. 18(2): while restricted, personal data may, "with the exception of storage", only be
// processed with the data subject's consent, for legal claims, for the protection of another
// person's rights, or for important public interest. What this console does with a subject's
// data beyond storing it, and what that means under a restriction:
//  - `erasure.execute` is REFUSED: a restriction is often asked for instead of erasure
//    (Art. 18(1)(b)) or to keep data for legal claims (Art. 18(1)(c)); erasing would defeat it.
//  - `export.delivered` is REFUSED: disclosing or transmitting the data is processing other
//    than storage. Lift the restriction first (telling the subject, Art. 18(3)), or record the
//    subject's consent by lifting it on their restriction request.
//  - Rectification stays allowed: Art. 18(1)(a) restricts precisely while accuracy is contested,
//    and correcting the data is how that ends (Art. 16).
//  - Request bookkeeping (notes, assignment, verification, decisions) is not processing of the
//    subject's data beyond storage and record-keeping for legal claims: allowed.
// Pure TypeScript: no node:*, no DOM.
import type { ActionKind } from './action-schemas';

/** Kinds refused (`RESTRICTED`) while the request's subject is under restriction. */
export const RESTRICTION_BLOCKS: readonly ActionKind[] = ['erasure.execute', 'export.delivered'];

export function restrictionBlocks(kind: ActionKind): boolean {
  return RESTRICTION_BLOCKS.includes(kind);
}
