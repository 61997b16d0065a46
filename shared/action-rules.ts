// What an action does to a privacy request: the pure domain rules both sides share. The backend
// is the authority; the console runs the same rules for its optimistic overlay.
// Pure TypeScript: no node:*, no DOM.
import { type ExemptionCode, type PrivacyRequest, type RequestResponse, type RequestStatus } from './domain';
import { verificationProblem } from './casework';
import type { IsoDate } from './clocks';
import { todayIn } from './clocks/zone';
import { exemptionProblem } from './exemptions';
import { clocksOf, needsCarryOut } from './legal-rules';
import { correctionScopeProblem, type RectifiableField } from './rectification';
import { restrictionBlocks } from './restriction';
import type { Action, ActionKind, ActionPayload } from './action-schemas';
import type { KnownRejectionCode } from './push-protocol';

/** Kinds that decide a request: the first one wins. */
export const DECISION_KINDS: readonly ActionKind[] = [
  'request.approve',
  'request.deny',
  'request.close_duplicate',
];
export const DECIDED_STATUSES: readonly RequestStatus[] = [
  'approved',
  'partially_approved',
  'denied',
  'completed',
  'closed_duplicate',
];
export function isDecided(status: RequestStatus): boolean {
  return DECIDED_STATUSES.includes(status);
}
/** Kinds a legal hold blocks (it preserves the data as it stands: no erasure, no correction). */
export const HOLD_BLOCKS: readonly ActionKind[] = [
  ...DECISION_KINDS,
  'erasure.execute',
  'rectification.apply',
];

/** Statuses after which an approved request is carried out (erasure, rectification, restriction). */
const CARRIED_OUT_AFTER: readonly RequestStatus[] = ['approved', 'partially_approved'];

/** What the 24-month record keeps of a decision (11 CCR §7101), or null for other kinds. */
export function decisionRecord(
  action: Pick<Action, 'kind' | 'payload'>,
): { response: RequestResponse; denialBasis: ExemptionCode | null } | null {
  switch (action.kind) {
    case 'request.approve': {
      const p = action.payload as ActionPayload<'request.approve'>;
      return p.partial
        ? { response: 'partial', denialBasis: p.exemption ?? null }
        : { response: 'approved', denialBasis: null };
    }
    case 'request.deny':
      return { response: 'denied', denialBasis: (action.payload as ActionPayload<'request.deny'>).exemption };
    case 'request.close_duplicate':
      return { response: 'duplicate', denialBasis: null };
    default:
      return null;
  }
}

/** What the caller knows about the request's subject (the backend reads it under lock). */
export interface RuleContext {
  subjectRestricted?: boolean;
  /**
   * Today in the organisation's time zone: the date of record of what the action does, and the
   * day late extensions and refusals are judged by. Default: today in UTC.
   */
  today?: IsoDate;
  /** The organisation's member state (GDPR periods end on its public holidays); null: weekends. */
  memberState?: string | null;
  /**
   * The fields the request's verification named as corrected (`verifiedCorrections`): a
   * rectification applies no other. Null or absent: none recorded, not judged.
   */
  correctedFields?: readonly RectifiableField[] | null;
}

export type RuleResult =
  | { ok: true; next: Omit<PrivacyRequest, 'version' | 'updatedAt'> }
  | { ok: false; code: KnownRejectionCode; message: string };

/**
 * What `action` does to `req` (ignoring role, version and time — the caller bumps those).
 * Deterministic: the same request state and action always give the same result.
 */
export function applyActionRules(
  req: PrivacyRequest,
  action: Pick<Action, 'kind' | 'payload'>,
  ctx: RuleContext = {},
): RuleResult {
  const { version: _v, updatedAt: _u, ...base } = req;
  void _v;
  void _u;
  const reject = (code: KnownRejectionCode, message: string): RuleResult => ({ ok: false, code, message });
  const today = ctx.today ?? todayIn('UTC');
  const memberState = ctx.memberState ?? null;
  const kind = action.kind;
  const decided = isDecided(req.status);
  if (decided && (DECISION_KINDS.includes(kind) || kind === 'request.verify' || kind === 'request.extend')) {
    return reject('ALREADY_DECIDED', `The request was already decided (${req.status}).`);
  }
  if (req.legalHold && HOLD_BLOCKS.includes(kind)) {
    return reject('ON_LEGAL_HOLD', 'The request is on legal hold.');
  }
  if (ctx.subjectRestricted && restrictionBlocks(kind)) {
    return reject(
      'RESTRICTED',
      'The subject is under restriction of processing (GDPR Art. 18): lift the restriction first.',
    );
  }
  switch (action.kind) {
    case 'request.verify': {
      const problem = verificationProblem(
        req.type,
        action.payload as ActionPayload<'request.verify'>,
        req.viaAgent,
      );
      if (problem) return reject('INVALID', problem);
      return { ok: true, next: { ...base, status: 'in_progress' } };
    }
    case 'request.approve': {
      const p = action.payload as ActionPayload<'request.approve'>;
      if (p.exemption !== undefined) {
        const misfit = exemptionProblem(p.exemption, req.jurisdiction, req.type);
        if (misfit) return reject('INVALID', misfit);
      }
      // The approval is the response only when there is nothing to carry out (objection, opt-out,
      // limit); otherwise the clock runs until the work is done.
      const done = !needsCarryOut(req.type);
      return {
        ok: true,
        next: {
          ...base,
          status: p.partial ? 'partially_approved' : 'approved',
          ...decisionRecord(action),
          respondedOn: done ? today : null,
          refusedLate: p.partial ? refusalLate(req, today, memberState) : base.refusedLate,
        },
      };
    }
    case 'request.deny': {
      const p = action.payload as ActionPayload<'request.deny'>;
      const misfit = exemptionProblem(p.exemption, req.jurisdiction, req.type);
      if (misfit) return reject('INVALID', misfit);
      if (req.jurisdiction === 'gdpr' && p.remedyInfo === undefined)
        return reject(
          'INVALID',
          'A GDPR refusal records the information given on the right to complain to a supervisory authority and to seek a judicial remedy (Art. 12(4)).',
        );
      return {
        ok: true,
        next: {
          ...base,
          status: 'denied',
          ...decisionRecord(action),
          respondedOn: today,
          refusedLate: refusalLate(req, today, memberState),
        },
      };
    }
    case 'request.close_duplicate':
      return {
        ok: true,
        next: { ...base, status: 'closed_duplicate', ...decisionRecord(action), respondedOn: today },
      };
    case 'request.extend': {
      if (req.extended) return reject('INVALID', 'The request was already extended once.');
      const clocks = clocksOf(req, memberState);
      if (clocks.extensionNoticeBy === null)
        return reject('INVALID', `A CCPA ${req.type} request cannot be extended (11 CCR §7026, §7027).`);
      if (today > clocks.extensionNoticeBy)
        return reject(
          'INVALID',
          `An extension must be notified within the first period, by ${clocks.extensionNoticeBy}; it is ${today}.`,
        );
      return { ok: true, next: { ...base, extended: true } };
    }
    case 'request.acknowledge': {
      const p = action.payload as ActionPayload<'request.acknowledge'>;
      if (req.acknowledgedOn !== null)
        return reject('INVALID', `The receipt was already confirmed on ${req.acknowledgedOn}.`);
      if (p.on < req.receivedOn)
        return reject('INVALID', `A confirmation cannot precede the receipt (${req.receivedOn}).`);
      if (p.on > today) return reject('INVALID', `${p.on} is in the future (today is ${today}).`);
      return { ok: true, next: { ...base, acknowledgedOn: p.on, acknowledgedVia: p.channel } };
    }
    case 'request.hold':
      return { ok: true, next: { ...base, legalHold: true } };
    case 'request.release':
      return { ok: true, next: { ...base, legalHold: false } };
    case 'request.assign': {
      const p = action.payload as ActionPayload<'request.assign'>;
      return { ok: true, next: { ...base, assignee: p.assignee } };
    }
    case 'request.note':
      return { ok: true, next: base };
    case 'export.delivered':
      if (req.status !== 'approved' && req.status !== 'partially_approved')
        return reject(
          'INVALID',
          `An export is delivered only for an approved request (it is ${req.status}).`,
        );
      if (!['access', 'access_specific', 'portability'].includes(req.type))
        return reject('INVALID', `A ${req.type} request has no export to deliver.`);
      return { ok: true, next: { ...base, status: 'completed', respondedOn: today } };
    case 'erasure.execute': {
      if (req.type !== 'erasure') return reject('INVALID', `A ${req.type} request is not an erasure.`);
      if (req.status !== 'approved' && req.status !== 'partially_approved')
        return reject('INVALID', `Erasure runs only after approval (the request is ${req.status}).`);
      const kept = (action.payload as ActionPayload<'erasure.execute'>).exemptionsKept;
      for (const code of kept) {
        const misfit = exemptionProblem(code, req.jurisdiction, req.type);
        if (misfit) return reject('INVALID', misfit);
      }
      return { ok: true, next: { ...base, status: 'completed', respondedOn: today } };
    }
    case 'request.intake':
      // An intake creates a request; it never applies to one that exists.
      return reject('INVALID', 'A request with this id already exists.');
    case 'rectification.apply':
      if (req.type !== 'rectification')
        return reject('INVALID', `A ${req.type} request is not a rectification.`);
      if (!CARRIED_OUT_AFTER.includes(req.status))
        return reject(
          'INVALID',
          `Corrections are applied only after approval (the request is ${req.status}).`,
        );
      if (req.subjectId === null) return reject('INVALID', 'The request is not linked to a subject.');
      {
        const changes = (action.payload as ActionPayload<'rectification.apply'>).changes;
        const outside = correctionScopeProblem(changes, ctx.correctedFields);
        if (outside) return reject('INVALID', outside);
      }
      return { ok: true, next: { ...base, status: 'completed', respondedOn: today } };
    case 'restriction.place':
      if (req.type !== 'restriction') return reject('INVALID', `A ${req.type} request is not a restriction.`);
      if (!CARRIED_OUT_AFTER.includes(req.status) && req.status !== 'completed')
        return reject(
          'INVALID',
          `A restriction is placed only after approval (the request is ${req.status}).`,
        );
      if (req.subjectId === null) return reject('INVALID', 'The request is not linked to a subject.');
      if (ctx.subjectRestricted) return reject('INVALID', 'The subject is already under restriction.');
      return { ok: true, next: { ...base, status: 'completed', respondedOn: base.respondedOn ?? today } };
    case 'restriction.lift':
      if (req.type !== 'restriction') return reject('INVALID', `A ${req.type} request is not a restriction.`);
      if (req.subjectId === null) return reject('INVALID', 'The request is not linked to a subject.');
      if (ctx.subjectRestricted === false) return reject('INVALID', 'The subject is not under restriction.');
      return { ok: true, next: base };
    case 'settings.update':
      // Applied to the organisation's settings (backend/org-settings.ts), never to a request.
      return reject('INVALID', 'A settings change does not apply to a request.');
  }
}

/**
 * Art. 12(4): the reasons for not acting are given within one month of receipt, extended or not.
 * A refusal after `refuseBy` is allowed (better late than never) but recorded as late.
 */
function refusalLate(req: PrivacyRequest, today: IsoDate, memberState: string | null): boolean {
  const refuseBy = clocksOf(req, memberState).refuseBy;
  return refuseBy !== null && today > refuseBy;
}
