// The demo's leavers (issue 11, retention): people whose accounts were deactivated, some longer ago
// than the organisation's inactivity window (the retention job erases them when the backend
// starts) and some within it (kept until their window ends). They are extra people drawn from a
// random stream and a faker of their own ('leavers'), after everyone else, so the users, their
// requests and access events stay exactly as the seed made them. Leavers have no access events in
// the event window (those past the window left before it opened) and no requests.
import { Faker, base, en } from '@faker-js/faker';
import { DEFAULT_ORG_SETTINGS } from '../../shared/org-settings';
import { DEPARTMENTS, DEVICE_KINDS, DEVICE_MODELS, OS_VERSIONS, TIMEZONES } from './catalog';
import type { GeneratedSubject } from './people';
import { Rng } from './rng';
import { DAY, iso } from './time';

/** At most this many leavers; about one per ten users below that. */
export const MAX_LEAVERS = 6;

/** How many leavers an organisation of `users` people has (half of them, rounded up, past the window). */
export function leaverCount(users: number): number {
  return Math.min(MAX_LEAVERS, Math.floor(Math.max(0, users) / 10));
}

/**
 * The leavers of an organisation of `users` people at `domain`, deactivated relative to `nowMs`
 * and the default inactivity window. `takenUsernames` are the users' (a leaver never reuses one).
 */
export function generateLeavers(
  seed: number,
  users: number,
  nowMs: number,
  domain: string,
  takenUsernames: ReadonlySet<string>,
): GeneratedSubject[] {
  const count = leaverCount(users);
  if (count === 0) return [];
  const rng = Rng.derive(seed, 'leavers');
  const faker = new Faker({ locale: [en, base] });
  faker.seed(rng.u32());
  const windowDays = DEFAULT_ORG_SETTINGS.inactivityDays;
  const pastWindow = Math.ceil(count / 2);
  const taken = new Set(takenUsernames);
  const leavers: GeneratedSubject[] = [];
  for (let i = 0; i < count; i++) {
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const stem = `${slug(first)}.${slug(last)}`.replace(/^\.|\.$/g, '') || `leaver${i + 1}`;
    let username = stem;
    for (let n = 2; taken.has(username); n++) username = `${stem}${n}`;
    taken.add(username);
    // Past the window: deactivated 5–90 days after it ended; within: 1 to window − 5 days ago.
    const daysAgo = i < pastWindow ? windowDays + rng.int(5, 90) : rng.int(1, Math.max(1, windowDays - 5));
    const deactivatedMs = nowMs - daysAgo * DAY - rng.int(0, DAY - 1);
    const createdMs = deactivatedMs - rng.int(60, 1500) * DAY;
    // The laptop they handed back, first seen soon after they joined.
    const kind = rng.weighted(
      DEVICE_KINDS.filter(([k]) => k !== 'iphone' && k !== 'android' && k !== 'ipad'),
    );
    const device = {
      id: rng.uuid4(),
      name: `${first}'s ${rng.pick(DEVICE_MODELS[kind])}`,
      osVersion: rng.weighted(OS_VERSIONS[kind]),
      firstSeenAt: iso(createdMs + rng.int(0, 30) * DAY),
    };
    const timezone = rng.weighted(TIMEZONES.map((t) => [t[0], t[2]] as const));
    leavers.push({
      id: rng.uuid4(),
      username,
      email: `${username}@${domain}`,
      displayName: `${first} ${last}`,
      employeeId: `E${String(90000 + i * 7 + rng.int(0, 6)).padStart(6, '0')}`,
      department: rng.weighted(DEPARTMENTS),
      restricted: false,
      restriction: null,
      devices: [device],
      createdAt: iso(createdMs),
      updatedAt: iso(deactivatedMs),
      deactivatedAt: iso(deactivatedMs),
      timezone,
    });
  }
  return leavers;
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '');
}
