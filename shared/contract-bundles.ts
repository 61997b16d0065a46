// The IPC contract's export-bundle schemas (issue 12, docs/ARCHITECTURE.md §3): a person's data
// as a ZIP, optionally encrypted, its progress, and the record of each bundle made.
// Pure TypeScript + zod: no node:*, no DOM.
import { z } from 'zod';
import { Id, Instant } from './domain';

/** How a bundle is encrypted: not at all, with a passphrase the core generates (returned once,
 * never stored), or with one the admin types. */
export const BundleEncryption = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }).strict(),
  z.object({ mode: z.literal('generated') }).strict(),
  z
    .object({
      mode: z.literal('typed'),
      passphrase: z.string().min(12, 'Use a passphrase of at least 12 characters').max(1024),
    })
    .strict(),
]);
export type BundleEncryption = z.infer<typeof BundleEncryption>;
/** Where a bundle is saved: an absolute path of a .zip file. */
export const BundleOutPath = z
  .string()
  .min(2)
  .max(4096)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'Give an absolute path')
  .refine((p) => /\.zip$/i.test(p), 'The file name ends in .zip');
export const ExportBundleInput = z
  .object({
    /** Chosen by the caller so it can follow progress events and cancel. */
    operationId: z.uuid(),
    subjectId: Id,
    requestId: Id.nullable().default(null),
    /** Absolute path of the ZIP to write (Electron: the save dialog's; browser host: typed). */
    outPath: BundleOutPath,
    encryption: BundleEncryption.default({ mode: 'none' }),
  })
  .strict();
export type ExportBundleInput = z.input<typeof ExportBundleInput>;
export const ExportRecord = z.object({
  id: Id,
  subjectId: Id,
  requestId: Id.nullable(),
  path: z.string(),
  createdAt: Instant,
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  encrypted: z.boolean(),
  caughtUp: z.boolean(),
  deliveredAt: Instant.nullable(),
  deliveredVia: z.string().nullable(),
});
export type ExportRecord = z.infer<typeof ExportRecord>;
export const ExportBundleResult = z.object({
  export: ExportRecord,
  /** The generated passphrase, shown once: the console never stores it. */
  passphrase: z.string().nullable(),
  warnings: z.array(z.string()),
});
export type ExportBundleResult = z.infer<typeof ExportBundleResult>;
export const ExportsList = z.object({ exports: z.array(ExportRecord) });
export const DELIVERY_CHANNELS = ['secure_link', 'email', 'portal', 'post', 'other'] as const;
export const ExportDeliveredInput = z
  .object({ id: Id, deliveredVia: z.enum(DELIVERY_CHANNELS).default('secure_link') })
  .strict();
export const ExportCancelInput = z.object({ operationId: z.uuid() }).strict();
export const BundleProgressEvent = z.object({
  operationId: z.uuid(),
  file: z.string().nullable(),
  rowsWritten: z.number().int().nonnegative(),
  rowsTotal: z.number().int().nonnegative(),
  done: z.boolean(),
});
export type BundleProgressEvent = z.infer<typeof BundleProgressEvent>;

/**
 * A host capability (Electron only): the save dialog for a bundle, whose default name comes from a
 * fixed pattern with the request's (or person's) id. `path` is null when the admin cancels. The
 * browser host has no dialog: its core refuses the channel and the admin types the path.
 */
export const SaveBundlePathInput = z
  .object({ subjectId: Id, requestId: Id.nullable().default(null) })
  .strict();
export const SaveBundlePathResult = z.object({ path: BundleOutPath.nullable() });
