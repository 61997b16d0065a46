// When a request's legal clock stops (issue 13): not at approval, but when the work is carried
// out — the export delivered, the erasure executed, the correction applied, the restriction
// placed (1798.130(a)(2), GDPR Art. 12(3)) — or when the request is refused or closed.
// Pure TypeScript: no node:*, no DOM.
import { computeClocks, typeProblem, type Clocks } from './clocks';
import { ARTS_15_TO_20_TYPES, type PrivacyRequest, type RequestType } from './domain';

/** Types whose approval is followed by work that ends the clock (delivery, erasure, correction, restriction). */
const CARRY_OUT_TYPES: ReadonlySet<RequestType> = new Set(ARTS_15_TO_20_TYPES);

export function needsCarryOut(type: RequestType): boolean {
  return CARRY_OUT_TYPES.has(type);
}

/** Whether nothing is owed on the request any more: the clock has stopped. */
export function workDone(req: Pick<PrivacyRequest, 'status' | 'type'>): boolean {
  switch (req.status) {
    case 'denied':
    case 'completed':
    case 'closed_duplicate':
      return true;
    case 'approved':
    case 'partially_approved':
      return !needsCarryOut(req.type);
    default:
      return false;
  }
}

/**
 * The clocks of a stored request. A CCPA objection or restriction recorded before those were
 * refused at intake is timed as the CCPA request that replaces it (opt-out, limit), so an old
 * record still shows a deadline instead of failing.
 */
export function clocksOf(
  req: Pick<PrivacyRequest, 'jurisdiction' | 'receivedOn' | 'type' | 'extended'>,
  memberState: string | null,
): Clocks {
  let type = req.type;
  if (typeProblem(req.jurisdiction, type) !== null) {
    if (type === 'objection') type = 'opt_out';
    else if (type === 'restriction') type = 'limit';
    else if (type === 'opt_out') type = 'objection';
    else if (type === 'limit') type = 'restriction';
  }
  return computeClocks({
    jurisdiction: req.jurisdiction,
    receivedOn: req.receivedOn,
    type,
    extended: req.extended,
    country: req.jurisdiction === 'gdpr' ? memberState : null,
  });
}
