// The data-portability bundle's manifest (docs/ARCHITECTURE.md §7): one `manifest.json` at the ZIP's root
// describing the request, the person, when the data is as of, the disclosures the law requires
// (GDPR Art. 15(1)(a)–(h) and 15(2), CCPA 1798.110) and every other file with its SHA-256, size
// and row count. `docs/bundle-manifest.schema.json` is generated from this schema (a test keeps
// them equal) and is what the verifier checks a manifest against.
//
// Pure TypeScript + zod: no node:*, no DOM, no electron (enforced by lint).
import { z } from 'zod';
import { Id, Instant, CalendarDate, Jurisdiction, RequestType } from './domain';
import { Disclosures } from './org-settings';

export const BUNDLE_FORMAT = 'zta-privacy-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

/**
 * Every file a bundle may hold, in the order they are written. Names never come from data
 * (Art. 15(4), and no path from data into a file name): a bundle holds exactly these.
 */
export const BUNDLE_DATA_FILES = [
  'profile.json',
  'profile.csv',
  'devices.json',
  'devices.csv',
  'access-events.ndjson',
  'access-events.csv',
  'requests.json',
  'requests.csv',
  'request-history.json',
  'request-history.csv',
  'index.html',
  'README.txt',
] as const;
export const BundleDataFile = z.enum(BUNDLE_DATA_FILES);
export type BundleDataFile = z.infer<typeof BundleDataFile>;
export const MANIFEST_FILE = 'manifest.json';

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 as 64 lowercase hex digits');

export const BundleFileEntry = z
  .object({
    path: BundleDataFile,
    sha256: Sha256,
    bytes: z.number().int().nonnegative(),
    /** Data rows (CSV: without the header row; JSON: array items; NDJSON: lines); null for documents. */
    rows: z.number().int().nonnegative().nullable(),
  })
  .strict();
export type BundleFileEntry = z.infer<typeof BundleFileEntry>;

/** The sync position the data is as of: per stream, the cursor and when it last advanced. */
export const BundleWatermark = z
  .object({
    /** A complete sync run finished at this time (null: never). */
    lastCompleteSyncAt: Instant.nullable(),
    /** False when the cache was not caught up with the service when the bundle was made. */
    caughtUp: z.boolean(),
    streams: z.array(
      z
        .object({
          stream: z.string().min(1).max(64),
          cursor: z.number().int().nonnegative(),
          lastSyncedAt: Instant.nullable(),
        })
        .strict(),
    ),
  })
  .strict();
export type BundleWatermark = z.infer<typeof BundleWatermark>;

export const BundleManifest = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
    generatedAt: Instant,
    generator: z.object({ name: z.string().min(1).max(100), version: z.string().min(1).max(50) }).strict(),
    request: z
      .object({ id: Id, type: RequestType, jurisdiction: Jurisdiction, receivedOn: CalendarDate })
      .strict()
      .nullable(),
    subjectId: Id,
    dataAsOf: BundleWatermark,
    /** Conditions the reader should know (e.g. the cache was not caught up). */
    warnings: z.array(z.string().max(1000)).max(20),
    /** What was left out to protect other people (Art. 15(4)). */
    redactions: z.array(z.string().max(1000)).max(20),
    disclosures: Disclosures,
    files: z.array(BundleFileEntry).min(1).max(BUNDLE_DATA_FILES.length),
  })
  .strict()
  .refine((m) => new Set(m.files.map((f) => f.path)).size === m.files.length, {
    message: 'each file is listed once',
    path: ['files'],
  });
export type BundleManifest = z.infer<typeof BundleManifest>;

/** The JSON Schema (draft 2020-12) published as docs/bundle-manifest.schema.json. */
export function bundleManifestJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(BundleManifest, { target: 'draft-2020-12', io: 'output' });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://zentrysecurity.com/schemas/zta-privacy-bundle/manifest-v1.json',
    title: 'ZTA Privacy Console data-portability bundle manifest, format version 1',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
