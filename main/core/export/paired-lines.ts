// One pass over a source of chunk pairs feeding two ZIP entries at once (the access events' NDJSON
// and CSV): each row is read from the cache and serialised once for both files, instead of walking
// the person's events twice. The two entries are deflated side by side; zip.js consumes them at
// their own pace (the second entry has no backpressure: it is buffered compressed until the
// first is written). So each side pulls the shared pass forward only while the other side's
// backlog is under a few chunks, and otherwise waits for it: memory stays flat.

/** How many chunks one side may hold that the other has made it read ahead. */
const MAX_BACKLOG_CHUNKS = 4;

/**
 * Splits a source of `[left, right]` chunk pairs into two chunk sources that together read `pairs`
 * exactly once. Both must be consumed concurrently (a side waits while the other lags); one that
 * has not started yet is never waited for, so reading them one after the other still works,
 * holding the second in memory.
 */
export function pairedChunks<L, R>(
  pairs: Iterable<readonly [L, R]>,
  maxBacklog = MAX_BACKLOG_CHUNKS,
): [AsyncIterable<L>, AsyncIterable<R>] {
  const it = pairs[Symbol.iterator]();
  const queued: [L[], R[]] = [[], []];
  const started = [false, false];
  const finished = [false, false];
  let done = false;
  // Wakes a side waiting for the other to drain its backlog.
  const waiting: [(() => void) | null, (() => void) | null] = [null, null];
  const wake = (s: 0 | 1) => {
    const w = waiting[s];
    waiting[s] = null;
    w?.();
  };
  const backlogged = (other: 0 | 1) =>
    started[other] && !finished[other] && queued[other].length >= maxBacklog;

  async function* side<T>(s: 0 | 1, queue: T[]): AsyncGenerator<T> {
    const other = s === 0 ? 1 : 0;
    started[s] = true;
    try {
      for (;;) {
        if (queue.length > 0) {
          const chunk = queue.shift()!;
          wake(other);
          yield chunk;
          continue;
        }
        if (done) return;
        if (backlogged(other)) {
          await new Promise<void>((res) => (waiting[s] = res));
          continue;
        }
        const next = it.next();
        if (next.done) {
          done = true;
          wake(other);
          continue;
        }
        queued[0].push(next.value[0]);
        queued[1].push(next.value[1]);
      }
    } finally {
      finished[s] = true;
      wake(other);
    }
  }
  return [side(0, queued[0]), side(1, queued[1])];
}
