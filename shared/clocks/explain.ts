// One line per deadline saying how it was computed (issue 13), shown beside every deadline in the
// console with a link to its section of docs/legal-rules.md (shown in the console's Legal rules
// room), where each rule and each choice is cited.
import type { Jurisdiction, RequestType } from '../domain';
import { DEFAULT_OTHER_PERIOD_DAYS } from './schema';

export type ClockField =
  'acknowledgeBy' | 'respondBy' | 'refuseBy' | 'extensionNoticeBy' | 'extendedRespondBy';

export interface ClockExplanation {
  text: string;
  /** Anchor of the section of docs/legal-rules.md. */
  anchor: string;
}

export function explainClock(
  field: ClockField,
  req: { jurisdiction: Jurisdiction; type?: RequestType; memberState?: string | null },
): ClockExplanation | null {
  const { jurisdiction, type } = req;
  const ms = req.memberState ?? null;
  const working = ms
    ? `moved to the next working day (weekends and ${ms}'s national public holidays)`
    : 'moved to the next working day (weekends only: no member state configured)';
  if (jurisdiction === 'gdpr') {
    switch (field) {
      case 'acknowledgeBy':
        return null;
      case 'respondBy':
        return {
          text: `One month after receipt (Art. 12(3), Reg. 1182/71 Art. 3), ${working}.`,
          anchor: 'gdpr-one-month',
        };
      case 'refuseBy':
        return {
          text: 'Reasons for not acting: one month after receipt, extended or not (Art. 12(4)).',
          anchor: 'gdpr-refusal',
        };
      case 'extensionNoticeBy':
        return {
          text: 'An extension is notified, with its reasons, within the first month (Art. 12(3)).',
          anchor: 'extensions',
        };
      case 'extendedRespondBy':
        return {
          text: `Three months after receipt, counted as Reg. 1182/71 counts months, ${working}.`,
          anchor: 'gdpr-one-month',
        };
    }
  }
  if (jurisdiction === 'ccpa') {
    const fifteen = type === 'opt_out' || type === 'limit';
    switch (field) {
      case 'acknowledgeBy':
        return fifteen
          ? null
          : {
              text: '10th business day after receipt (Mon–Fri without US federal holidays as observed; 11 CCR §7021(a)).',
              anchor: 'ccpa-acknowledge',
            };
      case 'respondBy':
        return fifteen
          ? {
              text: '15 business days after receipt, no extension (11 CCR §7026(f), §7027(g)).',
              anchor: 'ccpa-opt-out-limit',
            }
          : {
              text: '45 calendar days after receipt (day 0 = receipt; not moved off weekends or holidays; 1798.130(a)(2)).',
              anchor: 'ccpa-45-days',
            };
      case 'refuseBy':
        return null;
      case 'extensionNoticeBy':
        return fifteen
          ? null
          : {
              text: 'An extension is notified, with its reasons, within the first 45 days (11 CCR §7021(b)).',
              anchor: 'extensions',
            };
      case 'extendedRespondBy':
        return fifteen
          ? null
          : { text: '90 calendar days after receipt at most (1798.130(a)(2)(A)).', anchor: 'ccpa-45-days' };
    }
  }
  switch (field) {
    case 'respondBy':
      return {
        text: `${DEFAULT_OTHER_PERIOD_DAYS} calendar days after receipt (the organisation's policy).`,
        anchor: 'other',
      };
    case 'extendedRespondBy':
    case 'extensionNoticeBy':
      return {
        text: 'The policy allows one extension of the same length, notified within the first period.',
        anchor: 'other',
      };
    default:
      return null;
  }
}
