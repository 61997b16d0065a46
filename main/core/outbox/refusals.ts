// What is refused before queueing (docs/ARCHITECTURE.md §4). The backend checks again with the
// same shared rules; refusing here spares the admin an action that can only come back rejected.
import { type Action, type ActionPayload } from '../../../shared/action-schemas';
import { applyActionRules } from '../../../shared/action-rules';
import type { PrivacyRequest } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { receivedOnZoneProblem } from '../../../shared/intake';
import { changedFields } from '../../../shared/rectification';
import { restrictionBlocks } from '../../../shared/restriction';
import type { OutboxContext } from './context';
import type { OptimisticOverlay } from './overlay';
import { SAME_VALUES_MESSAGE } from '../../../shared/subject-change';

/** Kinds whose rule failures are refused before queueing (they depend on nothing the backend knows better). */
export const REFUSED_BEFORE_QUEUE: readonly string[] = [
  'request.verify',
  'request.extend',
  'request.deny',
  'request.approve',
  'request.acknowledge',
  'erasure.execute',
];

/**
 * Throws E_VALIDATION when `action` must not be queued: a second intake of the same request, an
 * intake received in the future, a decision on a decided request, and the rules that depend only
 * on the request and the action — a verification short of the requirement, an extension after
 * the first period or a second one, an exemption that does not fit, a refusal without the remedy
 * information, an acknowledgement recorded twice — then a carry-out that cannot apply.
 * `mirror` is the request as last pulled (null when the mirror does not have it).
 */
export function refuseBeforeQueue(
  action: Action,
  mirror: PrivacyRequest | null,
  overlay: OptimisticOverlay,
  ctx: OutboxContext,
): void {
  if (action.kind === 'request.intake' && (mirror || overlay.intakeOf(action.requestId)))
    throw new AppError('E_VALIDATION', 'A request with this id already exists.');
  // The rules that read the clocks need the member state's calendar; the others only today.
  const refusedKind = REFUSED_BEFORE_QUEUE.includes(action.kind);
  const rules = refusedKind ? ctx.ruleContext() : ctx.overlayContext();
  if (action.kind === 'request.intake') {
    const future = receivedOnZoneProblem(action.payload.receivedOn, rules.today!);
    if (future) throw new AppError('E_VALIDATION', future);
  }
  if (mirror) {
    const rule = applyActionRules(mirror, action, rules);
    if (!rule.ok && rule.code === 'ALREADY_DECIDED') throw new AppError('E_VALIDATION', rule.message);
  }
  if (refusedKind) {
    // Judged on the request as this console shows it: the mirror, or a request entered by hand
    // and not pulled yet, with the actions queued since (e.g. an extension queued offline).
    const shown = overlay.detail(action.requestId)?.request;
    const rule = shown ? applyActionRules(shown, action, rules) : null;
    if (rule && !rule.ok && rule.code === 'INVALID') throw new AppError('E_VALIDATION', rule.message);
  }
  refuseCarryOut(action, overlay, ctx);
}

/**
 * Refuses carrying out a rectification or restriction that cannot apply to the request as this
 * console sees it (mirror + pending actions, e.g. an approval queued offline just before), and an
 * erasure or export of a subject under restriction.
 */
function refuseCarryOut(action: Action, overlay: OptimisticOverlay, ctx: OutboxContext): void {
  const carryOut = ['rectification.apply', 'restriction.place', 'restriction.lift'].includes(action.kind);
  if (!carryOut && !restrictionBlocks(action.kind)) return;
  const detail = overlay.detail(action.requestId);
  if (!detail) {
    if (carryOut) throw new AppError('E_VALIDATION', 'This request is not in the cache yet: sync first.');
    return;
  }
  const rule = applyActionRules(detail.request, action, {
    subjectRestricted: detail.subject?.restricted ?? false,
    ...ctx.overlayContext(),
    ...(action.kind === 'rectification.apply'
      ? { correctedFields: overlay.verifiedCorrections(action.requestId) }
      : {}),
  });
  if (!rule.ok && (carryOut || rule.code === 'RESTRICTED')) throw new AppError('E_VALIDATION', rule.message);
  if (action.kind === 'rectification.apply' && detail.subject) {
    const changes = (action.payload as ActionPayload<'rectification.apply'>).changes;
    if (changedFields(detail.subject, changes).length === 0)
      throw new AppError('E_VALIDATION', SAME_VALUES_MESSAGE);
  }
}
