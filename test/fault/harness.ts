// Model-based fault harness (issue 3): several admins on several consoles act on overlapping
// requests while a fault-injecting layer between each console and the REAL backend (in-process
// Fastify + PGlite) drops requests, drops responses after the backend committed, duplicates,
// delays and reorders deliveries, answers 5xx / 429, sends garbage or truncated replies, and
// kills the console mid-exchange (restart = reopen from the SQLite file). Consoles' clocks are
// skewed by up to ±24 h; a 401 happens now and then (the admin signs in again afterwards). After the queues drain and a final pull, the invariants:
//   lost        an action queued but gone, or resolved on the console but unknown to the backend
//   duplicated  an action with more than one effect on the backend
//   diverged    a console's view (mirror per stream, outcome, cursor) differs from the backend,
//               a cursor moved backwards, or a decision was overwritten
//   stuck       an action still pending after the drain
// fast-check drives the schedules (fc.commands); a failure prints its seed and replay path.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Rng } from '../../backend/seed/rng';
import { SimConsole } from '../helpers/console-sim';
import { commandsArb, syncUnder, type Model, type Real } from './commands';
import { FaultyNet } from './faulty-net';
import { checkInvariants, type Tally } from './invariants';
import { ADMINS, openWorld, PAGE_SIZE, resetWorld, type World } from './world';

let scheduleNo = 0;

export async function runSchedule(
  world: World,
  skews: number[],
  cmds: Iterable<fc.AsyncCommand<Model, Real>>,
  netSeed: number,
): Promise<Omit<Tally, 'schedules'> & { problems: string[] }> {
  await resetWorld(world);
  const n = skews.length;
  const no = scheduleNo++;
  const nets = skews.map((_, i) => new FaultyNet(Rng.derive(netSeed, `net ${i}`)));
  const consoles = skews.map(
    (skewMs, i) =>
      new SimConsole({
        path: join(world.dir, `s${no}-c${i}.sqlite`),
        backendUrl: world.backend.url,
        token: world.backend.tokens[ADMINS[i % ADMINS.length]!],
        adminName: ADMINS[i % ADMINS.length]!,
        fetch: nets[i]!.fetch,
        skewMs,
        pageSize: PAGE_SIZE,
        pushBatchSize: 3,
      }),
  );
  const real: Real = {
    world,
    consoles,
    nets,
    actions: [],
    cursors: consoles.map(() => new Map()),
    cursorViolations: 0,
    log: [],
  };
  try {
    await fc.asyncModelRun(() => ({ model: { queued: 0 }, real }), cmds);
    // Drain: the network heals, every console syncs until its queue is empty, then a final pull.
    for (const net of nets) {
      net.offline = false;
      net.queue = [];
    }
    // An admin asked to sign in again (after an injected 401) does so; nothing was lost meanwhile.
    for (const c of consoles) if (c.engine.getStatus().needsSignIn) c.engine.signedIn();
    for (let round = 0; round < 10; round++) {
      await Promise.all(consoles.map((_, i) => syncUnder(real, i, [])));
      if (consoles.every((c) => c.outbox.pendingCount() === 0)) break;
    }
    for (let i = 0; i < n; i++) await syncUnder(real, i, []);
    return await checkInvariants(real);
  } finally {
    for (const c of consoles) c.close();
    for (let i = 0; i < n; i++) {
      for (const suffix of ['', '-wal', '-shm'])
        rmSync(join(world.dir, `s${no}-c${i}.sqlite${suffix}`), { force: true });
    }
  }
}

const DAY = 24 * 3600 * 1000;

export interface RunOptions {
  runs: number;
  seed?: number;
  path?: string;
  verbose?: boolean;
}

export interface RunResult extends Tally {
  failure: { seed: number; path: string; problems: string[]; schedule: string } | null;
}

/** Runs `runs` random schedules against one backend; tallies violations. */
export async function runFaultSchedules(opts: RunOptions, world?: World): Promise<RunResult> {
  const own = world ?? (await openWorld());
  const tally: Tally = { schedules: 0, lost: 0, duplicated: 0, diverged: 0, stuck: 0 };
  let lastProblems: string[] = [];
  try {
    const prop = fc.asyncProperty(
      fc.array(fc.integer({ min: -DAY, max: DAY }), { minLength: 2, maxLength: 3 }),
      commandsArb(3, own.requests.length),
      // The seed of the networks' own randomness (delay lengths), drawn like the rest of the schedule.
      fc.integer(),
      async (skews, cmds, netSeed) => {
        const result = await runSchedule(own, skews, cmds, netSeed);
        tally.schedules++;
        tally.lost += result.lost;
        tally.duplicated += result.duplicated;
        tally.diverged += result.diverged;
        tally.stuck += result.stuck;
        const ok = result.lost + result.duplicated + result.diverged + result.stuck === 0;
        if (!ok) lastProblems = result.problems;
        return ok;
      },
    );
    const details = await fc.check(prop, {
      numRuns: opts.runs,
      endOnFailure: true,
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      ...(opts.path !== undefined ? { path: opts.path } : {}),
    });
    const failure = details.failed
      ? {
          seed: details.seed,
          path: details.counterexamplePath ?? '',
          // A schedule that threw (rather than broke an invariant) reports its error.
          problems: lastProblems.length
            ? lastProblems
            : [`threw: ${String((details.errorInstance as Error | undefined)?.stack ?? 'unknown error')}`],
          schedule: details.counterexample ? fc.stringify(details.counterexample) : '',
        }
      : null;
    return { ...tally, failure };
  } finally {
    if (!world) await own.close();
  }
}

export function summaryLine(t: Tally): string {
  return `fault schedules: ${t.schedules}, lost: ${t.lost}, duplicated: ${t.duplicated}, diverged: ${t.diverged}, stuck: ${t.stuck}`;
}
