// Pull (docs/ARCHITECTURE.md §5), per stream: GET a page, validate it BEFORE touching the DB, then
// apply its items and its cursor in ONE transaction. Interrupted anywhere ⇒ the next run resumes
// from the stored state. Then the organisation's settings, one document.
import { AppError } from '../../../shared/errors';
import { ORG_SETTINGS_STREAM, OrgSettingsPage } from '../../../shared/org-settings';
import {
  pageItemCount,
  pageItems,
  pullReplySchema,
  type StreamItem,
  type StreamName,
} from '../../../shared/protocol';
import { clearOrgSettings, readOrgSettingsState, writeOrgSettings } from '../cache/org-settings';
import { requestJson } from './backend-client';
import { errorInfoOf, throwIfStopped, type SyncCycle } from './cycle';
import { salvagePage } from './salvage';
import { issueList } from '../../../shared/zod-issues';

/** Referenced rows first, the big stream last. */
export const SYNC_ORDER: readonly StreamName[] = ['subjects', 'requests', 'request_events', 'access_events'];

/** Resets of one stream a run accepts before it gives up (a backend that keeps resetting). */
const MAX_RESETS_PER_RUN = 3;

const itemIdOf = (i: StreamItem<StreamName>): string => (i.op === 'delete' ? i.id : i.data.id);

/**
 * The organisation's settings (one document). A backend without the stream (404) leaves the
 * cached document, or the defaults, in place.
 */
export async function pullOrgSettings(cycle: SyncCycle): Promise<void> {
  const { session, signal } = cycle;
  const db = cycle.store.db;
  for (let attempt = 0; attempt < 2; attempt++) {
    const after = readOrgSettingsState(db).seq;
    let body: unknown;
    try {
      body = await requestJson(session.backendUrl, `/v1/sync/${ORG_SETTINGS_STREAM}?after=${after}`, {
        token: session.token,
        signal,
        fetch: cycle.fetch,
      });
    } catch (err) {
      const info = errorInfoOf(err);
      const status = (info.details as { status?: number } | undefined)?.status;
      if (info.code === 'E_BACKEND' && status === 404) return;
      throw err;
    }
    const parsed = OrgSettingsPage.safeParse(body);
    if (!parsed.success)
      throw new AppError(
        'E_BAD_PAGE',
        'The backend sent invalid organisation settings; nothing was written.',
      );
    const page = parsed.data;
    if (page.reset) {
      clearOrgSettings(db);
      continue;
    }
    const item = page.items[0];
    if (item) db.transaction(() => writeOrgSettings(db, item.seq, item.data))();
    return;
  }
}

/** Pulls one stream to its end, page by page (a bootstrap bulk-loads, then indexes once). */
export async function pullStream(cycle: SyncCycle, stream: StreamName, pageSize: number): Promise<void> {
  const { session, signal, store } = cycle;
  const schema = pullReplySchema(stream);
  let { cursor, epoch } = store.getState(stream);
  let applied = 0;
  let resets = 0;
  const resetStream = (newEpoch: string) => {
    if (++resets > MAX_RESETS_PER_RUN) {
      throw new AppError('E_BACKEND', `The backend keeps resetting the ${stream} stream; try again later.`);
    }
    store.db.transaction(() => {
      store.clearStream(stream);
      store.putState({ stream, cursor: 0, epoch: newEpoch, lastSyncedAt: null });
    })();
    cursor = 0;
    epoch = newEpoch;
    applied = 0;
  };
  const events = stream === 'access_events' ? store.events : null;
  // A bootstrap (empty mirror, cursor 0): bulk-load, then build indexes + FTS once at the end.
  if (events && cursor === 0 && store.count(stream) === 0) events.beginBulk();
  const fetchPage = (after: number, ep: string | null) => {
    const query = new URLSearchParams({ after: String(after), limit: String(pageSize) });
    if (ep !== null) query.set('epoch', ep);
    return requestJson(session.backendUrl, `/v1/sync/${stream}?${query}`, {
      token: session.token,
      signal,
      fetch: cycle.fetch,
    });
  };
  let prefetched: { after: number; body: Promise<unknown> } | null = null;
  try {
    for (;;) {
      throwIfStopped(signal);
      const pending: Promise<unknown> =
        prefetched && prefetched.after === cursor ? prefetched.body : fetchPage(cursor, epoch);
      prefetched = null;
      const body = await pending;
      cycle.note({ online: true });
      const parsed = schema.safeParse(body);
      // Items the page's schema refuses are set aside one by one (the stream goes on); only a
      // broken envelope refuses the whole page.
      const salvaged = parsed.success ? null : salvagePage(stream, body);
      if (!parsed.success && !salvaged) {
        throw new AppError(
          'E_BAD_PAGE',
          `The backend sent an invalid ${stream} page (after ${cursor}); nothing was written.`,
          {
            stream,
            after: cursor,
            issues: issueList(parsed.error, 10),
          },
        );
      }
      const reply = parsed.success ? parsed.data : salvaged!.page;
      const setAside = salvaged?.setAside ?? [];
      if (reply.stream !== stream) {
        throw new AppError(
          'E_BAD_PAGE',
          `Asked for ${stream}, the backend answered with ${reply.stream}; nothing was written.`,
        );
      }
      if (reply.reset || (epoch !== null && reply.epoch !== epoch)) {
        prefetched = null;
        resetStream(reply.epoch);
        continue;
      }
      if (reply.next < cursor || (reply.hasMore && reply.next === cursor)) {
        throw new AppError(
          'E_BAD_PAGE',
          `The backend's ${stream} cursor went from ${cursor} to ${reply.next}; nothing was written.`,
        );
      }
      // Overlap: ask for page N+1 while page N is applied.
      if (reply.hasMore) {
        const body = fetchPage(reply.next, reply.epoch);
        body.catch(() => undefined); // awaited (and its error surfaced) on the next turn
        prefetched = { after: reply.next, body };
      }
      const now = cycle.now().toISOString();
      try {
        store.db.transaction(() => {
          store.applyPage(reply);
          if (store.setAsideCount() > 0) store.clearSetAside(stream, pageItems(reply).map(itemIdOf));
          if (setAside.length > 0) store.setAside(stream, setAside, now);
          store.putState({ stream, cursor: reply.next, epoch: reply.epoch, lastSyncedAt: now });
        })();
      } catch (err) {
        events?.reset();
        throw err;
      }
      cursor = reply.next;
      epoch = reply.epoch;
      applied += pageItemCount(reply);
      cycle.report({
        online: true,
        progress: { stream, applied, cursor, watermark: Math.max(reply.watermark, cursor) },
      });
      if (!reply.hasMore) return;
    }
  } finally {
    if (events?.isBulk()) events.finishBulk();
  }
}
