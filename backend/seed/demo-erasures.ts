// The demo's erasure work (issue 11): two approved erasure requests not yet carried out, each
// about one of the most active people (50+ events at the demo's sizes), and a third approved one
// on legal hold. Rewritten in place with a generator of their own ('demo-erasures'), so every
// other request and event stays as the seed made it.
import type { PrivacyRequest, RequestEvent } from '../../shared/domain';
import { REQUEST_SUMMARIES } from './catalog';
import type { GeneratedAdmin, UserModel } from './people';
import { SEEDED_TYPES, seededRecord, type HistoryEntry } from './requests';
import { Rng } from './rng';
import { DAY, HOUR, MINUTE, iso } from './time';

/**
 * Turns three of `requests` into the demo erasures, replacing their history in `requestEvents`.
 * `cumulative` is the users' running activity weight (`cumulativeActivity`); restricted people
 * are never picked. Needs three users and more requests than the guaranteed cycle of types.
 */
export function applyDemoErasures(opts: {
  seed: number;
  nowMs: number;
  models: readonly UserModel[];
  cumulative: readonly number[];
  admins: readonly GeneratedAdmin[];
  requests: PrivacyRequest[];
  requestEvents: RequestEvent[];
}): void {
  const { seed, nowMs, models, cumulative, admins, requests, requestEvents } = opts;
  if (models.length < 3 || requests.length <= SEEDED_TYPES.length * 2) return;
  const dr = Rng.derive(seed, 'demo-erasures');
  const heavy = cumulative
    .map((c, i) => [c - (i > 0 ? (cumulative[i - 1] ?? 0) : 0), i] as const)
    .sort((a, b) => b[0] - a[0])
    .map(([, i]) => models[i] as UserModel)
    .filter((m) => !m.subject.restricted);
  const erasureIdx = requests.flatMap((r, i) => (r.type === 'erasure' ? [i] : []));
  // The first request after the guaranteed cycle of types becomes the third one if needed.
  if (erasureIdx.length < 3) erasureIdx.push(SEEDED_TYPES.length * 2);
  const approver = admins.find((a) => a.role === 'approver') ?? admins[0]!;
  erasureIdx.slice(0, 3).forEach((idx, k) => {
    const req = requests[idx]!;
    const person = heavy[k];
    if (!person) return;
    const receivedMs = Date.parse(`${req.receivedOn}T09:00:00.000Z`);
    const kinds: HistoryEntry[] = [
      { kind: 'received', detail: { channel: req.channel, viaAgent: req.viaAgent } },
      { kind: 'verified', detail: { matched: ['email', 'employee_id'] } },
      { kind: 'decided', detail: { decision: 'approved' } },
    ];
    if (k === 2)
      kinds.push({ kind: 'legal_hold', detail: { reason: 'Litigation hold requested by counsel.' } });
    for (let i = requestEvents.length - 1; i >= 0; i--)
      if (requestEvents[i]!.requestId === req.id) requestEvents.splice(i, 1);
    let at = receivedMs;
    let decidedAt = receivedMs;
    kinds.forEach((entry, i) => {
      at = i === 0 ? receivedMs : Math.min(at + dr.int(HOUR, DAY), nowMs - (kinds.length - i) * MINUTE);
      if (entry.kind === 'decided') decidedAt = at;
      requestEvents.push({
        id: dr.uuid7(at),
        requestId: req.id,
        at: iso(at),
        actor: i === 0 ? 'system' : approver.name,
        kind: entry.kind,
        detail: entry.detail,
      });
    });
    requests[idx] = {
      ...req,
      type: 'erasure',
      subjectId: person.subject.id,
      status: 'approved',
      version: kinds.length,
      assignee: approver.name,
      extended: false,
      legalHold: k === 2,
      summary: REQUEST_SUMMARIES.erasure[0] ?? req.summary,
      updatedAt: iso(at),
      ...seededRecord('approved', decidedAt, kinds, 'erasure'),
    };
  });
}
