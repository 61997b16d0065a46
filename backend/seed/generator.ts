// Deterministic synthetic organisation: same options ⇒ byte-identical rows (ids included).
// Users, devices and requests are small and built up front; access events are produced as a
// stream of per-day chunks, never all in memory. Each part draws from a random stream of its own
// (`Rng.derive(seed, label)`), so a change to one leaves the others' data as it was:
//   people.ts         the org, its admins, the users and their devices
//   requests.ts       privacy requests and their history
//   demo-erasures.ts  the demo's erasure work, rewritten over three of those requests
//   leavers.ts        extra people deactivated, some past the inactivity window (retention)
//   history.ts        the past years' closed requests (opt-in)
//   access-events.ts  the access-event stream
import { Faker, base, en } from '@faker-js/faker';
import type { AccessEvent, PrivacyRequest, RequestEvent } from '../../shared/domain';
import { accessEventStream, cumulativeActivity } from './access-events';
import { applyDemoErasures } from './demo-erasures';
import { generateHistory } from './history';
import { generateLeavers } from './leavers';
import {
  generateAdmins,
  generateUsers,
  type GeneratedAdmin,
  type GeneratedOrgInfo,
  type GeneratedSubject,
} from './people';
import { generateRequests } from './requests';
import { DAY, EVENT_WINDOW_DAYS } from './time';

export { DAY, EVENT_WINDOW_DAYS, REQUEST_WINDOW_DAYS } from './time';
export type { GeneratedAdmin, GeneratedSubject } from './people';

export interface SeedOptions {
  users: number;
  events: number;
  seed: number;
  /** End of the generated period (default: current time). */
  now?: Date;
  /** issue 16: add closed requests across this and last calendar year (backend/seed/history.ts). */
  history?: boolean;
}

export interface GeneratedOrg {
  org: GeneratedOrgInfo;
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

export function generateOrg(opts: SeedOptions): GeneratedOrg {
  const users = Math.max(0, Math.floor(opts.users));
  // Events and requests need people to be about; an org without users is just its admins.
  const eventCount = users === 0 ? 0 : Math.max(0, Math.floor(opts.events));
  const seed = Math.floor(opts.seed);
  const now = opts.now ? new Date(opts.now.getTime()) : new Date();
  const nowMs = now.getTime();
  const windowStart = nowMs - EVENT_WINDOW_DAYS * DAY;

  // One faker draws every name, in order: the org's, the admins', then the users'.
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed);
  const { org, admins } = generateAdmins(faker, seed);
  const models = generateUsers(faker, seed, users, org.domain, windowStart);
  const { requests, requestEvents } = generateRequests(seed, nowMs, models, admins);
  const cumulative = cumulativeActivity(seed, models);
  applyDemoErasures({ seed, nowMs, models, cumulative, admins, requests, requestEvents });
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

  // The leavers come after the users, drawn apart, so the users' data stays as it was.
  const leavers = generateLeavers(
    seed,
    users,
    nowMs,
    org.domain,
    new Set(models.map((m) => m.subject.username)),
  );

  return {
    org,
    admins,
    subjects: [...models.map((m) => m.subject), ...leavers],
    requests,
    requestEvents,
    now,
    eventCount,
    accessEvents: accessEventStream({ seed, windowStart, nowMs, eventCount, models, cumulative }),
  };
}
