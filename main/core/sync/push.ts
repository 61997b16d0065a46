// Push (docs/ARCHITECTURE.md §5): the outbox's pending actions in queue order, in batches; the
// reply is validated whole before anything is written, and its outcomes are applied in ONE
// transaction.
import { type Action } from '../../../shared/action-schemas';
import { PushReply } from '../../../shared/push-protocol';
import type { OutboxChanged } from '../../../shared/contract-requests';
import { AppError, type ErrorInfo } from '../../../shared/errors';
import type { Outbox } from '../outbox/outbox';
import { requestJson } from './backend-client';
import { errorInfoOf, LAST_PUSH_SETTING, throwIfStopped, type SyncCycle } from './cycle';
import { issueList } from '../../../shared/zod-issues';
import { log } from '../log';

/**
 * A push failure that may be caused by the actions sent rather than by the network or load:
 * HTTP 500 (the backend's internal error) or a 4xx other than auth, timeout and rate limit.
 * (503 / 502 / 504 and 429 are the backend being busy or away: never counted against an action.)
 */
export function isActionFault(info: ErrorInfo): boolean {
  if (info.code !== 'E_BACKEND') return false;
  const status = (info.details as { status?: unknown } | undefined)?.status;
  if (typeof status !== 'number') return false;
  return status === 500 || (status >= 400 && status < 500 && ![401, 403, 408, 429].includes(status));
}

/** Pushes every pending action, batch by batch, in queue order. */
export async function pushPending(
  cycle: SyncCycle,
  outbox: Outbox,
  batchSize: number,
  onOutboxChanged: (change: OutboxChanged) => void,
): Promise<void> {
  const { session, signal } = cycle;
  for (;;) {
    throwIfStopped(signal);
    const batch: Action[] = outbox.pendingBatch(batchSize);
    if (batch.length === 0) return;
    const ids = batch.map((a) => a.id);
    outbox.markAttempt(ids);
    cycle.report({ pushing: true });
    let body: unknown;
    try {
      body = await requestJson(session.backendUrl, '/v1/actions', {
        method: 'POST',
        body: { actions: batch },
        token: session.token,
        signal,
        fetch: cycle.fetch,
      });
    } catch (err) {
      const info = errorInfoOf(err);
      // A fault that points at the actions (500, a refused request) is counted per action:
      // the next push sends a failed action alone, and one that keeps failing alone moves to
      // Needs attention, so the actions behind it carry on.
      const moved = isActionFault(info) ? outbox.recordFault(ids, info) : (outbox.markError(ids, info), []);
      log('outbox').warn(
        { actions: ids.length, code: info.code, needsAttention: moved.length },
        'push failed',
      );
      cycle.report({ pushing: false, ...(info.code === 'E_BACKEND_UNREACHABLE' ? { online: false } : {}) });
      onOutboxChanged(outbox.changed(moved));
      throw err;
    }
    cycle.note({ online: true });
    const parsed = PushReply.safeParse(body);
    if (!parsed.success) {
      // Rejected whole: nothing from it is written; the actions stay pending.
      const info: ErrorInfo = {
        code: 'E_BAD_PAGE',
        message: 'The backend sent an invalid reply to a push; nothing was written.',
        details: {
          issues: issueList(parsed.error, 10),
        },
      };
      outbox.markError(ids, info);
      log('outbox').warn({ actions: ids.length, code: info.code }, 'push reply rejected');
      cycle.report({ pushing: false });
      throw new AppError(info.code, info.message, info.details);
    }
    const sent = new Set(ids);
    // Only outcomes about actions of this batch, and a duplicate only with its own first.
    const outcomes = parsed.data.outcomes.filter(
      (o) => sent.has(o.id) && (o.outcome !== 'duplicate' || o.first.id === o.id),
    );
    const changed = outbox.applyOutcomes(outcomes);
    const tally: Record<string, number> = {};
    for (const o of outcomes) tally[o.outcome] = (tally[o.outcome] ?? 0) + 1;
    log('outbox').info({ actions: ids.length, ids: ids.slice(0, 20), outcomes: tally }, 'pushed');
    const lastPushAt = cycle.now().toISOString();
    cycle.store.setSetting(LAST_PUSH_SETTING, lastPushAt);
    cycle.report({ pushing: false, lastPushAt });
    onOutboxChanged(outbox.changed(changed));
    const answered = new Set(outcomes.map((o) => o.id));
    const missing = ids.filter((id) => !answered.has(id));
    if (missing.length > 0) {
      // An action without an outcome stays pending, and is retried later.
      const info: ErrorInfo = {
        code: 'E_BACKEND',
        message: `The backend's reply had no outcome for ${missing.length} action(s); they stay pending.`,
        details: { missing: missing.slice(0, 20) },
      };
      outbox.markError(missing, info);
      throw new AppError(info.code, info.message, info.details);
    }
  }
}
