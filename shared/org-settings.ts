// The organisation's settings: one synced, owner-editable document per organisation.
//
// Several capabilities read it — the erasure policy and the inactivity window (erasure), the
// disclosures a bundle's manifest carries (exports), the member state whose public holidays end
// GDPR periods and the time zone dates of record are kept in (legal rules), the longest a console
// may stay offline (security) and the Art. 19 recipients to notify. They are defined here once so
// that the backend, the console's cache and the renderer's editor validate the same shape.
//
// Pure TypeScript + zod: no node:*, no DOM, no electron (enforced by lint).
import { z } from 'zod';
import { CalendarDate, ExemptionCode } from './domain';

/** The datasets an erasure acts on, each with its own disposition. */
export const ERASURE_DATASETS = ['profile', 'devices', 'access_events', 'request_history'] as const;
export const ErasureDataset = z.enum(ERASURE_DATASETS);
export type ErasureDataset = z.infer<typeof ErasureDataset>;

/**
 * Exemptions that justify *keeping* data after an erasure request: GDPR Art. 17(3)(b) (legal
 * obligation) and (e) (legal claims), and CCPA 1798.105(d). Other codes are grounds to deny a
 * request, not to retain a dataset.
 */
export const RETENTION_EXEMPTIONS = [
  'gdpr-17-3-b',
  'gdpr-17-3-e',
  'ccpa-1798.105-d-1',
  'ccpa-1798.105-d-2',
  'ccpa-1798.105-d-3',
  'ccpa-1798.105-d-4',
  'ccpa-1798.105-d-5',
  'ccpa-1798.105-d-6',
  'ccpa-1798.105-d-7',
  'ccpa-1798.105-d-8',
] as const satisfies readonly ExemptionCode[];
export const RetentionExemption = z.enum(RETENTION_EXEMPTIONS, {
  error: () => ({
    message: `a retained dataset must cite one of ${RETENTION_EXEMPTIONS.join(', ')}`,
  }),
});

/**
 * What an erasure does to one dataset. `anonymise` replaces identifiers with a random token drawn
 * for that erasure and never stored (events stay countable per person, not linkable back) and
 * truncates IP addresses (IPv4 /24, IPv6 /48). `retain` keeps the dataset under an exemption
 * until a date, after which it is deleted.
 */
export const ErasureDisposition = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('delete') }).strict(),
    z.object({ action: z.literal('anonymise') }).strict(),
    z
      .object({
        action: z.literal('retain'),
        citation: RetentionExemption,
        keepUntil: CalendarDate,
      })
      .strict(),
  ],
  {
    error: () => ({ message: 'each dataset is delete, anonymise, or retain with a citation and keepUntil' }),
  },
);
export type ErasureDisposition = z.infer<typeof ErasureDisposition>;

/** One disposition per dataset; an unknown dataset is refused by name (strict). */
export const ErasurePolicy = z
  .object({
    profile: ErasureDisposition,
    devices: ErasureDisposition,
    access_events: ErasureDisposition,
    request_history: ErasureDisposition,
  })
  .strict();
export type ErasurePolicy = z.infer<typeof ErasurePolicy>;

/** Default: delete the profile and devices, anonymise access events, delete request history. */
export const DEFAULT_ERASURE_POLICY: ErasurePolicy = {
  profile: { action: 'delete' },
  devices: { action: 'delete' },
  access_events: { action: 'anonymise' },
  request_history: { action: 'delete' },
};

const Line = z.string().min(1).max(2000);
const Lines = z.array(Line).max(100);

/** One row of the "categories of personal information" chart (CCPA 1798.110, GDPR 15(1)(b)). */
export const DisclosureCategory = z
  .object({
    category: z.string().min(1).max(200),
    examples: z.string().max(2000),
    sources: Lines,
    purposes: Lines,
    /** Categories of recipients it is disclosed to for a business purpose. */
    disclosedTo: Lines,
  })
  .strict();
export type DisclosureCategory = z.infer<typeof DisclosureCategory>;

export const ThirdCountryTransfer = z
  .object({
    country: z.string().min(1).max(100),
    safeguard: z.string().min(1).max(2000),
  })
  .strict();

/**
 * What the law requires a controller/business to tell a person with their data: GDPR Art.
 * 15(1)(a)–(h) and 15(2), CCPA 1798.110. Bundles copy it into their manifest.
 */
export const Disclosures = z
  .object({
    controller: z.string().min(1).max(500),
    contact: z.string().min(1).max(500),
    purposes: Lines,
    categories: z.array(DisclosureCategory).max(50),
    recipients: Lines,
    retention: Line,
    rights: Line,
    complaint: Line,
    sources: Lines,
    automatedDecisionMaking: Line,
    transfers: z.array(ThirdCountryTransfer).max(50),
  })
  .strict();
export type Disclosures = z.infer<typeof Disclosures>;

/** A recipient to notify of erasures, rectifications and restrictions (GDPR Art. 19). */
export const Art19Recipient = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().min(1).max(200),
    contact: z.string().max(500),
  })
  .strict();
export type Art19Recipient = z.infer<typeof Art19Recipient>;

/** An ISO 3166-1 alpha-2 code (upper case), e.g. `DE`. */
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'a two-letter ISO 3166-1 code, e.g. DE');

/** An IANA time zone name that this runtime knows, e.g. `Europe/Berlin`. */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isKnownTimeZone, { message: 'an IANA time zone name, e.g. Europe/Berlin' });

function isKnownTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const OrgSettings = z
  .object({
    erasurePolicy: ErasurePolicy,
    /** Days after a person's deactivation before retention erases them (privacy policy). */
    inactivityDays: z.number().int().min(1).max(3650),
    /** Member state whose public holidays end GDPR periods (Reg. 1182/71); null: weekends only. */
    memberState: CountryCode.nullable(),
    /** Time zone of dates of record (receivedOn of hand-entered requests, respondedOn). */
    timeZone: TimeZone,
    disclosures: Disclosures,
    recipients: z.array(Art19Recipient).max(100),
    /** Days a console may go without syncing before it locks its cache. */
    maxOfflineDays: z.number().int().min(1).max(365),
  })
  .strict();
export type OrgSettings = z.infer<typeof OrgSettings>;

/** The synced document: the settings and who last changed them. */
export const OrgSettingsRecord = z
  .object({
    version: z.number().int().nonnegative(),
    updatedAt: z.iso.datetime({ offset: true }),
    updatedBy: z.string().max(256),
    settings: OrgSettings,
  })
  .strict();
export type OrgSettingsRecord = z.infer<typeof OrgSettingsRecord>;

/** Placeholder disclosures for an organisation that has not configured its own yet. */
export const UNCONFIGURED_DISCLOSURES: Disclosures = {
  controller: 'Not configured',
  contact: 'Not configured',
  purposes: [],
  categories: [],
  recipients: [],
  retention: 'Not configured: an owner sets the disclosures in Settings.',
  rights:
    'You have the right to access, rectify and erase your personal data, to restrict or object to its processing, and to data portability.',
  complaint: 'You have the right to lodge a complaint with a supervisory authority.',
  sources: [],
  automatedDecisionMaking: 'Not configured',
  transfers: [],
};

/** Settings of an organisation that never saved any. */
export const DEFAULT_ORG_SETTINGS: OrgSettings = {
  erasurePolicy: DEFAULT_ERASURE_POLICY,
  inactivityDays: 30,
  memberState: null,
  timeZone: 'UTC',
  disclosures: UNCONFIGURED_DISCLOSURES,
  recipients: [],
  maxOfflineDays: 14,
};

// ---------------------------------------------------------------------------------------------
// Sync and change (issue 11): the settings travel as the `org_settings` stream of /v1/sync and
// change through the outbox action `settings.update` (owner only, refused STALE_VERSION when
// another owner saved since the version it was edited from).

/** The stream name served by `GET /v1/sync/org_settings` (one document per organisation). */
export const ORG_SETTINGS_STREAM = 'org_settings';

/**
 * Actions carry a `requestId`; a settings change concerns the organisation, not a request, so
 * it names this fixed id (the nil UUID) instead — never the id of a real request.
 */
export const ORG_SETTINGS_TARGET = '00000000-0000-0000-0000-000000000000';

/** The record an organisation that never saved settings is served as (version 0). */
export function defaultOrgSettingsRecord(): OrgSettingsRecord {
  return { version: 0, updatedAt: '1970-01-01T00:00:00.000Z', updatedBy: '', settings: DEFAULT_ORG_SETTINGS };
}

/**
 * Stored settings completed with the defaults (a document saved before a field existed), then
 * validated; anything unusable falls back to the defaults field by field.
 */
export function withDefaults(stored: unknown): OrgSettings {
  const base: Record<string, unknown> = { ...DEFAULT_ORG_SETTINGS };
  if (stored && typeof stored === 'object') {
    for (const [key, value] of Object.entries(stored)) {
      if (!(key in base)) continue;
      const field = OrgSettings.shape[key as keyof OrgSettings];
      if (field.safeParse(value).success) base[key] = value;
    }
  }
  return OrgSettings.parse(base);
}

const Seq = z.number().int().nonnegative();

/** One page of the org_settings stream: at most the one current document. */
export const OrgSettingsPage = z.union([
  z.object({
    stream: z.literal(ORG_SETTINGS_STREAM),
    epoch: z.string().min(1).max(64),
    reset: z.literal(false),
    items: z.array(z.object({ op: z.literal('upsert'), seq: Seq, data: OrgSettingsRecord })).max(1),
    next: Seq,
    hasMore: z.literal(false),
    watermark: Seq,
  }),
  z.object({
    stream: z.literal(ORG_SETTINGS_STREAM),
    epoch: z.string().min(1).max(64),
    reset: z.literal(true),
  }),
]);
export type OrgSettingsPage = z.infer<typeof OrgSettingsPage>;
