// The seeded organisation's privacy requests and their history: a guaranteed cycle of every
// type under the GDPR and the CCPA, then a weighted mix, each with a plausible prefix of its
// lifecycle (1–4 entries) and the 24-month record read off it.
import type {
  Jurisdiction,
  PrivacyRequest,
  RequestEvent,
  RequestEventKind,
  RequestStatus,
  RequestType,
} from '../../shared/domain';
import { ExemptionCode, type RequestChannel } from '../../shared/domain';
import { needsCarryOut } from '../../shared/legal-rules';
import { DENIAL_EXEMPTIONS, REQUEST_SUMMARIES, STATUS_WEIGHTS } from './catalog';
import type { GeneratedAdmin, UserModel } from './people';
import { Rng } from './rng';
import { DAY, HOUR, MINUTE, REQUEST_WINDOW_DAYS, iso, isoDate } from './time';

/** A history entry before it is dated: its kind and detail. */
export type HistoryEntry = { kind: RequestEventKind; detail: Record<string, unknown> };

// The seven types the generator always drew (fixed, so new types do not reshuffle the seed);
// under the CCPA, objection and restriction become its opt-out and limit requests (issue 13).
export const SEEDED_TYPES: readonly RequestType[] = [
  'access',
  'access_specific',
  'portability',
  'erasure',
  'rectification',
  'restriction',
  'objection',
];
// The channels seeded requests arrive by (fixed: a new channel must not reshuffle the seed).
const CHANNELS: readonly RequestChannel[] = ['email', 'web_form', 'letter', 'phone', 'in_app'];

/**
 * The 24-month record of a seeded request (11 CCR §7101), read off its generated history — no
 * random draw, so adding the record leaves every seed's data as it was.
 */
export function seededRecord(
  status: RequestStatus,
  decidedAt: number | null,
  kinds: readonly HistoryEntry[],
  type: RequestType,
): Pick<PrivacyRequest, 'respondedOn' | 'response' | 'denialBasis'> {
  const none = { respondedOn: null, response: null, denialBasis: null };
  if (decidedAt === null) return none;
  const decidedOn = isoDate(decidedAt);
  // The response date is the day the work was done (issue 13): an approval still to be carried
  // out has none yet.
  const pendingWork = (status === 'approved' || status === 'partially_approved') && needsCarryOut(type);
  const respondedOn = pendingWork ? null : decidedOn;
  switch (status) {
    case 'approved':
    case 'completed':
      return { respondedOn, response: 'approved', denialBasis: null };
    case 'partially_approved':
      return { respondedOn, response: 'partial', denialBasis: null };
    case 'denied': {
      const cited = kinds.find((k) => k.kind === 'decided')?.detail.exemption;
      const basis = ExemptionCode.safeParse(cited);
      return { respondedOn, response: 'denied', denialBasis: basis.success ? basis.data : null };
    }
    case 'closed_duplicate':
      return { respondedOn, response: 'duplicate', denialBasis: null };
    default:
      return none;
  }
}

/**
 * The requests received in the `REQUEST_WINDOW_DAYS` before `nowMs` (from the 'requests'
 * stream), at least 16 and one per ten users; none without users. Marks the subject of an
 * approved or completed restriction as restricted.
 */
export function generateRequests(
  seed: number,
  nowMs: number,
  models: readonly UserModel[],
  admins: readonly GeneratedAdmin[],
): { requests: PrivacyRequest[]; requestEvents: RequestEvent[] } {
  const reqRng = Rng.derive(seed, 'requests');
  const types = SEEDED_TYPES;
  const requestCount = models.length === 0 ? 0 : Math.max(16, Math.round(models.length / 10));
  const requests: PrivacyRequest[] = [];
  const requestEvents: RequestEvent[] = [];
  const restrictedSubjects = new Set<string>();
  for (let i = 0; i < requestCount; i++) {
    let type: RequestType;
    let jurisdiction: Jurisdiction;
    if (i < types.length * 2) {
      type = types[i % types.length] as RequestType;
      jurisdiction = i < types.length ? 'gdpr' : 'ccpa';
    } else if (i < types.length * 2 + 2) {
      type = reqRng.pick(types);
      jurisdiction = 'other';
    } else {
      type = reqRng.pick(types);
      jurisdiction = reqRng.weighted([
        ['gdpr', 50],
        ['ccpa', 40],
        ['other', 10],
      ] as const);
    }
    if (jurisdiction === 'ccpa' && type === 'objection') type = 'opt_out';
    if (jurisdiction === 'ccpa' && type === 'restriction') type = 'limit';
    const status: RequestStatus = reqRng.weighted(STATUS_WEIGHTS);
    const user = reqRng.chance(0.9) ? reqRng.pick(models) : null;
    const receivedMs = nowMs - reqRng.int(0, REQUEST_WINDOW_DAYS - 1) * DAY - reqRng.int(HOUR, 20 * HOUR);
    const requestId = reqRng.uuid7(receivedMs);
    const viaAgent = reqRng.chance(jurisdiction === 'ccpa' ? 0.2 : 0.06);
    const channel = reqRng.pick(CHANNELS);
    const assignee =
      status === 'received' ? null : reqRng.pick(admins.filter((a) => a.role !== 'viewer')).name;
    const open = status === 'received' || status === 'verifying' || status === 'in_progress';
    const ageDays = (nowMs - receivedMs) / DAY;
    const extended = open && ageDays > 25 && reqRng.chance(0.4);
    const legalHold = reqRng.chance(0.05);

    // History: a plausible prefix of the lifecycle, 1–4 entries.
    const kinds: HistoryEntry[] = [{ kind: 'received', detail: { channel, viaAgent } }];
    const matched = reqRng.chance(0.5) ? ['email', 'employee_id'] : ['email', 'device_name'];
    switch (status) {
      case 'received':
        break;
      case 'verifying':
        kinds.push({
          kind: 'verification_started',
          detail: { method: reqRng.pick(['email_link', 'manager_confirmation', 'id_check']) },
        });
        break;
      case 'in_progress':
        kinds.push({ kind: 'verification_started', detail: { method: 'email_link' } });
        kinds.push({ kind: 'verified', detail: { matched } });
        break;
      case 'approved':
      case 'partially_approved':
        kinds.push({ kind: 'verified', detail: { matched } });
        kinds.push({ kind: 'decided', detail: { decision: status } });
        break;
      case 'denied':
        kinds.push({ kind: 'verification_started', detail: { method: 'email_link' } });
        kinds.push({
          kind: 'decided',
          detail: { decision: 'denied', exemption: reqRng.pick(DENIAL_EXEMPTIONS) },
        });
        break;
      case 'completed':
        kinds.push({ kind: 'verified', detail: { matched } });
        kinds.push({ kind: 'decided', detail: { decision: 'approved' } });
        kinds.push({
          kind: 'completed',
          detail: { deliveredVia: reqRng.pick(['secure_link', 'email', 'portal']) },
        });
        break;
      case 'closed_duplicate':
        kinds.push({ kind: 'closed', detail: { reason: 'duplicate' } });
        break;
    }
    if (extended && kinds.length < 4) kinds.push({ kind: 'extended', detail: { months: 2 } });
    if (kinds.length < 4 && reqRng.chance(0.35)) {
      kinds.push({
        kind: 'note',
        detail: {
          text: reqRng.pick([
            'Called requester to confirm scope.',
            'Waiting for signed agent authorisation.',
            'Checked HR system for matching employee record.',
            'Escalated to DPO for review.',
          ]),
        },
      });
    }
    let at = receivedMs;
    let lastAt = receivedMs;
    let decidedAt: number | null = null;
    for (let k = 0; k < kinds.length; k++) {
      const entry = kinds[k];
      if (!entry) continue;
      if (k > 0) at = Math.min(at + reqRng.int(HOUR, 3 * DAY), nowMs - (kinds.length - k) * MINUTE);
      at = Math.max(at, lastAt + 1000);
      lastAt = at;
      if (entry.kind === 'decided' || entry.kind === 'closed') decidedAt = at;
      requestEvents.push({
        id: reqRng.uuid7(at),
        requestId,
        at: iso(at),
        actor: k === 0 ? 'system' : (assignee ?? reqRng.pick(admins).name),
        kind: entry.kind,
        detail: entry.detail,
      });
    }
    if (user && type === 'restriction' && (status === 'approved' || status === 'completed')) {
      restrictedSubjects.add(user.subject.id);
    }
    requests.push({
      id: requestId,
      subjectId: user ? user.subject.id : null,
      type,
      jurisdiction,
      status,
      channel,
      receivedOn: isoDate(receivedMs),
      version: kinds.length,
      assignee,
      viaAgent,
      extended,
      legalHold,
      summary: reqRng.pick(REQUEST_SUMMARIES[type]),
      updatedAt: iso(lastAt),
      ...seededRecord(status, decidedAt, kinds, type),
      // Seeded requests past `received` had their receipt confirmed the day they arrived.
      acknowledgedOn: status === 'received' ? null : isoDate(receivedMs),
      acknowledgedVia: status === 'received' ? null : 'email',
      refusedLate: false,
    });
  }
  for (const m of models) if (restrictedSubjects.has(m.subject.id)) m.subject.restricted = true;
  return { requests, requestEvents };
}
