// Sync & outbox: connection, last pull and push, a progress bar during long pulls, Sync now,
// the actions waiting in the outbox, and the Conflicts inbox.
import { useEffect } from 'react';
import { formatDistanceToNow } from 'date-fns';
import { cacheStore, outboxStore, useCache, useOutbox, useSync } from '../stores';
import { hrefOf } from '../router';
import { useNow } from '../hooks';
import { actionKindLabel, localDateTime, streamLabel } from '../format';
import { ConflictCard } from '../components/ConflictCard';
import { Text, Inert } from '../components/Text';
import { ErrorAlert } from '../components/ErrorAlert';

function Ago({ iso, never = 'Never' }: { iso: string | null | undefined; never?: string }) {
  if (!iso) return <>{never}</>;
  return (
    <time dateTime={iso} title={localDateTime(iso)}>
      {formatDistanceToNow(new Date(iso), { addSuffix: true })}
    </time>
  );
}

function SyncOverview() {
  const status = useSync((s) => s.status);
  const syncError = useSync((s) => s.error);
  const online = status?.online;
  const progress = status?.running ? status.progress : null;
  return (
    <section aria-labelledby="connection-title" className="panel">
      <h2 id="connection-title">Connection</h2>
      <dl className="details">
        <dt>Backend</dt>
        <dd>{online === true ? 'Online' : online === false ? 'Offline' : 'Not yet connected'}</dd>
        <dt>Last successful pull</dt>
        <dd>
          <Ago iso={status?.lastSyncedAt} />
        </dd>
        <dt>Last successful push</dt>
        <dd>
          <Ago iso={status?.lastPushAt} />
        </dd>
        {status?.nextRetryAt && (
          <>
            <dt>Next retry</dt>
            <dd>
              <Ago iso={status.nextRetryAt} />
            </dd>
          </>
        )}
        {status?.lastError && (
          <>
            <dt>Last error</dt>
            <dd className="outbox-error">
              <Inert value={status.lastError.message} />
            </dd>
          </>
        )}
      </dl>
      {status?.needsSignIn && (
        <p role="alert" className="error">
          The backend no longer accepts this console&apos;s token. Sign in again (Settings → Sign out, then
          sign in): nothing queued is lost.
        </p>
      )}
      {status?.running && (
        <div className="sync-progress">
          <p>
            {status.pushing ? 'Pushing actions…' : 'Pulling'}
            {progress ? ` ${streamLabel(progress.stream)}: ${progress.applied} applied` : '…'}
          </p>
          {progress && (
            <progress
              aria-label="Pull progress"
              value={Math.min(progress.cursor, progress.watermark || progress.cursor)}
              max={Math.max(progress.watermark, 1)}
            />
          )}
        </div>
      )}
      <p className="muted small">“Sync now” in the header pushes the outbox and pulls at once.</p>
      <ErrorAlert message={syncError} />
    </section>
  );
}

/** Actions that keep failing on their own, held aside so the rest of the outbox carries on. */
function NeedsAttention() {
  const pending = useOutbox((s) => s.pending);
  const held = pending.filter((e) => e.attentionAt !== null);
  if (held.length === 0) return null;
  return (
    <section aria-labelledby="attention-title">
      <h2 id="attention-title">Needs attention</h2>
      <p>
        The backend keeps failing on {held.length === 1 ? 'this action' : 'these actions'}. Later actions on
        the same request wait; everything else is pushed. Retry once the cause is fixed, or discard.
      </p>
      <table aria-label="Actions that need attention" className="data-table compact">
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Request</th>
            <th scope="col" className="num">
              Failures
            </th>
            <th scope="col">Error</th>
            <th scope="col">
              <span className="visually-hidden">Decide</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {held.map((e) => (
            <tr key={e.action.id}>
              <td>{actionKindLabel(e.action.kind)}</td>
              <td>
                <code>{e.action.requestId}</code>
              </td>
              <td className="num">{e.failures}</td>
              <td className="outbox-error">
                <Text value={e.lastError ? `${e.lastError.code}: ${e.lastError.message}` : null} />
              </td>
              <td>
                <button type="button" onClick={() => void outboxStore.getState().retry(e.action.id)}>
                  Retry
                </button>{' '}
                <button type="button" onClick={() => void outboxStore.getState().discard(e.action.id)}>
                  Discard
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function PendingActions() {
  const pending = useOutbox((s) => s.pending);
  const loaded = useOutbox((s) => s.loaded);
  return (
    <section aria-labelledby="outbox-title">
      <h2 id="outbox-title">Outbox</h2>
      {!loaded ? (
        <p className="muted">Loading the outbox…</p>
      ) : pending.length === 0 ? (
        <p>No actions waiting to be pushed.</p>
      ) : (
        <>
          <p>
            <strong>{pending.length}</strong> {pending.length === 1 ? 'action is' : 'actions are'} waiting to
            be pushed to the backend.
          </p>
          <table aria-label="Pending actions" className="data-table compact">
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Request</th>
                <th scope="col">Queued</th>
                <th scope="col" className="num">
                  Attempts
                </th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {pending.map((e) => (
                <tr key={e.action.id}>
                  <td>{actionKindLabel(e.action.kind)}</td>
                  <td>
                    <a href={hrefOf('requests', e.action.requestId)}>
                      <code>{e.action.requestId}</code>
                    </a>
                  </td>
                  <td>
                    <Ago iso={e.queuedAt} />
                  </td>
                  <td className="num">{e.attempts}</td>
                  <td className="outbox-error">
                    {e.lastError ? <Inert value={e.lastError.message} /> : <span className="none">—</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function ConflictsInbox() {
  const conflicts = useOutbox((s) => s.conflicts);
  const loaded = useOutbox((s) => s.loaded);
  return (
    <section aria-labelledby="conflicts-title">
      <h2 id="conflicts-title">Conflicts</h2>
      {!loaded ? null : conflicts.length === 0 ? (
        <p>No conflicts: every pushed action was accepted.</p>
      ) : (
        <>
          <p>
            The backend rejected {conflicts.length === 1 ? 'this action' : 'these actions'}. Nothing was
            applied; review and dismiss, or open the request to decide again.
          </p>
          {conflicts.map((c) => (
            <ConflictCard key={c.id} conflict={c} />
          ))}
        </>
      )}
    </section>
  );
}

export function SyncRoom() {
  const stats = useCache((s) => s.stats);
  const loading = useCache((s) => s.loading);
  const error = useCache((s) => s.error);
  const outboxError = useOutbox((s) => s.error);
  const outboxLoading = useOutbox((s) => s.loading);
  useNow(30_000); // keeps "… ago" current

  useEffect(() => {
    void cacheStore.getState().load();
    void outboxStore.getState().load();
  }, []);

  return (
    <section aria-labelledby="room-title" className="room-body">
      <div className="room-head">
        <h1 id="room-title" tabIndex={-1}>
          Sync &amp; outbox
        </h1>
        <button
          type="button"
          onClick={() => {
            void cacheStore.getState().load();
            void outboxStore.getState().load();
          }}
          disabled={loading || outboxLoading}
        >
          Refresh
        </button>
      </div>
      <ErrorAlert message={error ?? outboxError} />
      <SyncOverview />
      <NeedsAttention />
      <PendingActions />
      <ConflictsInbox />
      <h2 id="streams-title">Cached streams</h2>
      {stats ? (
        <table aria-labelledby="streams-title" className="data-table compact" aria-busy={loading}>
          <thead>
            <tr>
              <th scope="col">Stream</th>
              <th scope="col" className="num">
                Cached rows
              </th>
              <th scope="col" className="num">
                Cursor
              </th>
              <th scope="col">Last synced</th>
            </tr>
          </thead>
          <tbody>
            {stats.streams.map((s) => (
              <tr key={s.stream}>
                <td>
                  <code>{s.stream}</code>
                </td>
                <td className="num">{s.count}</td>
                <td className="num">{s.cursor}</td>
                <td>
                  <Ago iso={s.lastSyncedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{loading ? 'Loading cache statistics…' : 'No statistics yet.'}</p>
      )}
      {stats && stats.setAsideCount > 0 && (
        <section aria-labelledby="set-aside-title">
          <h2 id="set-aside-title">Items set aside</h2>
          <p>
            {stats.setAsideCount} {stats.setAsideCount === 1 ? 'item' : 'items'} from the backend could not be
            accepted and {stats.setAsideCount === 1 ? 'was' : 'were'} set aside; the streams went on. A later
            valid version replaces the entry.
          </p>
          <table aria-label="Items set aside" className="data-table compact">
            <thead>
              <tr>
                <th scope="col">Stream</th>
                <th scope="col">Item</th>
                <th scope="col">Reason</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {stats.setAside.map((i) => (
                <tr key={`${i.stream}:${i.itemId}`}>
                  <td>
                    <code>{i.stream}</code>
                  </td>
                  <td>
                    <Text value={i.itemId} />
                  </td>
                  <td>
                    <Text value={i.reason} />
                  </td>
                  <td>
                    <Ago iso={i.setAsideAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {stats && <p className="muted small">Cache schema version {stats.schemaVersion}.</p>}
    </section>
  );
}
