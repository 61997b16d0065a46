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
import { AppError } from '../../shared/errors';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ACTION_KINDS, type ActionKind, type ActionIntentInput } from '../../shared/action-schemas';
import { DEFAULT_ORG_SETTINGS } from '../../shared/org-settings';
import type { PrivacyRequest } from '../../shared/domain';
import { pageItems, pullReplySchema, STREAMS, type StreamName } from '../../shared/protocol';
import { startBackend, type RunningBackend } from '../../backend/index';
import { Rng } from '../../backend/seed/rng';
import { EVENT_COLUMNS, toEvent, type EventRow } from '../../main/core/cache/queries';
import type { FetchLike } from '../../main/core/sync/backend-client';
import { SimConsole } from '../helpers/console-sim';

// ---------------------------------------------------------------------------------------------
// The fault-injecting network layer

/** Rejection codes the backend gives before recording the action (validation, role). */
const REFUSED_BEFORE_CLAIM = new Set(['INVALID', 'NOT_PERMITTED']);

/** The kinds that act on a request (the model's subject); settings.update has its own tests. */
const REQUEST_ACTION_KINDS = ACTION_KINDS.filter((k) => k !== 'settings.update');

export const FAULTS = [
  'ok',
  'dropRequest', // never reaches the backend
  'dropResponse', // the backend commits, then the connection drops
  'duplicate', // delivered twice; the console sees the second reply
  'delay', // delivered late (other consoles' traffic overtakes it)
  'http503',
  'http429', // with Retry-After
  'http401', // token rejected: the console must ask for sign-in and lose nothing
  'garbage', // the backend commits; the console gets a reply that fails validation
  'truncate', // the backend commits; the last push outcome is missing from the reply
  'kill', // the backend commits; the console process dies before reading the reply
] as const;
export type Fault = (typeof FAULTS)[number];

class Killed extends Error {}

const networkError = () => new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class FaultyNet {
  queue: Fault[] = [];
  /**
   * Draws the length of each 'delay' from the schedule's own seed (never Math.random), so a
   * failing schedule replays with the same timings from its printed seed and path.
   */
  constructor(private readonly rng: Rng) {}

  offline = false;
  /** Push bodies seen on the wire (for delayed re-deliveries). */
  readonly pushes: string[] = [];
  killed = false;
  private onKill: (() => void) | null = null;

  /** Resolves when a 'kill' fault fires. */
  killSignal(): Promise<void> {
    return new Promise((resolve) => {
      this.onKill = resolve;
    });
  }

  readonly fetch: FetchLike = async (url, init) => {
    if (this.killed) return new Promise<Response>(() => undefined);
    if (this.offline) throw networkError();
    const fault = this.queue.shift() ?? 'ok';
    const isPush = init.method === 'POST';
    if (isPush && typeof init.body === 'string') this.pushes.push(init.body);
    const forward = async () => {
      const res = await fetch(url, init);
      const text = await res.text();
      return { status: res.status, headers: res.headers, text };
    };
    const respond = (r: { status: number; headers: Headers; text: string }) =>
      new Response(r.text, { status: r.status, headers: r.headers });
    switch (fault) {
      case 'ok':
        return respond(await forward());
      case 'dropRequest':
        throw networkError();
      case 'dropResponse':
        await forward();
        throw networkError();
      case 'duplicate':
        await forward();
        return respond(await forward());
      case 'delay':
        await sleep(this.rng.int(1, 8));
        return respond(await forward());
      case 'http503':
        return new Response(JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'injected' } }), {
          status: 503,
        });
      case 'http429':
        return new Response(JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'injected' } }), {
          status: 429,
          headers: { 'retry-after': '1' },
        });
      case 'http401':
        return new Response(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'injected' } }), {
          status: 401,
        });
      case 'garbage':
        await forward();
        return new Response(JSON.stringify({ outcomes: [{ outcome: 'applied' }], items: 'nope' }), {
          status: 200,
        });
      case 'truncate': {
        const r = await forward();
        if (!isPush || r.status !== 200) return respond(r);
        const body = JSON.parse(r.text) as { outcomes: unknown[] };
        body.outcomes = body.outcomes.slice(0, -1);
        return new Response(JSON.stringify(body), { status: 200 });
      }
      case 'kill':
        await forward();
        this.killed = true;
        this.onKill?.();
        return new Promise<Response>(() => undefined);
    }
  };
}

// ---------------------------------------------------------------------------------------------
// The world: one backend for many schedules, reset between them

const ADMINS = ['owner', 'approver', 'analyst'] as const;
const SEED = { users: 10, events: 60, seed: 5, now: new Date('2026-06-01T12:00:00.000Z') };
const PAGE_SIZE = 17;

export interface World {
  backend: RunningBackend;
  requests: PrivacyRequest[];
  baselineSeq: number;
  dir: string;
  close(): Promise<void>;
}

export async function openWorld(): Promise<World> {
  const backend = await startBackend({ port: 0, seed: SEED });
  await backend.db.exec(`
    DROP TABLE IF EXISTS fh_requests;
    CREATE TABLE fh_requests AS SELECT * FROM requests;
    DROP TABLE IF EXISTS fh_subjects;
    CREATE TABLE fh_subjects AS SELECT * FROM subjects;
  `);
  const wm = await backend.db.query<{ w: number }>(
    `SELECT greatest((SELECT coalesce(max(seq),0) FROM request_events), (SELECT coalesce(max(seq),0) FROM requests))::float8 AS w`,
  );
  const requests = (await pullAll(backend, 'requests')).map((x) => x as PrivacyRequest);
  const dir = mkdtempSync(join(tmpdir(), 'zta-faults-'));
  return {
    backend,
    requests: requests.sort((a, b) => a.id.localeCompare(b.id)),
    baselineSeq: Number(wm[0]?.w ?? 0),
    dir,
    async close() {
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function resetWorld(w: World): Promise<void> {
  await w.backend.db.transaction(async (tx) => {
    await tx.query('DELETE FROM action_outcomes');
    await tx.query('DELETE FROM request_events WHERE seq > $1', [w.baselineSeq]);
    await tx.query('DELETE FROM requests');
    await tx.query('INSERT INTO requests SELECT * FROM fh_requests');
    // Rectification and restriction change subjects: back to the seeded rows too.
    await tx.query('DELETE FROM subjects');
    await tx.query('INSERT INTO subjects SELECT * FROM fh_subjects');
  });
}

async function pullAll(backend: RunningBackend, stream: StreamName): Promise<unknown[]> {
  const live = new Map<string, unknown>();
  let after = 0;
  for (;;) {
    const res = await fetch(`${backend.url}/v1/sync/${stream}?after=${after}&limit=10000`, {
      headers: { authorization: `Bearer ${backend.tokens.viewer}` },
    });
    const page = pullReplySchema(stream).parse(await res.json());
    if (page.reset) throw new Error('unexpected reset');
    for (const item of pageItems(page)) {
      if (item.op === 'upsert') live.set(item.data.id, item.data);
      else live.delete(item.id);
    }
    after = page.next;
    if (!page.hasMore) return [...live.values()];
  }
}

const digest = (rows: unknown[]) =>
  createHash('sha256')
    .update(
      rows
        .map((r) => JSON.stringify(r))
        .sort()
        .join('\n'),
    )
    .digest('hex');

function consoleRows(c: SimConsole, stream: StreamName): unknown[] {
  if (stream === 'access_events') {
    // The same row → AccessEvent mapping the console's queries use.
    return (c.db.prepare(`SELECT ${EVENT_COLUMNS} FROM access_events`).all() as EventRow[]).map(toEvent);
  }
  return (c.db.prepare(`SELECT data FROM ${stream}`).all() as { data: string }[]).map((r) =>
    JSON.parse(r.data),
  );
}

// ---------------------------------------------------------------------------------------------
// Model and commands

interface QueuedAction {
  id: string;
  console: number;
  requestId: string;
  kind: ActionKind;
}

interface Real {
  world: World;
  consoles: SimConsole[];
  nets: FaultyNet[];
  actions: QueuedAction[];
  cursors: Map<string, number>[];
  cursorViolations: number;
  log: string[];
}

type Model = { queued: number };

function payloadFor(kind: ActionKind, other: string): unknown {
  switch (kind) {
    case 'request.verify':
      return {
        points: ['email', 'employee_id', 'device_name'],
        signedDeclaration: true,
        // The declaration is recorded with a reference, not only `true` (issue 13).
        declaration: { documentId: 'DMS-0001' },
        agentPermissionChecked: true,
      };
    case 'request.approve':
      return {};
    case 'request.deny':
      return {
        reason: 'not verified',
        exemption: 'not-verified',
        remedyInfo: 'You may complain to the supervisory authority.',
      };
    case 'request.extend':
      return { reason: 'complex request' };
    case 'request.hold':
      return { reason: 'litigation' };
    case 'request.release':
      return {};
    case 'request.assign':
      return { assignee: 'Someone Else' };
    case 'request.note':
      return { text: 'called the requester' };
    case 'request.close_duplicate':
      return { duplicateOf: other };
    case 'export.delivered':
      return { bundleSha256: 'a'.repeat(64), deliveredVia: 'secure_link' };
    case 'erasure.execute':
      return {};
    case 'request.acknowledge':
      return { channel: 'email', on: '2026-05-31' };
    case 'settings.update':
      return { settings: DEFAULT_ORG_SETTINGS, fromVersion: 0 };
    case 'request.intake':
      return {
        subject: { by: 'username', username: 'nobody-in-particular' },
        type: 'access',
        jurisdiction: 'gdpr',
        receivedOn: '2026-05-30',
        channel: 'letter',
      };
    case 'rectification.apply':
      return { changes: { department: 'Corrected Department' } };
    case 'restriction.place':
      return {};
    case 'restriction.lift':
      return { reason: 'accuracy verified; subject told' };
  }
}

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
async function syncUnder(r: Real, i: number, faults: Fault[]): Promise<void> {
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

// ---------------------------------------------------------------------------------------------
// Invariants

export interface Tally {
  schedules: number;
  lost: number;
  duplicated: number;
  diverged: number;
  stuck: number;
}

export async function checkInvariants(r: Real): Promise<Omit<Tally, 'schedules'> & { problems: string[] }> {
  const problems: string[] = [...r.log];
  let lost = 0;
  let duplicated = 0;
  let diverged = r.cursorViolations;
  let stuck = 0;
  const db = r.world.backend.db;

  const outcomes = new Map<string, { outcome: string; code?: string }>();
  for (const row of await db.query<{ action_id: string; outcome: unknown }>(
    'SELECT action_id, outcome FROM action_outcomes',
  )) {
    const o = (typeof row.outcome === 'string' ? JSON.parse(row.outcome) : row.outcome) as {
      outcome: string;
      code?: string;
    };
    outcomes.set(row.action_id, o);
  }
  const effects = new Map<string, number>();
  for (const row of await db.query<{ aid: string; n: number }>(
    `SELECT detail->>'actionId' AS aid, count(*)::int AS n FROM request_events
      WHERE detail ? 'actionId' GROUP BY 1`,
  ))
    effects.set(row.aid, Number(row.n));

  // Applied at most once; version bumps equal applied actions per request.
  for (const [aid, n] of effects) {
    if (n > 1) {
      duplicated += n - 1;
      problems.push(`action ${aid} has ${n} effects on the backend`);
    }
  }
  const before = new Map(r.world.requests.map((q) => [q.id, q]));
  const appliedPerRequest = new Map<string, number>();
  for (const a of r.actions) {
    if (outcomes.get(a.id)?.outcome === 'applied')
      appliedPerRequest.set(a.requestId, (appliedPerRequest.get(a.requestId) ?? 0) + 1);
  }
  const now = (await pullAll(r.world.backend, 'requests')) as PrivacyRequest[];
  for (const q of now) {
    const bumps = q.version - (before.get(q.id)?.version ?? 0);
    const applied = appliedPerRequest.get(q.id) ?? 0;
    if (bumps !== applied) {
      duplicated += Math.max(0, bumps - applied);
      diverged += bumps < applied ? 1 : 0;
      problems.push(`request ${q.id}: version moved by ${bumps}, applied actions ${applied}`);
    }
  }
  // No decision overwritten: at most one decision per request, none on an already decided one.
  const decisions = await db.query<{ request_id: string; n: number }>(
    `SELECT request_id::text AS request_id, count(*)::int AS n FROM request_events
      WHERE detail ? 'actionId' AND kind IN ('decided', 'closed') GROUP BY 1`,
  );
  const decidedBefore = new Set(
    r.world.requests
      .filter((q) =>
        ['approved', 'partially_approved', 'denied', 'completed', 'closed_duplicate'].includes(q.status),
      )
      .map((q) => q.id),
  );
  for (const d of decisions) {
    if (d.n > 1 || decidedBefore.has(d.request_id)) {
      diverged++;
      problems.push(`request ${d.request_id}: decision overwritten (${d.n} decisions)`);
    }
  }

  // Every queued action: present on its console, resolved, and resolved like the backend.
  for (const a of r.actions) {
    const c = r.consoles[a.console]!;
    const entry = c.outbox.get(a.id);
    const server = outcomes.get(a.id);
    if (!entry) {
      lost++;
      problems.push(`action ${a.id} vanished from console ${a.console}`);
      continue;
    }
    if (entry.status === 'pending') {
      stuck++;
      problems.push(`action ${a.id} (${a.kind}) still pending on console ${a.console}`);
      continue;
    }
    // Refused by the schema or the role before the backend claims the idempotency key (issue 14):
    // nothing is stored, and a replay is refused the same way, so the console's answer stands.
    if (!server && entry.status === 'rejected' && REFUSED_BEFORE_CLAIM.has(entry.rejectionCode ?? ''))
      continue;
    if (!server) {
      lost++;
      problems.push(
        `action ${a.id} is ${entry.status}${entry.rejectionCode ? `/${entry.rejectionCode}` : ''} on console ${a.console} but unknown to the backend`,
      );
      continue;
    }
    if (
      entry.status !== server.outcome ||
      (entry.status === 'rejected' && entry.rejectionCode !== server.code)
    ) {
      diverged++;
      problems.push(
        `action ${a.id}: console says ${entry.status}/${entry.rejectionCode}, backend ${server.outcome}/${server.code}`,
      );
    }
    if (entry.status === 'rejected' && !entry.rejectionCode) {
      diverged++;
      problems.push(`action ${a.id} rejected without a code`);
    }
  }

  // Every console's mirror equals the backend, stream by stream.
  for (const s of STREAMS) {
    const want = digest(await pullAll(r.world.backend, s));
    r.consoles.forEach((c, i) => {
      const got = digest(consoleRows(c, s));
      if (got !== want) {
        diverged++;
        problems.push(`console ${i}: ${s} mirror differs from the backend`);
      }
    });
  }
  return { lost, duplicated, diverged, stuck, problems };
}

// ---------------------------------------------------------------------------------------------
// One schedule, and many

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
