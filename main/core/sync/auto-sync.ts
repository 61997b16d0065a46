// The automatic mode's scheduling: a cycle on start, on a timer, after each queued action, and —
// after a transient failure — again after a full-jitter backoff delay (honouring Retry-After),
// until the backend is reachable again. A 401/403 (or no session, or a stopped cycle) stops the
// timer until the next sign-in.
import type { SyncStatus } from '../../../shared/contract-app';
import { fullJitterDelay, isTransient, retryAfterOf, type BackoffPolicy } from './backoff';
import { errorInfoOf } from './cycle';

/** What the scheduler drives: the engine's cycles and its status. */
export interface AutoSyncTarget {
  /** Starts a cycle, or joins the one running. */
  start(): Promise<SyncStatus>;
  isRunning(): boolean;
  /** Signed in, with a token the backend has not refused. */
  canRun(): boolean;
  /** Updates the status and tells the UI. */
  report(patch: Partial<SyncStatus>): void;
  /** Updates the status quietly. */
  note(patch: Partial<SyncStatus>): void;
}

export class AutoSync {
  private intervalMs = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private again = false;
  private closed = false;

  constructor(
    private readonly target: AutoSyncTarget,
    private readonly now: () => Date,
    private readonly backoff: BackoffPolicy,
    private readonly random: () => number,
  ) {}

  /** Turns the automatic mode on: a cycle now, then every `intervalMs`. */
  start(intervalMs: number): void {
    this.intervalMs = intervalMs;
    this.kick();
  }

  /** Whether the automatic mode is on (and not shut down). */
  isOn(): boolean {
    return this.intervalMs > 0 && !this.closed;
  }

  /** Run a cycle as soon as possible (joins / follows a running one). */
  kick(): void {
    if (this.closed || this.intervalMs <= 0) return;
    if (!this.target.canRun()) return;
    if (this.target.isRunning()) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** After a successful sign-in: backoff starts again from its first step. */
  resetFailures(): void {
    this.failures = 0;
  }

  /** Stops the timer for good (close). */
  shutdown(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.cycle();
    }, delayMs);
    this.timer.unref?.();
  }

  private cycle(): void {
    if (this.closed || this.intervalMs <= 0) return;
    if (!this.target.canRun()) return;
    this.target.start().then(
      () => {
        this.failures = 0;
        this.target.note({ nextRetryAt: null });
        if (this.again) {
          this.again = false;
          this.schedule(0);
        } else this.schedule(this.intervalMs);
      },
      (err: unknown) => {
        const info = errorInfoOf(err);
        this.again = false;
        // Wait for sign-in; a stopped cycle (sign-out, close) is not retried either.
        if (
          info.code === 'E_AUTH' ||
          info.code === 'E_REVOKED' ||
          info.code === 'E_NOT_SIGNED_IN' ||
          info.code === 'E_SYNC_STOPPED'
        )
          return;
        const delay = isTransient(info)
          ? fullJitterDelay(this.failures++, this.backoff, this.random, retryAfterOf(info))
          : this.intervalMs;
        this.target.report({ nextRetryAt: new Date(this.now().getTime() + delay).toISOString() });
        this.schedule(delay);
      },
    );
  }
}
