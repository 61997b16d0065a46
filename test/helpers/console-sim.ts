// A console without the worker thread: the same cache file, store, outbox and sync engine the
// worker builds, in-process, with an injectable fetch (fault layer) and clock (skew). Used by
// the fault harness and the push tests. "Restart" = drop the connection without a checkpoint
// and reopen from the SQLite file, exactly what a killed process leaves behind.
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ActionIntentInput } from '../../shared/action-schemas';
import { ActionIntent } from '../../shared/action-schemas';
import { openCacheDb } from '../../main/core/cache/open';
import { CacheDatabase } from '../../main/core/cache/store';
import type { KeyMaterial } from '../../main/core/keys';
import { Outbox } from '../../main/core/outbox/outbox';
import type { FetchLike } from '../../main/core/sync/backend-client';
import { SyncEngine } from '../../main/core/sync/engine';

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
  readonly key: KeyMaterial;

  constructor(readonly opts: SimConsoleOptions) {
    this.key = opts.key ?? { kind: 'raw', key: new Uint8Array(randomBytes(32)) };
    this.open();
  }

  private open(): void {
    this.db = openCacheDb({ path: this.opts.path, key: this.key });
    this.store = new CacheDatabase(this.db);
    if (!this.store.getSetting('session.backendUrl')) {
      this.store.setSetting('session.backendUrl', this.opts.backendUrl);
      this.store.setSetting('session.token', this.opts.token);
      this.store.setSetting('session.adminName', this.opts.adminName);
    }
    const now = () => new Date(Date.now() + (this.opts.skewMs ?? 0));
    this.outbox = new Outbox(this.db, { now, actor: () => this.opts.adminName });
    this.engine = new SyncEngine(
      this.store,
      () => ({ backendUrl: this.opts.backendUrl, token: this.opts.token }),
      () => undefined,
      {
        outbox: this.outbox,
        now,
        dataDir: dirname(this.opts.path),
        ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}),
        ...(this.opts.pageSize ? { pageSize: this.opts.pageSize } : {}),
        ...(this.opts.pushBatchSize ? { pushBatchSize: this.opts.pushBatchSize } : {}),
      },
    );
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
