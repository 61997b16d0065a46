import { format } from 'date-fns';

/** Local date-time, unambiguous and sortable by eye. */
export function localDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : format(d, 'yyyy-MM-dd HH:mm:ss');
}

const STREAM_LABELS: Record<string, string> = {
  subjects: 'subjects',
  access_events: 'access events',
  requests: 'requests',
  request_events: 'request history',
};

export const streamLabel = (stream: string): string => STREAM_LABELS[stream] ?? stream;

const REQUEST_TYPE_LABELS: Record<string, string> = {
  access: 'Access / know',
  access_specific: 'Know — specific pieces',
  portability: 'Portability',
  erasure: 'Erasure / delete',
  rectification: 'Rectification / correct',
  restriction: 'Restriction',
  objection: 'Objection',
};
/** Unknown values are shown verbatim (they come from the backend). */
export const requestTypeLabel = (type: string): string => REQUEST_TYPE_LABELS[type] ?? type;

const JURISDICTION_LABELS: Record<string, string> = { gdpr: 'GDPR', ccpa: 'CCPA/CPRA', other: 'Other' };
export const jurisdictionLabel = (j: string): string => JURISDICTION_LABELS[j] ?? j;

const STATUS_LABELS: Record<string, string> = {
  received: 'Received',
  verifying: 'Verifying',
  in_progress: 'In progress',
  approved: 'Approved',
  partially_approved: 'Partially approved',
  denied: 'Denied',
  completed: 'Completed',
  closed_duplicate: 'Closed (duplicate)',
};
export const requestStatusLabel = (status: string): string => STATUS_LABELS[status] ?? status;

const ACTION_LABELS: Record<string, string> = {
  'request.note': 'Note',
  'request.approve': 'Approve',
  'request.deny': 'Deny',
  'request.extend': 'Extend',
  'request.hold': 'Legal hold',
  'request.release': 'Release hold',
  'request.close_duplicate': 'Close as duplicate',
  'request.assign': 'Assign',
  'request.verify': 'Verify',
  'export.delivered': 'Export delivered',
  'erasure.execute': 'Execute erasure',
  'request.intake': 'New request (entered by hand)',
  'rectification.apply': 'Apply correction',
  'restriction.place': 'Place restriction',
  'restriction.lift': 'Lift restriction',
};
export const actionKindLabel = (kind: string): string => ACTION_LABELS[kind] ?? kind;

/** A short request id for tables (UUIDv7s share their time prefix; the tail tells them apart). */
export const shortId = (id: string): string => (id.length > 12 ? `…${id.slice(-8)}` : id);

const EXEMPTION_LABELS: Record<string, string> = {
  'gdpr-17-3-a': 'GDPR Art. 17(3)(a) — freedom of expression and information',
  'gdpr-17-3-b': 'GDPR Art. 17(3)(b) — legal obligation or public-interest task',
  'gdpr-17-3-c': 'GDPR Art. 17(3)(c) — public health',
  'gdpr-17-3-d': 'GDPR Art. 17(3)(d) — archiving, research or statistics',
  'gdpr-17-3-e': 'GDPR Art. 17(3)(e) — legal claims',
  'ccpa-1798.105-d-1': 'CCPA 1798.105(d)(1) — complete the transaction or provide the service',
  'ccpa-1798.105-d-2': 'CCPA 1798.105(d)(2) — security incidents',
  'ccpa-1798.105-d-3': 'CCPA 1798.105(d)(3) — debug and repair errors',
  'ccpa-1798.105-d-4': 'CCPA 1798.105(d)(4) — free speech',
  'ccpa-1798.105-d-5': 'CCPA 1798.105(d)(5) — CalECPA',
  'ccpa-1798.105-d-6': 'CCPA 1798.105(d)(6) — research in the public interest',
  'ccpa-1798.105-d-7': 'CCPA 1798.105(d)(7) — internal uses the consumer would expect',
  'ccpa-1798.105-d-8': 'CCPA 1798.105(d)(8) — legal obligation',
  'not-verified': 'Could not verify the requester',
  'manifestly-unfounded': 'GDPR Art. 12(5) — manifestly unfounded or excessive',
};
export const exemptionLabel = (code: string): string => EXEMPTION_LABELS[code] ?? code;

const REJECTION_LABELS: Record<string, string> = {
  ALREADY_DECIDED: 'Another admin decided first',
  NOT_PERMITTED: 'Your role does not allow this action',
  ON_LEGAL_HOLD: 'The request is on legal hold',
  NOT_FOUND: 'The request no longer exists',
  STALE_VERSION: 'The request changed since you acted',
  INVALID: 'The action does not apply to the request as it stands',
  RESTRICTED: 'The subject is under restriction of processing (GDPR Art. 18)',
};
/** A plain-words explanation of a known rejection code, or null (unknown codes are shown verbatim). */
export const rejectionExplanation = (code: string): string | null => REJECTION_LABELS[code] ?? null;
