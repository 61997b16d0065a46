// Pure casework helpers (docs/ARCHITECTURE.md §6): the clocks of one request as every view shows them, and
// the identity-verification requirement of each request type (11 CCR §7062).
import type { PrivacyRequest, RequestType } from './domain';
import { nextDeadline, type Clocks, type IsoDate, type NextDeadline } from './clocks';
import { clocksOf, workDone } from './legal-rules';

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

/**
 * The clocks of `req` on `today` (the organisation's date). The clock runs until the work is
 * done (shared/legal-rules.ts workDone): an approved access request still has its deadline until
 * the export is delivered. The receipt confirmation closes only when it is recorded
 * (`acknowledgedOn`, action `request.acknowledge`); unrecorded past its date, it is overdue.
 */
export function requestClocks(
  req: Pick<PrivacyRequest, 'jurisdiction' | 'receivedOn' | 'type' | 'extended' | 'status'> & {
    acknowledgedOn?: string | null;
  },
  today: IsoDate,
  memberState: string | null = null,
): RequestClocks {
  const clocks = clocksOf(req, memberState);
  if (workDone(req)) return { clocks, next: null, urgency: null };
  const next = nextDeadline(clocks, today, (req.acknowledgedOn ?? null) !== null);
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
 * Opt-out and limit requests are not verified at all (§7060(b)): see verificationProblem.
 */
export function verificationRequirement(type: RequestType): VerificationRequirement {
  return type === 'access_specific'
    ? { points: 3, signedDeclaration: true }
    : { points: 2, signedDeclaration: false };
}

/** The verification point that is the same data as a correctable field (issue 13, item 8). */
export const POINT_OF_FIELD: Record<string, string> = {
  email: 'email',
  displayName: 'display_name',
  employeeId: 'employee_id',
  department: 'department',
};

/** Why a verification does not meet the requirement of `type`, or null when it does. */
export function verificationProblem(
  type: RequestType,
  v: {
    points: readonly string[];
    signedDeclaration?: boolean;
    agentPermissionChecked?: boolean;
    agentAuthority?: string;
    declaration?: unknown;
    corrects?: readonly string[];
  },
  viaAgent = false,
): string | null {
  if (type === 'opt_out' || type === 'limit')
    return `A${type === 'opt_out' ? 'n opt-out' : ' limit'} request is not verified (11 CCR §7060(b)): act on it without verifying the requester.`;
  const need = verificationRequirement(type);
  if (type === 'rectification') {
    if (!v.corrects || v.corrects.length === 0)
      return 'Name the fields the correction is about: they cannot serve as verification points.';
    const clash = v.corrects.map((f) => POINT_OF_FIELD[f]).filter((p) => p && v.points.includes(p));
    if (clash.length > 0)
      return `A field the request corrects is not a verification point (${clash.join(', ')}): match other data.`;
  }
  if (new Set(v.points).size < need.points)
    return `Verification needs at least ${need.points} matching data points for this request type (${new Set(v.points).size} marked).`;
  if (need.signedDeclaration && !v.signedDeclaration)
    return 'Verification of a request for specific pieces needs a signed declaration.';
  if (v.signedDeclaration && v.declaration === undefined)
    return 'Record the signed declaration: its document id or the SHA-256 of the signed file.';
  if (viaAgent && !v.agentPermissionChecked && v.agentAuthority !== 'power_of_attorney')
    return "An authorized agent's request needs the consumer's signed permission checked, or a power of attorney recorded (11 CCR §7063).";
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
