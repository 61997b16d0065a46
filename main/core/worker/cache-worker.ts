// The cache worker: the only thread that touches the database. Owns the encrypted cache,
// the session, the sync engine and the queries; answers RPCs from CoreClient.
import { parentPort, workerData } from 'node:worker_threads';
import type { LogsPageInput, SignInInput } from '../../../shared/contract';
import type { InvokeChannel } from '../../../shared/channels';
import { AppError } from '../../../shared/errors';
import { cacheStats, logsPage, type LogsPageQuery } from '../cache/queries';
import { openCacheDb } from '../cache/open';
import { CacheStore } from '../cache/store';
import type { WorkerInit, WorkerMessage, WorkerRequest } from '../rpc';
import { SessionService } from '../session';
import { errorInfoOf, SyncEngine } from '../sync/engine';

const notYet = (): never => {
  throw new AppError('E_INTERNAL', 'Not implemented yet.');
};

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('cache-worker must run in a worker thread');
  const post = (msg: WorkerMessage) => port.postMessage(msg);
  const init = workerData as WorkerInit;

  let store: CacheStore;
  try {
    store = new CacheStore(openCacheDb({ path: init.dbPath, key: init.key }));
  } catch (err) {
    post({ type: 'fatal', error: errorInfoOf(err) });
    return;
  }
  const db = store.db;

  const session: SessionService = new SessionService(store, () => engine);
  const engine: SyncEngine = new SyncEngine(
    store,
    () => session.current(),
    (status) => post({ type: 'event', event: 'sync:status', payload: status }),
    init.pageSize ? { pageSize: init.pageSize } : {},
  );

  const handlers: Record<InvokeChannel, (input: unknown) => unknown> = {
    'app:info': () => init.app,
    'session:status': () => session.status(),
    'session:signIn': (input) => session.signIn(input as SignInInput),
    'session:signOut': () => session.signOut(),
    'sync:status': () => engine.getStatus(),
    'sync:now': () => {
      if (!session.current()) throw new AppError('E_NOT_SIGNED_IN', 'Sign in to a backend before syncing.');
      if (!engine.isRunning()) engine.start().catch(() => undefined);
      return engine.getStatus();
    },
    'cache:stats': () => cacheStats(store),
    'logs:page': (input) => logsPage(db, input as LogsPageInput as LogsPageQuery),
    'logs:count': notYet,
    'logs:histogram': notYet,
    'logs:event': notYet,
    'logs:exportCsv': notYet,
    'subjects:list': notYet,
    'subjects:timeline': notYet,
    'views:list': notYet,
    'views:save': notYet,
    'views:delete': notYet,
    'settings:get': notYet,
    'settings:set': notYet,
  };

  let closed = false;
  const handle = async (req: WorkerRequest): Promise<unknown> => {
    if (closed) throw new AppError('E_CACHE', 'The cache is closed.');
    switch (req.method) {
      case 'invoke':
        return handlers[req.channel](req.input);
      case 'syncNow':
        return engine.start();
      case 'close':
        closed = true;
        await engine.stop();
        try {
          db.pragma('wal_checkpoint(TRUNCATE)');
        } finally {
          db.close();
        }
        return null;
    }
  };

  port.on('message', (req: WorkerRequest) => {
    handle(req).then(
      (value) => post({ type: 'reply', id: req.id, ok: true, value }),
      (err: unknown) => post({ type: 'reply', id: req.id, ok: false, error: errorInfoOf(err) }),
    );
  });
  post({ type: 'ready' });
}

main();
