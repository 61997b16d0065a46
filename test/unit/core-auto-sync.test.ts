// The automatic mode's scheduling on its own (main/core/sync/auto-sync.ts), on fake timers: a
// cycle on start and every interval, a backoff retry after a transient failure, none after a
// refused token or a stopped cycle, and a kick during a cycle runs one more right after it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '../../shared/contract-app';
import { AppError } from '../../shared/errors';
import { AutoSync } from '../../main/core/sync/auto-sync';

const T0 = new Date('2026-01-05T10:00:00.000Z');
const INTERVAL = 60_000;
const POLICY = { baseMs: 1_000, capMs: 60_000 };

/** A target whose cycles follow a script: each entry resolves, or rejects with that error. */
function target(script: (AppError | null)[]) {
  const patches: Partial<SyncStatus>[] = [];
  let running: Promise<void> | null = null;
  let release: (() => void) | null = null;
  const t = {
    starts: 0,
    patches,
    /** The next cycle waits until `let()` is called. */
    hold: false,
    let: () => release?.(),
    start: () => {
      const outcome = script[t.starts++] ?? null;
      const gate = t.hold ? new Promise<void>((r) => (release = r)) : Promise.resolve();
      running = gate.then(() => {
        running = null;
        if (outcome) throw outcome;
      });
      return running.then(() => ({}) as SyncStatus);
    },
    isRunning: () => running !== null,
    canRun: () => true,
    report: (p: Partial<SyncStatus>) => void patches.push(p),
    note: (p: Partial<SyncStatus>) => void patches.push(p),
  };
  return t;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

describe('AutoSync', () => {
  it('runs a cycle at once, then every interval', async () => {
    const t = target([]);
    const auto = new AutoSync(
      t,
      () => new Date(),
      POLICY,
      () => 0.5,
    );
    auto.start(INTERVAL);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.starts).toBe(1);
    await vi.advanceTimersByTimeAsync(INTERVAL - 1);
    expect(t.starts).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.starts).toBe(2);
    auto.shutdown();
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(t.starts).toBe(2);
  });

  it('retries a transient failure after the full-jitter delay, and reports when', async () => {
    const down = new AppError('E_BACKEND_UNREACHABLE', 'down');
    const t = target([down, down, null]);
    const auto = new AutoSync(
      t,
      () => new Date(),
      POLICY,
      () => 0.5,
    );
    auto.start(INTERVAL);
    await vi.advanceTimersByTimeAsync(0);
    // Retry 0: uniform in [0, 1000) → 500 ms with random() = 0.5.
    expect(t.patches.at(-1)).toEqual({ nextRetryAt: new Date(T0.getTime() + 500).toISOString() });
    await vi.advanceTimersByTimeAsync(499);
    expect(t.starts).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.starts).toBe(2);
    // Retry 1: [0, 2000) → 1000 ms.
    expect(t.patches.at(-1)).toEqual({ nextRetryAt: new Date(T0.getTime() + 1500).toISOString() });
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.starts).toBe(3);
    expect(t.patches.at(-1)).toEqual({ nextRetryAt: null });
    auto.shutdown();
  });

  it.each(['E_AUTH', 'E_NOT_SIGNED_IN', 'E_SYNC_STOPPED'] as const)(
    'does not retry after %s (waits for the next sign-in or kick)',
    async (code) => {
      const t = target([new AppError(code, 'no')]);
      const auto = new AutoSync(
        t,
        () => new Date(),
        POLICY,
        () => 0.5,
      );
      auto.start(INTERVAL);
      await vi.advanceTimersByTimeAsync(10 * INTERVAL);
      expect(t.starts).toBe(1);
      expect(t.patches).toEqual([]);
      auto.kick();
      await vi.advanceTimersByTimeAsync(0);
      expect(t.starts).toBe(2);
      auto.shutdown();
    },
  );

  it('a kick during a cycle runs one more right after it', async () => {
    const t = target([]);
    t.hold = true;
    const auto = new AutoSync(
      t,
      () => new Date(),
      POLICY,
      () => 0.5,
    );
    auto.start(INTERVAL);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.starts).toBe(1);
    t.hold = false;
    auto.kick();
    t.let();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.starts).toBe(2);
    auto.shutdown();
  });
});
