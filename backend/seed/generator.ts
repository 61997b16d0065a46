// Deterministic synthetic organisation: same options ⇒ byte-identical rows (ids included).
// Users, devices and requests are small and built up front; access events are produced as a
// stream of per-day chunks, never all in memory.
import { Faker, base, en } from '@faker-js/faker';
import type {
  AccessEvent,
  Device,
  Jurisdiction,
  PrivacyRequest,
  RequestEvent,
  RequestStatus,
  RequestType,
  Role,
  Subject,
} from '../../shared/domain';
import { ExemptionCode, type RequestChannel } from '../../shared/domain';
import { needsCarryOut } from '../../shared/legal-rules';
import {
  DEFAULT_APPS,
  DENIAL_EXEMPTIONS,
  DENY_REASONS,
  DEPARTMENT_APPS,
  DEPARTMENTS,
  DEVICE_KINDS,
  DEVICE_MODELS,
  HOME_PREFIXES,
  OFFICE_NETWORKS,
  OS_VERSIONS,
  REQUEST_SUMMARIES,
  STATUS_WEIGHTS,
  TIMEZONES,
  TRAVEL_PREFIXES,
  type App,
  type DeviceKind,
} from './catalog';
import { Rng } from './rng';
import { generateHistory } from './history';

export interface SeedOptions {
  users: number;
  events: number;
  seed: number;
  /** End of the generated period (default: current time). */
  now?: Date;
  /** issue 16: add closed requests across this and last calendar year (backend/seed/history.ts). */
  history?: boolean;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** Access events fall within this many days before `now`. */
export const EVENT_WINDOW_DAYS = 30;
/** Privacy requests are received within this many days before `now`. */
export const REQUEST_WINDOW_DAYS = 56;

export interface GeneratedAdmin {
  id: string;
  name: string;
  email: string;
  role: Role;
}

export interface GeneratedSubject extends Subject {
  timezone: string;
}

export interface GeneratedOrg {
  org: { id: string; name: string; domain: string };
  admins: GeneratedAdmin[];
  subjects: GeneratedSubject[];
  requests: PrivacyRequest[];
  requestEvents: RequestEvent[];
  now: Date;
  /** Total access events that `accessEvents()` yields. */
  eventCount: number;
  /** Access events in time-ordered chunks (one per day of the window); re-iterable, deterministic. */
  accessEvents(): Generator<AccessEvent[]>;
}

interface DeviceModel {
  device: Device;
  firstSeenMs: number;
  weight: number;
}

interface UserModel {
  subject: GeneratedSubject;
  offsetMs: number;
  devices: DeviceModel[];
  usualIps: string[];
  apps: readonly (readonly [App, number])[];
  travel: { from: number; to: number; ips: string[] } | null;
  mfaTrouble: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Relative activity by local hour (office hours dominate; a little evening work). */
const HOUR_WEIGHTS = [
  0.02, 0.01, 0.01, 0.01, 0.02, 0.04, 0.12, 0.35, 0.75, 1.0, 1.0, 0.95, 0.7, 0.85, 1.0, 0.95, 0.85, 0.6, 0.3,
  0.2, 0.18, 0.15, 0.08, 0.04,
];

/**
 * The 24-month record of a seeded request (11 CCR §7101), read off its generated history — no
 * random draw, so adding the record leaves every seed's data as it was.
 */
function seededRecord(
  status: RequestStatus,
  decidedAt: number | null,
  kinds: readonly { kind: string; detail: Record<string, unknown> }[],
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

function slug(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '');
}

function deviceName(rng: Rng, kind: DeviceKind, first: string): string {
  const model = rng.pick(DEVICE_MODELS[kind]);
  switch (kind) {
    case 'windows':
      return rng.chance(0.6) ? `DESKTOP-${rng.hex(7).toUpperCase()}` : `${first}'s ${model}`;
    case 'linux':
      return `${first.toLowerCase()}-${model.toLowerCase().replace(/\s+/g, '-')}`;
    default:
      return `${first}'s ${model}`;
  }
}

export function generateOrg(opts: SeedOptions): GeneratedOrg {
  const users = Math.max(0, Math.floor(opts.users));
  // Events and requests need people to be about; an org without users is just its admins.
  const eventCount = users === 0 ? 0 : Math.max(0, Math.floor(opts.events));
  const seed = Math.floor(opts.seed);
  const now = opts.now ? new Date(opts.now.getTime()) : new Date();
  const nowMs = now.getTime();
  const windowStart = nowMs - EVENT_WINDOW_DAYS * DAY;

  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed);
  const rng = Rng.derive(seed, 'org');

  // --- organisation and its admins -------------------------------------------------------
  const orgName = faker.company.name();
  const domain = `${slug(orgName).slice(0, 24) || 'example'}.example`;
  const org = { id: rng.uuid4(), name: orgName, domain };
  const roles: Role[] = ['owner', 'approver', 'analyst', 'viewer'];
  const admins: GeneratedAdmin[] = roles.map((role) => {
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    return {
      id: rng.uuid4(),
      name: `${first} ${last}`,
      email: `${slug(first)}.${slug(last)}@${domain}`,
      role,
    };
  });

  // --- users and devices -----------------------------------------------------------------
  const userRng = Rng.derive(seed, 'users');
  const usernames = new Set<string>();
  const models: UserModel[] = [];
  for (let i = 0; i < users; i++) {
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    let username = slug(first) && slug(last) ? `${slug(first)}.${slug(last)}` : `user${i + 1}`;
    if (usernames.has(username)) {
      let n = 2;
      while (usernames.has(`${username}${n}`)) n++;
      username = `${username}${n}`;
    }
    usernames.add(username);
    const contractor = userRng.chance(0.06);
    const department = userRng.chance(0.03) ? null : userRng.weighted(DEPARTMENTS);
    const [tz, offsetMin] = userRng.weighted(TIMEZONES.map((t) => [[t[0], t[1]] as const, t[2]] as const));
    const createdMs = windowStart - userRng.int(10, 1100) * DAY - userRng.int(0, DAY - 1);

    const deviceCount = userRng.weighted([
      [1, 45],
      [2, 40],
      [3, 15],
    ] as const);
    const devices: DeviceModel[] = [];
    for (let d = 0; d < deviceCount; d++) {
      const kind =
        d === 0
          ? userRng.weighted(DEVICE_KINDS.filter(([k]) => k !== 'iphone' && k !== 'android' && k !== 'ipad'))
          : userRng.weighted(DEVICE_KINDS);
      const firstSeenMs = createdMs + userRng.int(0, Math.max(1, windowStart - createdMs - HOUR));
      devices.push({
        device: {
          id: userRng.uuid4(),
          name: deviceName(userRng, kind, first),
          osVersion: userRng.weighted(OS_VERSIONS[kind]),
          firstSeenAt: iso(firstSeenMs),
        },
        firstSeenMs,
        weight: d === 0 ? 6 : userRng.int(1, 3),
      });
    }
    // New device appearing mid-period (a replacement laptop, a new phone).
    if (userRng.chance(0.15)) {
      const kind = userRng.weighted(DEVICE_KINDS);
      const firstSeenMs = windowStart + userRng.int(DAY, (EVENT_WINDOW_DAYS - 2) * DAY);
      devices.push({
        device: {
          id: userRng.uuid4(),
          name: deviceName(userRng, kind, first),
          osVersion: userRng.weighted(OS_VERSIONS[kind]),
          firstSeenAt: iso(firstSeenMs),
        },
        firstSeenMs,
        weight: 5,
      });
    }

    const office = userRng.pick(OFFICE_NETWORKS);
    const usualIps = [`${office}.${userRng.int(10, 250)}`];
    if (userRng.chance(0.6)) {
      usualIps.push(
        `${userRng.pick(HOME_PREFIXES)}.${userRng.int(1, 254)}.${userRng.int(0, 255)}.${userRng.int(1, 254)}`,
      );
    }
    let travel: UserModel['travel'] = null;
    if (userRng.chance(0.08)) {
      const from = windowStart + userRng.int(0, EVENT_WINDOW_DAYS - 7) * DAY + userRng.int(0, DAY - 1);
      const to = from + userRng.int(2, 6) * DAY;
      const prefix = userRng.pick(TRAVEL_PREFIXES);
      travel = {
        from,
        to,
        ips: [
          `${prefix}.${userRng.int(0, 255)}.${userRng.int(1, 254)}`,
          `${prefix}.${userRng.int(0, 255)}.${userRng.int(1, 254)}`,
        ],
      };
    }
    const newest = Math.max(createdMs, ...devices.map((d) => d.firstSeenMs));
    const subject: GeneratedSubject = {
      id: userRng.uuid4(),
      username,
      email: `${username}@${domain}`,
      displayName: `${first} ${last}`,
      employeeId: contractor ? null : `E${String(10000 + i * 7 + userRng.int(0, 6)).padStart(6, '0')}`,
      department,
      restricted: false,
      restriction: null,
      devices: devices.map((d) => d.device),
      createdAt: iso(createdMs),
      updatedAt: iso(newest),
      timezone: tz,
    };
    models.push({
      subject,
      offsetMs: offsetMin * MINUTE,
      devices,
      usualIps,
      apps: department ? (DEPARTMENT_APPS[department] ?? DEFAULT_APPS) : DEFAULT_APPS,
      travel,
      mfaTrouble: userRng.chance(0.1) ? 3 : 1,
    });
  }

  // --- privacy requests ------------------------------------------------------------------
  const reqRng = Rng.derive(seed, 'requests');
  const requestCount = users === 0 ? 0 : Math.max(16, Math.round(users / 10));
  // The seven types the generator always drew (fixed, so new types do not reshuffle the seed);
  // under the CCPA, objection and restriction become its opt-out and limit requests (issue 13).
  const types: readonly RequestType[] = [
    'access',
    'access_specific',
    'portability',
    'erasure',
    'rectification',
    'restriction',
    'objection',
  ];
  // The channels seeded requests arrive by (fixed: a new channel must not reshuffle the seed).
  const channels: readonly RequestChannel[] = ['email', 'web_form', 'letter', 'phone', 'in_app'];
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
    const channel = reqRng.pick(channels);
    const assignee =
      status === 'received' ? null : reqRng.pick(admins.filter((a) => a.role !== 'viewer')).name;
    const open = status === 'received' || status === 'verifying' || status === 'in_progress';
    const ageDays = (nowMs - receivedMs) / DAY;
    const extended = open && ageDays > 25 && reqRng.chance(0.4);
    const legalHold = reqRng.chance(0.05);

    // History: a plausible prefix of the lifecycle, 1–4 entries.
    const kinds: { kind: string; detail: Record<string, unknown> }[] = [
      { kind: 'received', detail: { channel, viaAgent } },
    ];
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

  // --- access events (streamed) ----------------------------------------------------------
  const cumulative: number[] = [];
  {
    const wRng = Rng.derive(seed, 'activity');
    let acc = 0;
    for (let i = 0; i < models.length; i++) {
      // Log-normal-ish activity: a few heavy users, a long tail of light ones.
      acc += Math.exp((wRng.float() + wRng.float() + wRng.float() - 1.5) * 1.6);
      cumulative.push(acc);
    }
  }
  const totalWeight = cumulative[cumulative.length - 1] ?? 1;

  // --- demo erasures (issue 11) ----------------------------------------------------------
  // Two approved erasure requests not yet carried out, each about one of the most active people
  // (50+ events at the demo's sizes), and a third approved one on legal hold. Rewritten in place
  // with a generator of their own, so every other request and event stays as the seed made it.
  if (models.length >= 3 && requests.length > types.length * 2) {
    const dr = Rng.derive(seed, 'demo-erasures');
    const heavy = cumulative
      .map((c, i) => [c - (i > 0 ? (cumulative[i - 1] ?? 0) : 0), i] as const)
      .sort((a, b) => b[0] - a[0])
      .map(([, i]) => models[i] as UserModel)
      .filter((m) => !restrictedSubjects.has(m.subject.id));
    const erasureIdx = requests.flatMap((r, i) => (r.type === 'erasure' ? [i] : []));
    // The first request after the guaranteed cycle of types becomes the third one if needed.
    if (erasureIdx.length < 3) erasureIdx.push(types.length * 2);
    const approver = admins.find((a) => a.role === 'approver') ?? admins[0]!;
    erasureIdx.slice(0, 3).forEach((idx, k) => {
      const req = requests[idx]!;
      const person = heavy[k];
      if (!person) return;
      const receivedMs = Date.parse(`${req.receivedOn}T09:00:00.000Z`);
      const kinds: { kind: string; detail: Record<string, unknown> }[] = [
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
  // The past years' closed requests (issue 16) come last, so they never change the demo's own.
  if (opts.history) {
    const past = generateHistory({
      seed,
      nowMs,
      subjectIds: models.map((m) => m.subject.id),
      assignees: admins.filter((a) => a.role !== 'viewer').map((a) => a.name),
    });
    requests.push(...past.requests);
    requestEvents.push(...past.requestEvents);
  }
  const dayWeights: number[] = [];
  for (let d = 0; d < EVENT_WINDOW_DAYS; d++) {
    const weekday = new Date(windowStart + d * DAY + DAY / 2).getUTCDay();
    dayWeights.push(weekday === 0 || weekday === 6 ? 0.22 : 1);
  }
  const dayTotal = dayWeights.reduce((a, b) => a + b, 0);
  const perDay: number[] = [];
  {
    let assigned = 0;
    let accW = 0;
    for (let d = 0; d < EVENT_WINDOW_DAYS; d++) {
      accW += dayWeights[d] ?? 0;
      const upto = d === EVENT_WINDOW_DAYS - 1 ? eventCount : Math.round((eventCount * accW) / dayTotal);
      perDay.push(upto - assigned);
      assigned = upto;
    }
  }
  const reasonPairs = DENY_REASONS;

  function pickUser(r: Rng): UserModel {
    const x = r.float() * totalWeight;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    return models[lo] as UserModel;
  }

  function* accessEvents(): Generator<AccessEvent[]> {
    const r = Rng.derive(seed, 'events');
    for (let d = 0; d < EVENT_WINDOW_DAYS; d++) {
      const n = perDay[d] ?? 0;
      const dayStart = windowStart + d * DAY;
      const chunk: { t: number; e: AccessEvent }[] = [];
      for (let k = 0; k < n; k++) {
        const user = pickUser(r);
        // Office-hours weighting in the user's own time zone (rejection sampling).
        let t = dayStart + Math.floor(r.float() * DAY);
        for (let tries = 0; tries < 24; tries++) {
          const local = t + user.offsetMs;
          const hour = Math.floor(local / HOUR) % 24;
          const wd = new Date(local).getUTCDay();
          const w = (HOUR_WEIGHTS[hour] ?? 0.1) * (wd === 0 || wd === 6 ? 0.35 : 1);
          if (r.float() < w) break;
          t = dayStart + Math.floor(r.float() * DAY);
        }
        if (t >= nowMs) t = nowMs - 1;
        // Device: any the user had by then, the primary most often.
        let dev = user.devices[0] as DeviceModel;
        let wsum = 0;
        for (const dm of user.devices) if (dm.firstSeenMs <= t) wsum += dm.weight;
        let x = r.float() * wsum;
        for (const dm of user.devices) {
          if (dm.firstSeenMs > t) continue;
          x -= dm.weight;
          if (x < 0) {
            dev = dm;
            break;
          }
        }
        const travelling = user.travel !== null && t >= user.travel.from && t < user.travel.to;
        const ip = travelling && user.travel ? r.pick(user.travel.ips) : r.pick(user.usualIps);
        const app = r.weighted(user.apps);
        let reason: string | null = null;
        const roll = r.float();
        if (t - dev.firstSeenMs < DAY && roll < 0.3) reason = 'unknown_device';
        else if (travelling && roll < 0.1) reason = 'geo_policy';
        else if (roll < 0.028 * user.mfaTrouble) reason = r.weighted(reasonPairs);
        chunk.push({
          t,
          e: {
            id: r.uuid7(t),
            time: iso(t),
            subjectId: user.subject.id,
            username: user.subject.username,
            ip,
            deviceId: dev.device.id,
            deviceName: dev.device.name,
            osVersion: dev.device.osVersion,
            app,
            decision: reason ? 'deny' : 'allow',
            reason,
          },
        });
      }
      chunk.sort((a, b) => a.t - b.t || (a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0));
      yield chunk.map((c) => c.e);
    }
  }

  return {
    org,
    admins,
    subjects: models.map((m) => m.subject),
    requests,
    requestEvents,
    now,
    eventCount,
    accessEvents,
  };
}
