// Erasure carried out (issue 11): the receipt an erasure produces, and how its SHA-256 is taken.
//
// A receipt holds no personal data: the request and subject ids, what happened to each dataset
// (deleted n / anonymised n / retained n with citation and keep-until date), when, and by whom
// (an admin, or `retention` for the inactivity window). It travels with the request's `erased`
// history entry, so every console has it for the certificate.
// Pure TypeScript + zod: no node:*, no DOM (the digest uses Web Crypto, in Node and browsers).
import { webPlatform } from './web-platform';
import { z } from 'zod';
import { CalendarDate, Id, Instant } from './domain';
import { ErasureDataset, ErasurePolicy, RetentionExemption } from './org-settings';

export const ErasureOutcome = z
  .object({
    dataset: ErasureDataset,
    action: z.enum(['deleted', 'anonymised', 'retained']),
    /** Rows (events, devices, history entries; 1 for a profile) the action applied to. */
    count: z.number().int().nonnegative(),
    citation: RetentionExemption.nullable(),
    keepUntil: CalendarDate.nullable(),
  })
  .strict();
export type ErasureOutcome = z.infer<typeof ErasureOutcome>;

export const ErasureTrigger = z.enum(['request', 'retention']);
export type ErasureTrigger = z.infer<typeof ErasureTrigger>;

export const ErasureReceiptBody = z
  .object({
    id: Id,
    trigger: ErasureTrigger,
    /** The erasure request carried out (null for an erasure by retention). */
    requestId: Id.nullable(),
    subjectId: Id,
    carriedOutAt: Instant,
    carriedOutBy: z.string().max(256),
    policy: ErasurePolicy,
    outcomes: z.array(ErasureOutcome).length(4),
  })
  .strict();
export type ErasureReceiptBody = z.infer<typeof ErasureReceiptBody>;

export const ErasureReceipt = ErasureReceiptBody.extend({
  /** SHA-256 (hex) of canonicalReceiptText(body). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
}).strict();
export type ErasureReceipt = z.infer<typeof ErasureReceipt>;

/** JSON with object keys sorted at every level: the same receipt always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The text whose SHA-256 the receipt carries (the receipt without its sha256). */
export function canonicalReceiptText(body: ErasureReceiptBody): string {
  return canonicalJson(ErasureReceiptBody.parse(body));
}

/** SHA-256 of the receipt's canonical text, as 64 lowercase hex digits. */
export async function receiptSha256(body: ErasureReceiptBody): Promise<string> {
  const bytes = new webPlatform.TextEncoder().encode(canonicalReceiptText(body));
  const digest = await webPlatform.crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Whether a receipt's sha256 matches its content. */
export async function receiptIsIntact(receipt: ErasureReceipt): Promise<boolean> {
  const { sha256, ...body } = receipt;
  return (await receiptSha256(body)) === sha256;
}

/** The receipt an `erased` request event carries in its detail, if any. */
export function receiptOf(detail: Record<string, unknown>): ErasureReceipt | null {
  const r = ErasureReceipt.safeParse(detail.receipt);
  return r.success ? r.data : null;
}

// ---------------------------------------------------------------------------------------------
// What an `anonymise` disposition puts in place of an identifier (backend/erasure.ts draws the
// token): `anon-<12 letters or digits>` for a username or display name, `<token>-d<n>` for a
// device id or name, `<token>@anonymised.invalid` for an email. A console recognises them so an
// anonymised profile's upsert is known as an erasure (its old identifiers are queued for the
// purge first) and so a token is never taken for a person's identifier to purge.

export const ANONYMISED_PREFIX = 'anon-';
export const ANONYMISED_EMAIL_DOMAIN = 'anonymised.invalid';
const ANONYMISED_VALUE = /^anon-[A-Za-z0-9]{12}(?:-d\d+|@anonymised\.invalid)?$/;

/** Whether `value` is a token an anonymisation put in place of an identifier. */
export function isAnonymisedValue(value: string | null | undefined): boolean {
  return typeof value === 'string' && ANONYMISED_VALUE.test(value);
}
