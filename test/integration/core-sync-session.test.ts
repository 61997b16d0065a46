// The sync engine's session: protocol version at sign-in, auth failures and unreachable backends
// reported with their codes, sign-out during a sync, sync:now while running, switching organisation.
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { FAKE_TOKEN, request } from './core-fake-backend';
import {
  closeCoresAfterEach,
  core,
  expectReject,
  fakeBackend,
  signIn,
  signInAndSync,
  stream,
} from '../helpers/core-sync';

closeCoresAfterEach();

describe('core sync engine: session', () => {
  it('a backend of another protocol version is refused at sign-in, with both versions named', async () => {
    const b = await fakeBackend(3);
    b.protocolVersion = PROTOCOL_VERSION - 1; // e.g. one that still sends access events as objects
    const { core: c } = await core();
    const r = await signIn(c, b);
    expect(r).toMatchObject({ ok: false });
    expect(JSON.stringify(r)).toContain(
      `speaks sync protocol ${PROTOCOL_VERSION - 1}; this console speaks ${PROTOCOL_VERSION}`,
    );
    expect(b.log.some((l) => l.startsWith('/v1/sync/'))).toBe(false);
  });

  it('401 ⇒ E_AUTH; unreachable ⇒ E_BACKEND_UNREACHABLE; sign-out keeps the data', async () => {
    const b = await fakeBackend(3);
    const { core: c } = await core();
    expect(await signIn(c, b, 'not-the-right-token-at-all')).toMatchObject({
      ok: false,
      error: { code: 'E_AUTH', message: expect.stringContaining('rejected this token') },
    });
    expect(
      await c.invoke('session:signIn', { backendUrl: 'http://127.0.0.1:1', token: FAKE_TOKEN }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'E_BACKEND_UNREACHABLE',
        message: expect.stringContaining('Cannot reach the backend at http://127.0.0.1:1'),
      },
    });
    expect(await c.invoke('sync:now', {})).toMatchObject({ ok: false, error: { code: 'E_NOT_SIGNED_IN' } });

    await signInAndSync(c, b);
    b.token = 'rotated-token-0123456789abcdef';
    await expectReject(c.syncNow(), 'E_AUTH');
    expect(await c.invoke('sync:status', {})).toMatchObject({
      value: { online: true, lastError: { code: 'E_AUTH' } },
    });

    expect(await c.invoke('session:signOut', {})).toMatchObject({
      ok: true,
      value: { signedIn: false, backendUrl: b.url },
    });
    expect(await c.invoke('session:status', {})).toMatchObject({ ok: true, value: { signedIn: false } });
    expect(stream(await c.stats(), 'access_events').count).toBe(3);
    await expectReject(c.syncNow(), 'E_NOT_SIGNED_IN');
  });

  it('signing out stops a running sync with E_SYNC_STOPPED, not E_NOT_SIGNED_IN', async () => {
    const b = await fakeBackend(6);
    const { core: c } = await core();
    let held!: () => void;
    const reached = new Promise<void>((r) => (held = r));
    // The first subjects page never answers: the sync waits on it until the sign-out aborts it.
    b.hook = (_req, _res, url) => {
      if (!url.pathname.startsWith('/v1/sync/subjects')) return false;
      held();
      return true;
    };
    expect((await signIn(c, b)).ok).toBe(true); // starts the background sync
    const stopped = expectReject(c.syncNow(), 'E_SYNC_STOPPED'); // attached before the stop
    await reached;
    expect((await c.invoke('session:signOut', {})).ok).toBe(true);
    await stopped;
    expect(await c.invoke('sync:status', {})).toMatchObject({
      value: { running: false, lastError: { code: 'E_SYNC_STOPPED' } },
    });
  });

  it('sync:now returns at once and reports running; a second sync:now while running does not start another', async () => {
    const b = await fakeBackend(6);
    const { core: c } = await core();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let held = false;
    b.hook = (req, res, url) => {
      if (held || !url.pathname.startsWith('/v1/sync/subjects')) return false;
      held = true;
      void gate.then(() => {
        b.hook = null;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            stream: 'subjects',
            epoch: b.epoch,
            reset: false,
            items: [],
            next: 0,
            hasMore: false,
            watermark: 0,
          }),
        );
      });
      return true;
    };
    expect((await signIn(c, b)).ok).toBe(true); // starts the background sync (held at its first page)
    const now1 = await c.invoke('sync:now', {});
    const now2 = await c.invoke('sync:now', {});
    expect(now1).toMatchObject({ ok: true, value: { running: true } });
    expect(now2).toMatchObject({ ok: true, value: { running: true } });
    release();
    const done = await c.syncNow();
    expect(done.running).toBe(false);
    expect(b.log.filter((l) => l.startsWith('/v1/sync/subjects'))).toHaveLength(1);
  });
});

describe('switching organisation with queued actions', () => {
  it('refuses (E_PENDING_ACTIONS) and keeps the queue; the same organisation is fine', async () => {
    const b1 = await fakeBackend(2);
    const { core: c } = await core();
    await signInAndSync(c, b1);
    b1.hook = (req, res) => {
      if (req.method !== 'POST') return false;
      res.writeHead(503).end(); // the push never gets through
      return true;
    };
    const queued = await c.invoke('actions:submit', {
      kind: 'request.note',
      requestId: request(1).id,
      payload: { text: 'x' },
    });
    expect(queued).toMatchObject({ ok: true, value: { status: 'pending' } });
    const b2 = await fakeBackend(2);
    b2.orgId = 'org-2';
    expect(await signIn(c, b2)).toMatchObject({ ok: false, error: { code: 'E_PENDING_ACTIONS' } });
    expect((await c.stats()).pendingActions).toBe(1);
    expect(await signIn(c, b1)).toMatchObject({ ok: true });
  });
});
