// The schedule's commands (fast-check fc.commands): submit an action, sync one or all consoles
// under faults, restart a console, take it offline, replay an old push; and their arbitraries.
import fc from 'fast-check';
import { AppError } from '../../shared/errors';
import type { ActionKind, ActionIntentInput } from '../../shared/action-schemas';
import { STREAMS } from '../../shared/protocol';
import type { SimConsole } from '../helpers/console-sim';
import { payloadFor, REQUEST_ACTION_KINDS } from './action-payloads';
import { FAULTS, Killed, type Fault, type FaultyNet } from './faulty-net';
import { ADMINS, type World } from './world';

interface QueuedAction {
  id: string;
  console: number;
  requestId: string;
  kind: ActionKind;
}

/** The system under test: the consoles, their networks, and what the schedule did to them. */
export interface Real {
  world: World;
  consoles: SimConsole[];
  nets: FaultyNet[];
  actions: QueuedAction[];
  cursors: Map<string, number>[];
  cursorViolations: number;
  log: string[];
}

export type Model = { queued: number };

function checkCursors(r: Real, i: number): void {
  const c = r.consoles[i]!;
  const seen = r.cursors[i]!;
  for (const s of STREAMS) {
    const cur = c.store.getState(s).cursor;
    if (cur < (seen.get(s) ?? 0)) {
      r.cursorViolations++;
      r.log.push(`cursor of ${s} on console ${i} went back from ${seen.get(s)} to ${cur}`);
    }
    seen.set(s, cur);
  }
}

/** One sync cycle under faults; a 'kill' fault restarts the console from its file. */
export async function syncUnder(r: Real, i: number, faults: Fault[]): Promise<void> {
  const net = r.nets[i]!;
  net.queue = [...faults];
  net.killed = false;
  const killed = net.killSignal().then(() => {
    throw new Killed();
  });
  try {
    await Promise.race([r.consoles[i]!.sync(), killed]);
  } catch (err) {
    if (!(err instanceof Killed)) throw err;
    r.consoles[i]!.restart();
    net.killed = false;
  }
  net.queue = [];
  checkCursors(r, i);
}

class SubmitCmd implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly c: number,
    readonly req: number,
    readonly kind: ActionKind,
  ) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const i = this.c % r.consoles.length;
    const reqs = r.world.requests;
    // Index past the end = a request the backend does not have (NOT_FOUND).
    const requestId = this.req < reqs.length ? reqs[this.req]!.id : '0190f000-0000-7000-8000-00000000dead';
    const other = reqs[(this.req + 1) % reqs.length]!.id;
    let entry;
    try {
      entry = r.consoles[i]!.submit({
        kind: this.kind,
        // An intake creates a new request: the console generates its id.
        requestId: this.kind === 'request.intake' ? undefined : requestId,
        payload: payloadFor(this.kind, other),
      } as ActionIntentInput);
    } catch (err) {
      // Refused before queueing (a decision on a request this console already sees decided):
      // nothing was queued, so there is nothing to track.
      if (err instanceof AppError && err.code === 'E_VALIDATION') return;
      throw err;
    }
    r.actions.push({ id: entry.action.id, console: i, requestId: entry.action.requestId, kind: this.kind });
    m.queued++;
  }
  toString = () => `submit(c${this.c}, r${this.req}, ${this.kind})`;
}

class SyncCmd implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly c: number,
    readonly faults: Fault[],
  ) {}
  check = () => true;
  async run(_m: Model, r: Real): Promise<void> {
    await syncUnder(r, this.c % r.consoles.length, this.faults);
  }
  toString = () => `sync(c${this.c}, [${this.faults.join(',')}])`;
}

class SyncAllCmd implements fc.AsyncCommand<Model, Real> {
  constructor(readonly faults: Fault[][]) {}
  check = () => true;
  async run(_m: Model, r: Real): Promise<void> {
    await Promise.all(r.consoles.map((_, i) => syncUnder(r, i, this.faults[i] ?? [])));
  }
  toString = () => `syncAll(${this.faults.map((f) => `[${f.join(',')}]`).join(' ')})`;
}

class RestartCmd implements fc.AsyncCommand<Model, Real> {
  constructor(readonly c: number) {}
  check = () => true;
  async run(_m: Model, r: Real): Promise<void> {
    const i = this.c % r.consoles.length;
    r.consoles[i]!.restart();
    checkCursors(r, i);
  }
  toString = () => `restart(c${this.c})`;
}

class OfflineCmd implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly c: number,
    readonly offline: boolean,
  ) {}
  check = () => true;
  async run(_m: Model, r: Real): Promise<void> {
    r.nets[this.c % r.nets.length]!.offline = this.offline;
  }
  toString = () => `${this.offline ? 'offline' : 'online'}(c${this.c})`;
}

/** A push delivered again, late, after newer traffic (reordering on the network). */
class ReplayCmd implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly c: number,
    readonly pick: number,
  ) {}
  check = () => true;
  async run(_m: Model, r: Real): Promise<void> {
    const i = this.c % r.consoles.length;
    const pushes = r.nets[i]!.pushes;
    if (pushes.length === 0) return;
    const body = pushes[this.pick % pushes.length]!;
    await fetch(`${r.world.backend.url}/v1/actions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${r.world.backend.tokens[ADMINS[i % ADMINS.length]!]}`,
        'content-type': 'application/json',
      },
      body,
    }).then((res) => res.text());
  }
  toString = () => `replay(c${this.c}, #${this.pick})`;
}

const faultArb = fc.oneof(
  { weight: 5, arbitrary: fc.constant<Fault>('ok') },
  { weight: 5, arbitrary: fc.constantFrom<Fault>(...FAULTS) },
);
const faultsArb = fc.array(faultArb, { maxLength: 6 });

export function commandsArb(consoles: number, requests: number) {
  const c = fc.nat({ max: consoles - 1 });
  // Mostly a handful of overlapping requests; sometimes any, sometimes one that does not exist.
  const req = fc.oneof(
    { weight: 6, arbitrary: fc.nat({ max: Math.min(3, requests - 1) }) },
    { weight: 3, arbitrary: fc.nat({ max: requests - 1 }) },
    { weight: 1, arbitrary: fc.constant(requests) },
  );
  return fc.commands(
    [
      fc.tuple(c, req, fc.constantFrom(...REQUEST_ACTION_KINDS)).map(([ci, r, k]) => new SubmitCmd(ci, r, k)),
      fc
        .tuple(c, req, fc.constantFrom<ActionKind>('request.approve', 'request.deny'))
        .map(([ci, r, k]) => new SubmitCmd(ci, r, k)),
      fc.tuple(c, faultsArb).map(([ci, f]) => new SyncCmd(ci, f)),
      fc.array(faultsArb, { minLength: consoles, maxLength: consoles }).map((f) => new SyncAllCmd(f)),
      c.map((ci) => new RestartCmd(ci)),
      fc.tuple(c, fc.boolean()).map(([ci, off]) => new OfflineCmd(ci, off)),
      fc.tuple(c, fc.nat()).map(([ci, p]) => new ReplayCmd(ci, p)),
    ],
    { maxCommands: 24 },
  );
}
