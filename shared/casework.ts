// Pure casework helpers (DESIGN.md §6): the clocks of one request as every view shows them, and
// the identity-verification requirement of each request type (11 CCR §7062).
import type { PrivacyRequest, RequestType } from './domain';
import { computeClocks, nextDeadline, type Clocks, type IsoDate, type NextDeadline } from './clocks';

/** Within this many days (inclusive) a deadline is "due soon". */
export const DUE_SOON_DAYS = 7;

export type Urgency = 'overdue' | 'due_soon' | null;

export interface RequestClocks {
  clocks: Clocks;
  next: NextDeadline | null;
  urgency: Urgency;
}

export function urgencyOf(daysLeft: number): Urgency {
  if (daysLeft < 0) return 'overdue';
  if (daysLeft <= DUE_SOON_DAYS) return 'due_soon';
  return null;
}

/** Statuses after which the receipt has necessarily been confirmed (work on it has started). */
const ACKNOWLEDGED_STATUSES: ReadonlySet<string> = new Set(['verifying', 'in_progress']);

/**
 * The clocks of `req` on `today`. A decided request has no open deadline (`next` null). The
 * receipt counts as confirmed once the request left `received`.
 */
export function requestClocks(
  req: Pick<PrivacyRequest, 'jurisdiction' | 'receivedOn' | 'type' | 'extended' | 'status'>,
  today: IsoDate,
  decided: boolean,
): RequestClocks {
  const clocks = computeClocks({
    jurisdiction: req.jurisdiction,
    receivedOn: req.receivedOn,
    type: req.type,
    extended: req.extended,
  });
  if (decided) return { clocks, next: null, urgency: null };
  const next = nextDeadline(clocks, today, ACKNOWLEDGED_STATUSES.has(req.status));
  return { clocks, next, urgency: next ? urgencyOf(next.daysLeft) : null };
}

/** Today's calendar date in local time, YYYY-MM-DD. */
export function localToday(now: Date = new Date()): IsoDate {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

export interface VerificationRequirement {
  /** Matching data points needed. */
  points: number;
  /** A signed declaration under penalty of perjury is needed too. */
  signedDeclaration: boolean;
}

/**
 * 11 CCR §7062: two matching points for categories (and for deletion, and every other type —
 * the privacy policy promises at least two), three plus a signed declaration for specific pieces.
 */
export function verificationRequirement(type: RequestType): VerificationRequirement {
  return type === 'access_specific'
    ? { points: 3, signedDeclaration: true }
    : { points: 2, signedDeclaration: false };
}

/** Why a verification does not meet the requirement of `type`, or null when it does. */
export function verificationProblem(
  type: RequestType,
  v: { points: readonly string[]; signedDeclaration?: boolean; agentPermissionChecked?: boolean },
  viaAgent = false,
): string | null {
  const need = verificationRequirement(type);
  if (new Set(v.points).size < need.points)
    return `Verification needs at least ${need.points} matching data points for this request type (${new Set(v.points).size} marked).`;
  if (need.signedDeclaration && !v.signedDeclaration)
    return 'Verification of a request for specific pieces needs a signed declaration.';
  if (viaAgent && !v.agentPermissionChecked)
    return "An authorized agent's request needs the consumer's signed permission checked.";
  return null;
}

export const DEADLINE_KIND_LABELS: Record<NextDeadline['kind'], string> = {
  acknowledge: 'Acknowledge',
  respond: 'Respond',
  extension_notice: 'Extension notice',
};

/** Order for "sort by next deadline": earliest open deadline first, decided requests last. */
export function compareByDeadline(a: RequestClocks, b: RequestClocks): number {
  if (!a.next || !b.next) return a.next ? -1 : b.next ? 1 : 0;
  return a.next.date < b.next.date ? -1 : a.next.date > b.next.date ? 1 : 0;
}
