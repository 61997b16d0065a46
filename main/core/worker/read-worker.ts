// The read worker: answers the read channels (read-channels.ts) on a connection of its own, in
// a thread of its own. The cache worker's writes — a bootstrap's pages, its index build, a purge —
// run in long synchronous transactions on their thread; on WAL this connection keeps reading
// the last committed transaction meanwhile, so browsing never waits for the writer
// (docs/ARCHITECTURE.md §10, §11). It opens the cache when told: after the cache worker migrated it.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { ChannelParsedInput } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { logsCount, logsHistogram } from '../cache/log-counts';
import { openCacheReader } from '../cache/open';
import { logsEvent, logsPage } from '../cache/queries';
import { getSubject, listSubjects, subjectTimeline } from '../cache/subjects';
import {
  OPEN_READER,
  type OpenReader,
  type ReaderInit,
  type WorkerMessage,
  type WorkerRequest,
} from '../rpc';
import { errorInfoOf } from '../sync/cycle';
import { log, logToParent } from '../log';
import { assertUnlocked } from '../cache/offline-lock';
import type { ReadChannel } from './read-channels';

type ReadHandlers = { [C in ReadChannel]: (input: ChannelParsedInput<C>) => unknown };

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('read-worker must run in a worker thread');
  // The thread boots alongside the cache worker; the file is opened once that one has migrated it.
  port.once('message', (msg: unknown) => {
    const open = msg as Partial<OpenReader> | null;
    if (open?.type === OPEN_READER && open.key) serve(port, { ...(workerData as ReaderInit), key: open.key });
  });
}

function serve(port: MessagePort, init: ReaderInit): void {
  const post = (msg: WorkerMessage) => port.postMessage(msg);
  logToParent(port, init.logLevel);

  let db: ReturnType<typeof openCacheReader>;
  try {
    db = openCacheReader({ path: init.dbPath, key: init.key });
  } catch (err) {
    log('read').error({ err }, 'read worker could not open the cache');
    post({ type: 'fatal', error: errorInfoOf(err) });
    return;
  }

  const handlers: ReadHandlers = {
    'logs:page': (input) => logsPage(db, input),
    'logs:count': (input) => logsCount(db, input.filter),
    'logs:histogram': (input) => logsHistogram(db, input.filter, input.bucket),
    'logs:event': (input) => logsEvent(db, input.id),
    'subjects:list': (input) => ({ subjects: listSubjects(db, input.search, input.limit) }),
    'subjects:timeline': (input) => subjectTimeline(db, input),
    'subjects:get': (input) => getSubject(db, input.id),
  };
  const run = <C extends ReadChannel>(channel: C, input: unknown): unknown =>
    // The input passed the channel's schema in dispatch (main side) before it was posted here.
    handlers[channel](input as ChannelParsedInput<C>);

  let closed = false;
  const handle = (req: WorkerRequest): unknown => {
    if (closed) throw new AppError('E_CACHE', 'The cache is closed.');
    switch (req.method) {
      case 'invoke':
        if (!(req.channel in handlers))
          throw new AppError('E_INTERNAL', `The read worker does not answer ${req.channel}.`);
        // The offline lock (issue 14), judged on this connection's view of the cache.
        assertUnlocked(db, req.channel, new Date());
        return run(req.channel as ReadChannel, req.input);
      case 'syncNow':
        throw new AppError('E_INTERNAL', 'The read worker does not sync.');
      case 'close':
        closed = true;
        db.close();
        return null;
    }
  };

  port.on('message', (req: WorkerRequest) => {
    try {
      post({ type: 'reply', id: req.id, ok: true, value: handle(req) });
    } catch (err) {
      // debug: the main side's dispatch logs the failure with its channel and code already.
      log('read').debug({ method: req.method, err }, 'read failed');
      post({ type: 'reply', id: req.id, ok: false, error: errorInfoOf(err) });
    }
  });
  post({ type: 'ready' });
}

main();
