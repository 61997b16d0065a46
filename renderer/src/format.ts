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
  opt_out: 'Opt-out of sale/sharing (CCPA)',
  limit: 'Limit sensitive information (CCPA)',
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
  'request.acknowledge': 'Acknowledgement recorded',
};
export const actionKindLabel = (kind: string): string => ACTION_LABELS[kind] ?? kind;

// Exemption labels (current CPRA wording) live with the rules of which fits which.
export { exemptionLabel } from '../../shared/exemptions';

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
