// Which exemption fits which request (issue 13): every basis names the jurisdictions and request
// types it applies to, and the shared rules refuse a citation that does not fit (a CCPA request
// cannot be refused under GDPR Art. 17(3)(e), an access request under 1798.105(d)). Labels use
// the current (CPRA) wording of the texts; docs/legal-rules.md gives the citations.
// Pure TypeScript: no node:*, no DOM.
import { ARTS_15_TO_20_TYPES, type ExemptionCode, type Jurisdiction, type RequestType } from './domain';

export interface ExemptionRule {
  label: string;
  jurisdictions: readonly Jurisdiction[];
  /** The request types it applies to; 'any' = every type of those jurisdictions. */
  types: readonly RequestType[] | 'any';
}

const ERASURE: readonly RequestType[] = ['erasure'];
const KNOW: readonly RequestType[] = ['access', 'access_specific', 'portability'];
/** Requests whose requester is verified (not opt-out or limit, 11 CCR §7060(b)). */
const VERIFIED_TYPES: readonly RequestType[] = [...ARTS_15_TO_20_TYPES, 'objection'];

export const EXEMPTIONS: Record<ExemptionCode, ExemptionRule> = {
  'gdpr-17-3-a': {
    label: 'GDPR Art. 17(3)(a) — exercising the right of freedom of expression and information',
    jurisdictions: ['gdpr'],
    types: ERASURE,
  },
  'gdpr-17-3-b': {
    label: 'GDPR Art. 17(3)(b) — compliance with a legal obligation, or a task in the public interest',
    jurisdictions: ['gdpr'],
    types: ERASURE,
  },
  'gdpr-17-3-c': {
    label: 'GDPR Art. 17(3)(c) — reasons of public interest in the area of public health',
    jurisdictions: ['gdpr'],
    types: ERASURE,
  },
  'gdpr-17-3-d': {
    label: 'GDPR Art. 17(3)(d) — archiving in the public interest, research or statistics',
    jurisdictions: ['gdpr'],
    types: ERASURE,
  },
  'gdpr-17-3-e': {
    label: 'GDPR Art. 17(3)(e) — the establishment, exercise or defence of legal claims',
    jurisdictions: ['gdpr'],
    types: ERASURE,
  },
  'gdpr-11-2': {
    label: 'GDPR Art. 11(2) — the controller is not in a position to identify the data subject',
    jurisdictions: ['gdpr'],
    types: ARTS_15_TO_20_TYPES, // Art. 11(2): Articles 15 to 20 do not apply
  },
  'gdpr-15-4': {
    label: 'GDPR Art. 15(4) — the copy would adversely affect the rights and freedoms of others',
    jurisdictions: ['gdpr'],
    types: ['access', 'access_specific'],
  },
  'gdpr-23': {
    label: 'GDPR Art. 23 — restriction by Union or member-state law',
    jurisdictions: ['gdpr'],
    types: 'any',
  },
  'manifestly-unfounded': {
    label: 'GDPR Art. 12(5) — manifestly unfounded or excessive, in particular because repetitive',
    jurisdictions: ['gdpr', 'other'],
    types: 'any',
  },
  'ccpa-1798.105-d-1': {
    label:
      'CCPA 1798.105(d)(1) — complete the transaction, provide a good or service requested or reasonably anticipated, or perform a contract',
    jurisdictions: ['ccpa'],
    types: ERASURE,
  },
  'ccpa-1798.105-d-2': {
    label: 'CCPA 1798.105(d)(2) — help to ensure security and integrity',
    jurisdictions: ['ccpa'],
    types: ERASURE,
  },
  'ccpa-1798.105-d-3': {
    label: 'CCPA 1798.105(d)(3) — debug to identify and repair errors that impair intended functionality',
    jurisdictions: ['ccpa'],
    types: ERASURE,
  },
  'ccpa-1798.105-d-4': {
    label: 'CCPA 1798.105(d)(4) — exercise free speech or another right provided for by law',
    jurisdictions: ['ccpa'],
    types: ERASURE,
  },
  'ccpa-1798.105-d-5': {
    label: 'CCPA 1798.105(d)(5) — comply with the California Electronic Communications Privacy Act',
    jurisdictions: ['ccpa'],
    types: ERASURE,
  },
  'ccpa-1798.105-d-6': {
    label: 'CCPA 1798.105(d)(6) — public or peer-reviewed research in the public interest',
    jurisdictions: ['ccpa'],
    types: ERASURE,
  },
  'ccpa-1798.105-d-7': {
    label: 'CCPA 1798.105(d)(7) — solely internal uses reasonably aligned with the consumer’s expectations',
    jurisdictions: ['ccpa'],
    types: ERASURE,
  },
  'ccpa-1798.105-d-8': {
    label: 'CCPA 1798.105(d)(8) — comply with a legal obligation',
    jurisdictions: ['ccpa'],
    types: ERASURE,
  },
  'ccpa-1798.145-h-3': {
    label: 'CCPA 1798.145(h)(3) — manifestly unfounded or excessive, in particular because repetitive',
    jurisdictions: ['ccpa'],
    types: 'any',
  },
  'ccpa-7024-c': {
    label:
      '11 CCR §7024(c) — request to know: information not searched for (not reasonably accessible, kept only for legal or compliance purposes, never sold or used commercially)',
    jurisdictions: ['ccpa'],
    types: KNOW,
  },
  'ccpa-7024-d': {
    label:
      '11 CCR §7024(d) — request to know: identifiers never disclosed (SSN, government ID, financial account, health insurance number, account password, security questions, biometric data)',
    jurisdictions: ['ccpa'],
    types: KNOW,
  },
  'ccpa-7023-accurate': {
    label: '11 CCR §7023 — request to correct: the information is more likely than not accurate',
    jurisdictions: ['ccpa'],
    types: ['rectification'],
  },
  'ccpa-7023-repeat': {
    label:
      '11 CCR §7023 — request to correct: the same alleged inaccuracy was refused in the past six months',
    jurisdictions: ['ccpa'],
    types: ['rectification'],
  },
  'ccpa-7023-fraudulent': {
    label: '11 CCR §7023 — request to correct: fraudulent or abusive (good-faith, documented belief)',
    jurisdictions: ['ccpa'],
    types: ['rectification'],
  },
  'not-verified': {
    label: 'The requester’s identity could not be verified (GDPR Art. 12(6); 11 CCR §7060–7062)',
    jurisdictions: ['gdpr', 'ccpa', 'other'],
    types: VERIFIED_TYPES,
  },
};

const JURISDICTION_NAMES: Record<Jurisdiction, string> = { gdpr: 'GDPR', ccpa: 'CCPA', other: 'other' };

export function exemptionLabel(code: string): string {
  return (EXEMPTIONS as Record<string, ExemptionRule | undefined>)[code]?.label ?? code;
}

/** Whether `code` may be cited on a request of this jurisdiction and type. */
export function exemptionFits(code: ExemptionCode, jurisdiction: Jurisdiction, type: RequestType): boolean {
  const rule = EXEMPTIONS[code];
  return rule.jurisdictions.includes(jurisdiction) && (rule.types === 'any' || rule.types.includes(type));
}

/** Why `code` does not fit the request, or null when it does. */
export function exemptionProblem(
  code: ExemptionCode,
  jurisdiction: Jurisdiction,
  type: RequestType,
): string | null {
  if (exemptionFits(code, jurisdiction, type)) return null;
  const rule = EXEMPTIONS[code];
  const where = rule.jurisdictions.map((j) => JURISDICTION_NAMES[j]).join(' or ');
  const what = rule.types === 'any' ? 'requests' : `${rule.types.join(', ')} requests`;
  return `${rule.label} does not apply to a ${JURISDICTION_NAMES[jurisdiction]} ${type} request (it applies to ${where} ${what}).`;
}

/** The exemptions that may be cited on a request of this jurisdiction and type, in table order. */
export function exemptionsFor(jurisdiction: Jurisdiction, type: RequestType): ExemptionCode[] {
  return (Object.keys(EXEMPTIONS) as ExemptionCode[]).filter((c) => exemptionFits(c, jurisdiction, type));
}
