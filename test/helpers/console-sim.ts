// A console without the worker thread: the same cache file and the same services the worker
// builds (main/core/console-services.ts: store, outbox, session, engine, purge), in-process, with an injectable fetch (fault layer) and clock (skew). Used by
// the fault harness and the push tests. "Restart" = drop the connection without a checkpoint
// and reopen from the SQLite file, exactly what a killed process leaves behind.
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ActionIntentInput } from '../../shared/action-schemas';
import { ActionIntent } from '../../shared/action-schemas';
import { openCacheDb } from '../../main/core/cache/open';
import { setSettings } from '../../main/core/cache/console-settings';
import { CacheDatabase } from '../../main/core/cache/store';
import type { KeyMaterial } from '../../main/core/keys';
import type { Outbox } from '../../main/core/outbox/outbox';
import type { FetchLike } from '../../main/core/sync/backend-client';
import type { SyncEngine } from '../../main/core/sync/engine';
import type { SessionService } from '../../main/core/session';
import { buildConsoleServices } from '../../main/core/console-services';

export interface SimConsoleOptions {
  path: string;
  backendUrl: string;
  token: string;
  adminName: string;
  fetch?: FetchLike;
  /** Clock skew of this console in ms. */
  skewMs?: number;
  key?: KeyMaterial;
  pageSize?: number;
  pushBatchSize?: number;
}

export class SimConsole {
  db!: Database;
  store!: CacheDatabase;
  outbox!: Outbox;
  engine!: SyncEngine;
  session!: SessionService;
  readonly key: KeyMaterial;

  constructor(readonly opts: SimConsoleOptions) {
    this.key = opts.key ?? { kind: 'raw', key: new Uint8Array(randomBytes(32)) };
    this.open();
  }

  private open(): void {
    this.db = openCacheDb({ path: this.opts.path, key: this.key });
    // The session the product's SessionService reads, as a sign-in would have stored it.
    const settings = new CacheDatabase(this.db);
    if (!settings.getSetting('session.backendUrl')) {
      settings.setSetting('session.backendUrl', this.opts.backendUrl);
      settings.setSetting('session.token', this.opts.token);
      settings.setSetting('session.adminName', this.opts.adminName);
      // The product's retention purge runs after every sync here too; the widest window keeps
      // the fault harness's fixed-date seed (months before today) in the mirror it compares.
      setSettings(settings, { retentionDays: 3650 });
    }
    const services = buildConsoleServices(this.db, {
      dataDir: dirname(this.opts.path),
      now: () => new Date(Date.now() + (this.opts.skewMs ?? 0)),
      actor: () => this.opts.adminName,
      ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}),
      ...(this.opts.pageSize ? { pageSize: this.opts.pageSize } : {}),
      ...(this.opts.pushBatchSize ? { pushBatchSize: this.opts.pushBatchSize } : {}),
    });
    this.store = services.store;
    this.outbox = services.outbox;
    this.engine = services.engine;
    this.session = services.session;
    services.resumeInterruptedPurges();
  }

  submit(intent: ActionIntentInput) {
    return this.outbox.enqueue(ActionIntent.parse(intent));
  }

  /** One push + pull cycle; resolves true on success, false on a (reported) failure. */
  async sync(): Promise<boolean> {
    try {
      await this.engine.start();
      return true;
    } catch {
      return false;
    }
  }

  /** A killed process: no checkpoint, no orderly close; reopen from the file. */
  restart(): void {
    this.engine.shutdown();
    this.db.close();
    this.open();
  }

  close(): void {
    this.engine.shutdown();
    if (this.db.open) this.db.close();
  }
}
