// The bench's reference backend, in a thread of its own: the backend stands for a remote server,
// so its work (PGlite queries, page serialisation) must not delay the replies the bench times on
// its main thread (logs.page_ms_p95_during_sync).
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { startBackend, type RunningBackend } from '../backend/index';

type Seed = { users: number; events: number; seed: number };
type Ready = { type: 'ready'; url: string; owner: string } | { type: 'failed'; message: string };

/** Starts the seeded backend in a worker thread; `close` stops it and ends the thread. */
export async function startBackendThread(
  seed: Seed,
): Promise<{ url: string; tokens: { owner: string }; close(): Promise<void> }> {
  const worker = new Worker(new URL('./backend-thread.mjs', import.meta.url), { workerData: seed });
  const ready = await new Promise<Ready>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the backend thread exited (code ${code})`)));
  });
  worker.removeAllListeners('exit');
  worker.removeAllListeners('error');
  if (ready.type === 'failed') {
    await worker.terminate();
    throw new Error(ready.message);
  }
  return {
    url: ready.url,
    tokens: { owner: ready.owner },
    close: async () => {
      const closed = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}

async function runInThread(port: NonNullable<typeof parentPort>): Promise<void> {
  let backend: RunningBackend;
  try {
    backend = await startBackend({ seed: workerData as Seed });
  } catch (err) {
    port.postMessage({ type: 'failed', message: (err as Error).message } satisfies Ready);
    return;
  }
  port.on('message', () => {
    void backend.close().finally(() => port.postMessage('closed'));
  });
  port.postMessage({ type: 'ready', url: backend.url, owner: backend.tokens.owner } satisfies Ready);
}

if (parentPort && workerData && typeof workerData === 'object' && 'events' in workerData)
  void runInThread(parentPort);
