// The people of the seeded organisation: its admins, and the users with their devices, usual
// networks, travel and apps — the model the requests and the access events are drawn from.
import type { Faker } from '@faker-js/faker';
import type { Device, Role, Subject } from '../../shared/domain';
import {
  DEFAULT_APPS,
  DEPARTMENT_APPS,
  DEPARTMENTS,
  DEVICE_KINDS,
  DEVICE_MODELS,
  HOME_PREFIXES,
  OFFICE_NETWORKS,
  OS_VERSIONS,
  TIMEZONES,
  TRAVEL_PREFIXES,
  type App,
  type DeviceKind,
} from './catalog';
import { Rng } from './rng';
import { DAY, EVENT_WINDOW_DAYS, HOUR, MINUTE, iso } from './time';

export interface GeneratedAdmin {
  id: string;
  name: string;
  email: string;
  role: Role;
}

export interface GeneratedSubject extends Subject {
  timezone: string;
}

export interface DeviceModel {
  device: Device;
  firstSeenMs: number;
  weight: number;
}

export interface UserModel {
  subject: GeneratedSubject;
  offsetMs: number;
  devices: DeviceModel[];
  usualIps: string[];
  apps: readonly (readonly [App, number])[];
  travel: { from: number; to: number; ips: string[] } | null;
  mfaTrouble: number;
}

export interface GeneratedOrgInfo {
  id: string;
  name: string;
  domain: string;
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

/** The organisation and one admin of each role (names from `faker`, ids from the 'org' stream). */
export function generateAdmins(
  faker: Faker,
  seed: number,
): { org: GeneratedOrgInfo; admins: GeneratedAdmin[] } {
  const rng = Rng.derive(seed, 'org');
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
  return { org, admins };
}

/**
 * `users` people of `domain` with their devices and habits (names from `faker`, after the
 * admins'; the rest from the 'users' stream). `windowStart` opens the access-event window.
 */
export function generateUsers(
  faker: Faker,
  seed: number,
  users: number,
  domain: string,
  windowStart: number,
): UserModel[] {
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
  return models;
}
