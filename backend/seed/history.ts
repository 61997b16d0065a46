// The demo organisation's past casework (issue 16): closed CCPA and GDPR requests received
// across the previous and the current calendar year, with every outcome (approved, in part,
// denied with a fitting basis, duplicates), so the yearly reports (§7102, GDPR) show figures on
// any date. Opt-in (`history` seed option, on for the `start` demo): the generator's other data
// is unchanged, and from its own random stream, so adding it reshuffles nothing.
import type {
  ExemptionCode,
  Jurisdiction,
  PrivacyRequest,
  RequestEvent,
  RequestEventKind,
  RequestResponse,
  RequestType,
} from '../../shared/domain';
import { exemptionsFor } from '../../shared/exemptions';
import { REQUEST_SUMMARIES } from './catalog';
import { Rng } from './rng';
import { DAY, HOUR, iso, isoDate } from './time';

/** Requests per jurisdiction per year. */
export const HISTORY_PER_YEAR = 14;

const TYPES: Record<'ccpa' | 'gdpr', readonly RequestType[]> = {
  ccpa: ['access', 'erasure', 'access_specific', 'rectification', 'opt_out', 'portability', 'limit'],
  gdpr: ['access', 'erasure', 'rectification', 'objection', 'portability', 'restriction'],
};
// Five outcomes against six or seven types: every type meets every outcome over the years.
const OUTCOMES: readonly RequestResponse[] = ['approved', 'denied', 'partial', 'approved', 'duplicate'];

const quickType = (t: RequestType) => t === 'opt_out' || t === 'limit';

export interface History {
  requests: PrivacyRequest[];
  requestEvents: RequestEvent[];
}

export function generateHistory(opts: {
  seed: number;
  nowMs: number;
  subjectIds: readonly string[];
  assignees: readonly string[];
}): History {
  const rng = Rng.derive(opts.seed, 'history');
  const out: History = { requests: [], requestEvents: [] };
  if (opts.subjectIds.length === 0 || opts.assignees.length === 0) return out;
  const year = new Date(opts.nowMs).getUTCFullYear();
  // Answers are given by yesterday at the latest: the record is of work already done.
  const latest = opts.nowMs - DAY;
  for (const y of [year - 1, year]) {
    const from = Date.UTC(y, 0, 1) + 9 * HOUR;
    const to = Math.min(Date.UTC(y, 11, 31) + 9 * HOUR, latest - DAY);
    if (to <= from) continue; // the first days of January: last year's records carry the report
    for (const jurisdiction of ['ccpa', 'gdpr'] as const) {
      const types = TYPES[jurisdiction];
      for (let k = 0; k < HISTORY_PER_YEAR; k++) {
        const n = out.requests.length;
        const type = types[(n + k) % types.length]!;
        const response = OUTCOMES[(n + 2 * k) % OUTCOMES.length]!;
        const receivedMs = rng.int(from, to);
        const quick = quickType(type);
        const days = response === 'duplicate' ? rng.int(0, 2) : quick ? rng.int(1, 14) : rng.int(3, 48);
        const respondedMs = Math.min(receivedMs + days * DAY, latest);
        out.requests.push(
          record(rng, out.requestEvents, opts, { jurisdiction, type, response, receivedMs, respondedMs }),
        );
      }
    }
  }
  return out;
}

function record(
  rng: Rng,
  events: RequestEvent[],
  opts: { subjectIds: readonly string[]; assignees: readonly string[] },
  r: {
    jurisdiction: Jurisdiction;
    type: RequestType;
    response: RequestResponse;
    receivedMs: number;
    respondedMs: number;
  },
): PrivacyRequest {
  const id = rng.uuid7(r.receivedMs);
  const assignee = rng.pick(opts.assignees);
  let denialBasis: ExemptionCode | null = null;
  if (r.response === 'denied' || (r.response === 'partial' && rng.chance(0.5))) {
    const bases = exemptionsFor(r.jurisdiction, r.type);
    denialBasis = bases.length > 0 ? rng.pick(bases) : null;
  }
  // A carried-out erasure leaves the record without its person (the erasure cleared the id).
  const erased = r.type === 'erasure' && (r.response === 'approved' || r.response === 'partial');
  const subjectId = erased || rng.chance(0.1) ? null : rng.pick(opts.subjectIds);
  const days = Math.round((r.respondedMs - r.receivedMs) / DAY);
  const status: PrivacyRequest['status'] =
    r.response === 'duplicate' ? 'closed_duplicate' : r.response === 'denied' ? 'denied' : 'completed';
  const history: { kind: RequestEventKind; at: number; detail: Record<string, unknown> }[] = [
    { kind: 'received', at: r.receivedMs, detail: { channel: 'web_form', viaAgent: false } },
  ];
  if (r.response === 'duplicate') {
    history.push({ kind: 'closed', at: r.respondedMs, detail: { reason: 'duplicate' } });
  } else {
    history.push({
      kind: 'decided',
      at: r.respondedMs - 1000,
      detail: { decision: status === 'completed' ? r.response : 'denied', exemption: denialBasis },
    });
    if (status === 'completed')
      history.push({ kind: 'completed', at: r.respondedMs, detail: { deliveredVia: 'portal' } });
  }
  let last = r.receivedMs;
  for (const h of history) {
    last = Math.max(h.at, last + 1000);
    events.push({
      id: rng.uuid7(last),
      requestId: id,
      at: iso(last),
      actor: h.kind === 'received' ? 'system' : assignee,
      kind: h.kind,
      detail: h.detail,
    });
  }
  return {
    id,
    subjectId,
    type: r.type,
    jurisdiction: r.jurisdiction,
    status,
    channel: 'web_form',
    receivedOn: isoDate(r.receivedMs),
    version: history.length,
    assignee,
    viaAgent: false,
    extended: false,
    legalHold: false,
    summary: rng.pick(REQUEST_SUMMARIES[r.type]),
    updatedAt: iso(last),
    respondedOn: isoDate(r.respondedMs),
    response: r.response,
    denialBasis,
    // Opt-out and limit requests have no receipt confirmation (11 CCR §7026, §7027).
    acknowledgedOn: quickType(r.type) ? null : isoDate(r.receivedMs),
    acknowledgedVia: quickType(r.type) ? null : 'email',
    // A GDPR refusal after the month of Art. 12(4) (allowed, recorded, counted).
    refusedLate: r.jurisdiction === 'gdpr' && r.response === 'denied' && days > 31,
  };
}
