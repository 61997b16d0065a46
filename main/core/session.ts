// The backend session, kept in the (encrypted) cache's settings table. Runs in the worker.
import { transportProblem } from '../../shared/transport';
import type { SessionStatus, SignInInput } from '../../shared/contract-app';
import type { Role } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { PROTOCOL_VERSION, STREAMS, WhoAmI } from '../../shared/protocol';
import { clearOrgSettings } from './cache/org-settings';
import type { CacheDatabase } from './cache/store';
import { getJson } from './sync/backend-client';
import type { SyncSession } from './sync/cycle';
import type { SyncEngine } from './sync/engine';
import type { ErrorInfo } from '../../shared/errors';
import { readCacheLock } from './cache/offline-lock';
import { purgeRevokedConsole, readRevokedNotice, REVOKED_SETTING } from './revocation';

const K = {
  url: 'session.backendUrl',
  token: 'session.token',
  orgId: 'session.orgId',
  orgName: 'session.orgName',
  adminId: 'session.adminId',
  adminName: 'session.adminName',
  role: 'session.role',
} as const;

export function normaliseBackendUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

export class SessionService {
  constructor(
    private readonly store: CacheDatabase,
    private readonly engine: () => SyncEngine,
    private readonly opts: { now: () => Date; dataDir: string | null } = {
      now: () => new Date(),
      dataDir: null,
    },
  ) {}

  current(): SyncSession | null {
    const backendUrl = this.store.getSetting(K.url);
    const token = this.store.getSetting(K.token);
    return backendUrl && token ? { backendUrl, token } : null;
  }

  status(): SessionStatus {
    const signedIn = this.current() !== null;
    return {
      signedIn,
      backendUrl: this.store.getSetting(K.url),
      orgName: this.store.getSetting(K.orgName),
      adminName: signedIn ? this.store.getSetting(K.adminName) : null,
      role: signedIn ? (this.store.getSetting(K.role) as Role | null) : null,
      lock: readCacheLock(this.store.db, this.opts.now()),
      revoked: readRevokedNotice(this.store),
    };
  }

  /**
   * The backend refused this console's token as revoked (issue 14): sign out and purge the synced
   * data (revocation.ts). Called from inside a sync cycle, so it does not wait for the engine.
   */
  revoked(info: ErrorInfo): void {
    const notice = { at: this.opts.now().toISOString(), message: info.message };
    purgeRevokedConsole(this.store, this.opts.dataDir, notice);
    // A cycle still running (a live call found the revocation, or this is the cycle's own
    // failure) may write a page it fetched before: stop it, and purge again once it settled.
    const engine = this.engine();
    if (engine.isRunning())
      void engine.stop().then(() => {
        try {
          purgeRevokedConsole(this.store, this.opts.dataDir, notice);
        } catch {
          /* the cache closed meanwhile: the first purge stands (see §19: a page written between) */
        }
      });
  }

  async signIn(input: SignInInput): Promise<SessionStatus> {
    const backendUrl = normaliseBackendUrl(input.backendUrl);
    const insecure = transportProblem(backendUrl);
    if (insecure) throw new AppError('E_INSECURE_TRANSPORT', insecure);
    const token = input.token.trim();
    const body = await getJson(backendUrl, '/v1/me', { token, timeoutMs: 15_000 }).catch((err: unknown) => {
      // The token this cache is signed in with, found revoked at sign-in: purge as a sync would.
      if (err instanceof AppError && err.code === 'E_REVOKED' && this.store.getSetting(K.token) === token)
        this.revoked(err.toInfo());
      throw err;
    });
    const parsed = WhoAmI.safeParse(body);
    if (!parsed.success) {
      throw new AppError(
        'E_BACKEND',
        `The server at ${backendUrl} does not answer like a ZTA console backend (/v1/me).`,
      );
    }
    const me = parsed.data;
    if (me.protocolVersion !== PROTOCOL_VERSION) {
      throw new AppError(
        'E_BACKEND',
        `The backend speaks sync protocol ${me.protocolVersion}; this console speaks ${PROTOCOL_VERSION}. Update the older side.`,
      );
    }
    const previousOrg = this.store.getSetting(K.orgId);
    const otherOrg = previousOrg !== null && previousOrg !== me.orgId;
    const pending = this.store.pendingActions();
    if (otherOrg && pending > 0) {
      // Never push one organisation's actions to another, and never drop them silently.
      throw new AppError(
        'E_PENDING_ACTIONS',
        `${pending} action(s) queued for ${this.store.getSetting(K.orgName) ?? 'the previous organisation'} are not pushed yet. Sign in to that organisation again to push them before switching.`,
        { pending },
      );
    }
    await this.engine().stop();
    this.store.db.transaction(() => {
      // A different organisation's data must never mix with this one's.
      if (otherOrg) {
        for (const stream of STREAMS) this.store.clearStream(stream);
        clearOrgSettings(this.store.db);
        this.store.db.prepare('DELETE FROM sync_state').run();
        this.store.setSetting('sync.lastSyncedAt', null);
      }
      this.store.setSetting(K.url, backendUrl);
      this.store.setSetting(K.token, token);
      this.store.setSetting(K.orgId, me.orgId);
      this.store.setSetting(K.orgName, me.orgName);
      this.store.setSetting(K.adminId, me.adminId);
      this.store.setSetting(K.adminName, me.adminName);
      this.store.setSetting(K.role, me.role);
      this.store.setSetting(REVOKED_SETTING, null);
    })();
    if (otherOrg) this.engine().forgetHistory();
    this.engine().signedIn();
    // Background sync; its outcome is reported through sync:status.
    this.engine().startSoon();
    return this.status();
  }

  /** Forgets the token; keeps the cached data (and the URL, to prefill the next sign-in). */
  async signOut(): Promise<SessionStatus> {
    await this.engine().stop();
    this.store.setSetting(K.token, null);
    return this.status();
  }
}
