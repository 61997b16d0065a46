// The seeded access-event stream: per-user activity weights (a few heavy users, a long tail of
// light ones), spread over the window's days (quieter weekends) and the users' office hours, on
// the devices and networks each had at the time. Produced as per-day chunks, never all in memory.
import type { AccessEvent } from '../../shared/domain';
import { DENY_REASONS } from './catalog';
import type { DeviceModel, UserModel } from './people';
import { Rng } from './rng';
import { DAY, EVENT_WINDOW_DAYS, HOUR, iso } from './time';

/** Relative activity by local hour (office hours dominate; a little evening work). */
const HOUR_WEIGHTS = [
  0.02, 0.01, 0.01, 0.01, 0.02, 0.04, 0.12, 0.35, 0.75, 1.0, 1.0, 0.95, 0.7, 0.85, 1.0, 0.95, 0.85, 0.6, 0.3,
  0.2, 0.18, 0.15, 0.08, 0.04,
];

/** The running sum of the users' activity weights (from the 'activity' stream), in `models` order. */
export function cumulativeActivity(seed: number, models: readonly UserModel[]): number[] {
  const cumulative: number[] = [];
  const wRng = Rng.derive(seed, 'activity');
  let acc = 0;
  for (let i = 0; i < models.length; i++) {
    // Log-normal-ish activity: a few heavy users, a long tail of light ones.
    acc += Math.exp((wRng.float() + wRng.float() + wRng.float() - 1.5) * 1.6);
    cumulative.push(acc);
  }
  return cumulative;
}

/**
 * `eventCount` access events in the `EVENT_WINDOW_DAYS` from `windowStart` (and before `nowMs`),
 * as time-ordered chunks, one per day; re-iterable, each pass the same (the 'events' stream).
 */
export function accessEventStream(opts: {
  seed: number;
  windowStart: number;
  nowMs: number;
  eventCount: number;
  models: readonly UserModel[];
  cumulative: readonly number[];
}): () => Generator<AccessEvent[]> {
  const { seed, windowStart, nowMs, eventCount, models, cumulative } = opts;
  const totalWeight = cumulative[cumulative.length - 1] ?? 1;
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

  return function* accessEvents(): Generator<AccessEvent[]> {
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
        else if (roll < 0.028 * user.mfaTrouble) reason = r.weighted(DENY_REASONS);
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
  };
}
