// Triage flags, computed incrementally as events arrive (in sync order), from a small per-subject
// state — never by rescanning events. `FlagComputer` holds the states of the subjects touched in a
// run; `flush` writes the dirty ones back (inside the page's transaction).
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import { FLAG_KINDS, type FlagKind } from '../../../shared/flag-kinds';
import { networkOf } from '../../../shared/ipnet';

export const DENY_BURST_COUNT = 5;
export const DENY_BURST_WINDOW_MS = 10 * 60_000;
/** Events a subject needs before "off hours" can be judged. */
export const OFF_HOURS_MIN_EVENTS = 20;

export const FLAG_BIT: Record<FlagKind, number> = Object.fromEntries(
  FLAG_KINDS.map((k, i) => [k, 1 << i]),
) as Record<FlagKind, number>;

export function flagKindsOf(bits: number): FlagKind[] {
  return FLAG_KINDS.filter((k) => (bits & FLAG_BIT[k]) !== 0);
}

export interface SubjectFlagState {
  devices: string[];
  networks: string[];
  /** Events per UTC hour of day. */
  hours: number[];
  total: number;
  /** Times (ms) of the most recent denials inside the burst window. */
  denies: number[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** What a flag step reads of an event (an AccessEvent has all of it). */
export interface FlagEvent {
  subjectId: string;
  ip: string;
  deviceId: string;
  decision: 'allow' | 'deny';
}
export interface FlagInput extends FlagEvent {
  timeMs: number;
}

export function emptyState(): SubjectFlagState {
  return { devices: [], networks: [], hours: new Array<number>(24).fill(0), total: 0, denies: [] };
}

/** Pure step: the flags of one event given the subject's state, and the state updated. */
export function stepFlags(st: SubjectFlagState, e: FlagEvent, timeMs: number, net = networkOf(e.ip)): number {
  let bits = 0;
  if (!st.devices.includes(e.deviceId)) {
    if (st.devices.length > 0) bits |= FLAG_BIT.new_device;
    st.devices.push(e.deviceId);
  }
  if (!st.networks.includes(net)) {
    if (st.networks.length > 0) bits |= FLAG_BIT.new_network;
    st.networks.push(net);
  }
  if (e.decision === 'deny') {
    const since = timeMs - DENY_BURST_WINDOW_MS;
    const recent = st.denies.filter((t) => t > since && t <= timeMs);
    recent.push(timeMs);
    if (recent.length >= DENY_BURST_COUNT) bits |= FLAG_BIT.deny_burst;
    st.denies = recent.slice(-DENY_BURST_COUNT);
  }
  const hour = Math.floor((((timeMs % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS); // UTC hour of day
  if (st.total >= OFF_HOURS_MIN_EVENTS) {
    const near = st.hours[(hour + 23) % 24]! + st.hours[hour]! + st.hours[(hour + 1) % 24]!;
    if (near === 0) bits |= FLAG_BIT.off_hours;
  }
  st.hours[hour]!++;
  st.total++;
  return bits;
}

/** From scratch: the flags of a whole ordered event list (for tests and checks). */
export function flagsFromScratch(events: readonly FlagInput[]): number[] {
  const states = new Map<string, SubjectFlagState>();
  return events.map((e) => {
    let st = states.get(e.subjectId);
    if (!st) states.set(e.subjectId, (st = emptyState()));
    return stepFlags(st, e, e.timeMs);
  });
}

export class FlagComputer {
  private readonly states = new Map<string, SubjectFlagState>();
  private readonly dirty = new Set<string>();
  private readonly getStmt: Statement<unknown[]>;
  private readonly putStmt: Statement<unknown[]>;

  constructor(db: Database) {
    this.getStmt = db.prepare('SELECT state FROM flag_state WHERE subject_id = ?');
    this.putStmt = db.prepare(
      'INSERT INTO flag_state (subject_id, state) VALUES (?, ?) ON CONFLICT(subject_id) DO UPDATE SET state = excluded.state',
    );
  }

  /** networkOf per IP string: parsing an address per event is the costly part of a step. */
  private readonly networks = new Map<string, string>();

  flagsOf(e: FlagEvent, timeMs: number): number {
    let network = this.networks.get(e.ip);
    if (network === undefined) {
      if (this.networks.size > 100_000) this.networks.clear();
      this.networks.set(e.ip, (network = networkOf(e.ip)));
    }
    let st = this.states.get(e.subjectId);
    if (!st) {
      const row = this.getStmt.get(e.subjectId) as { state: string } | undefined;
      st = row ? (JSON.parse(row.state) as SubjectFlagState) : emptyState();
      this.states.set(e.subjectId, st);
    }
    this.dirty.add(e.subjectId);
    return stepFlags(st, e, timeMs, network);
  }

  /** Writes the states changed since the last flush (call inside the page's transaction). */
  flush(): void {
    for (const id of this.dirty) this.putStmt.run(id, JSON.stringify(this.states.get(id)));
    this.dirty.clear();
  }

  /** Forget cached states (after a rollback or a stream reset). */
  reset(): void {
    this.states.clear();
    this.dirty.clear();
  }
}
