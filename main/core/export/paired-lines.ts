// One pass over a row source feeding two ZIP entries at once (the access events' NDJSON and CSV):
// each row is read from the cache and serialised once for both files, instead of walking the
// person's events twice. The two entries are deflated side by side; zip.js consumes them at
// their own pace (the second entry has no backpressure: it is buffered compressed until the
// first is written). So each side pulls the shared pass forward only while the other side's
// backlog is under a few chunks, and otherwise waits for it: memory stays flat.
import { CHUNK_CHARS } from './bundle-zip';

/** How many chunks one side may hold that the other has made it read ahead. */
const MAX_BACKLOG_CHUNKS = 4;

/**
 * Splits a source of `[left, right]` line pairs into two chunked line sources, each yielding
 * strings of about `chunkChars` characters, that together read `pairs` exactly once. Both must
 * be consumed concurrently (a side waits while the other lags); one that has not started yet is
 * never waited for, so reading them one after the other still works, holding the second in memory.
 */
export function pairedLines(
  pairs: Iterable<readonly [string, string]>,
  chunkChars = CHUNK_CHARS,
): [AsyncIterable<string>, AsyncIterable<string>] {
  const it = pairs[Symbol.iterator]();
  const buffered: [string[], string[]] = [[], []];
  const size: [number, number] = [0, 0];
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
    started[other] && !finished[other] && size[other] >= MAX_BACKLOG_CHUNKS * chunkChars;

  async function fill(s: 0 | 1): Promise<void> {
    const other = s === 0 ? 1 : 0;
    while (!done && size[s] < chunkChars) {
      if (backlogged(other)) {
        await new Promise<void>((res) => (waiting[s] = res));
        continue;
      }
      const next = it.next();
      if (next.done) {
        done = true;
        wake(other);
        break;
      }
      const [left, right] = next.value;
      buffered[0].push(left);
      size[0] += left.length;
      buffered[1].push(right);
      size[1] += right.length;
    }
  }
  async function* side(s: 0 | 1): AsyncGenerator<string> {
    const other = s === 0 ? 1 : 0;
    started[s] = true;
    try {
      for (;;) {
        await fill(s);
        if (buffered[s].length === 0) return;
        const chunk = buffered[s].join('');
        buffered[s] = [];
        size[s] = 0;
        wake(other);
        yield chunk;
      }
    } finally {
      finished[s] = true;
      wake(other);
    }
  }
  return [side(0), side(1)];
}
