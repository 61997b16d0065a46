// Subjects: find a person, then everything the cache holds about them — profile, devices,
// triage flags and access events (paged) — and the way to their privacy requests.
import { RestrictedBadge } from '../components/RestrictedBadge';
import { BundleExportPanel } from '../components/BundleExportPanel';
import { useEffect, useId, useState } from 'react';
import { subjectsStore, useSubjects } from '../stores';
import { routeFromHash, subjectHref, subjectRequestsHref, useHash, hrefOf } from '../router';
import { localDateTime } from '../format';
import { FlagBadges, Text, Inert } from '../components/Text';
import { numberFormat } from '../locale';
import { FLAG_EXPLANATIONS, FLAG_LABELS } from '../logs/flag-text';
import { ErrorAlert } from '../components/ErrorAlert';

const SEARCH_DELAY_MS = 250;
const nf = numberFormat();

export function SubjectsRoom() {
  const hash = useHash();
  const subjectId = routeFromHash(hash).item;
  return subjectId ? <SubjectTimeline subjectId={subjectId} /> : <SubjectList />;
}

function SubjectList() {
  const list = useSubjects((s) => s.list);
  const loading = useSubjects((s) => s.listLoading);
  const error = useSubjects((s) => s.listError);
  const stored = useSubjects((s) => s.search);
  const [search, setSearch] = useState(stored);
  const id = useId();

  useEffect(() => {
    const timer = setTimeout(
      () => void subjectsStore.getState().loadList(search),
      search === stored ? 0 : SEARCH_DELAY_MS,
    );
    return () => clearTimeout(timer);
    // `stored` is left out on purpose: only typing (and the first render) searches.
  }, [search]);

  return (
    <section aria-labelledby="room-title" className="room-body">
      <div className="room-head">
        <h1 id="room-title" tabIndex={-1}>
          Subjects
        </h1>
        <div role="search" aria-label="Find a subject" className="field inline">
          <label htmlFor={`${id}-q`}>Find a person</label>
          <input
            id={`${id}-q`}
            type="search"
            placeholder="Username, name or email"
            maxLength={256}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
      </div>
      <ErrorAlert message={error} />
      {list.length === 0 ? (
        <p className="empty">{loading ? 'Loading subjects…' : 'No cached subjects match.'}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" aria-label="Subjects" aria-busy={loading}>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Name</th>
                <th scope="col">Department</th>
                <th scope="col" className="num">
                  Events
                </th>
                <th scope="col" className="num">
                  Flags
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.id}>
                  <td>
                    <a href={subjectHref(s.id)}>
                      <Text value={s.username} />
                    </a>
                  </td>
                  <td>
                    <Text value={s.displayName} />
                    {s.restricted && (
                      <>
                        {' '}
                        <RestrictedBadge restriction={s.restriction} />
                      </>
                    )}
                  </td>
                  <td>
                    <Text value={s.department} />
                  </td>
                  <td className="num">{s.eventCount === null ? '—' : nf.format(s.eventCount)}</td>
                  <td className="num">{s.flagCount === null ? '—' : nf.format(s.flagCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function SubjectTimeline({ subjectId }: { subjectId: string }) {
  const profile = useSubjects((s) => (s.subjectId === subjectId ? s.profile : null));
  const events = useSubjects((s) => (s.subjectId === subjectId ? s.events : []));
  const next = useSubjects((s) => s.next);
  const loading = useSubjects((s) => s.timelineLoading);
  const error = useSubjects((s) => s.timelineError);
  const requests = useSubjects((s) => (s.subjectId === subjectId ? s.requests : []));

  useEffect(() => {
    void subjectsStore.getState().openSubject(subjectId);
  }, [subjectId]);

  const name = profile?.displayName || profile?.username || subjectId;

  return (
    <section aria-labelledby="room-title" className="room-body subject-timeline" aria-busy={loading}>
      <p className="breadcrumb">
        <a href={hrefOf('subjects')}>Subjects</a> <span aria-hidden="true">›</span>
      </p>
      <div className="room-head">
        <h1 id="room-title" tabIndex={-1}>
          Timeline of <Inert value={name} />
          {profile?.restricted && <RestrictedBadge restriction={profile.restriction} />}
        </h1>
        {profile && (
          <a className="button-link" href={subjectRequestsHref(subjectId)}>
            Privacy requests of <Inert value={name} />
          </a>
        )}
      </div>
      <ErrorAlert message={error} />
      {!profile && !error && <p className="muted">Loading…</p>}
      {profile && (
        <>
          <h2 id="profile-title">Profile</h2>
          <dl className="details" aria-labelledby="profile-title">
            <dt>Username</dt>
            <dd>
              <Text value={profile.username} className="wrap-text" />
            </dd>
            <dt>Name</dt>
            <dd>
              <Text value={profile.displayName} className="wrap-text" />
            </dd>
            <dt>Email</dt>
            <dd>
              <Text value={profile.email} className="wrap-text" />
            </dd>
            <dt>Employee ID</dt>
            <dd>
              <Text value={profile.employeeId} className="wrap-text" />
            </dd>
            <dt>Department</dt>
            <dd>
              <Text value={profile.department} className="wrap-text" />
            </dd>
            <dt>Processing restricted</dt>
            <dd>
              {profile.restricted
                ? profile.restriction
                  ? `Yes (Art. 18) — since ${localDateTime(profile.restriction.since)}, by ${profile.restriction.by}`
                  : 'Yes (Art. 18)'
                : 'No'}
            </dd>
            <dt>Events cached</dt>
            <dd>{profile.eventCount === null ? '—' : nf.format(profile.eventCount)}</dd>
          </dl>

          <BundleExportPanel subjectId={subjectId} requestId={null} restricted={profile.restricted} />

          <h2 id="devices-title">Devices</h2>
          {profile.devices.length === 0 ? (
            <p className="muted">No devices recorded.</p>
          ) : (
            <table className="data-table compact" aria-labelledby="devices-title">
              <thead>
                <tr>
                  <th scope="col">Device</th>
                  <th scope="col">OS</th>
                  <th scope="col">First seen</th>
                </tr>
              </thead>
              <tbody>
                {profile.devices.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <Text value={d.name} />
                    </td>
                    <td>
                      <Text value={d.osVersion} />
                    </td>
                    <td>
                      <time dateTime={d.firstSeenAt}>{localDateTime(d.firstSeenAt)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h2 id="flags-title">Flags</h2>
          {profile.flags.length === 0 ? (
            <p className="muted">No triage flags for this person.</p>
          ) : (
            <ul className="flag-explanations" aria-labelledby="flags-title">
              {profile.flags.map((f) => (
                <li key={f.kind}>
                  <span className={`flag flag-${f.kind.replace(/[^a-z0-9_-]/gi, '')}`}>
                    {FLAG_LABELS[f.kind]}
                  </span>{' '}
                  {f.count !== null && <span className="muted">×{nf.format(f.count)} </span>}
                  <span>{FLAG_EXPLANATIONS[f.kind]}</span>
                </li>
              ))}
            </ul>
          )}

          <h2 id="requests-title">Privacy requests</h2>
          {requests.length === 0 ? (
            <p className="muted">No privacy requests from this person in the cache.</p>
          ) : (
            <ul className="request-list" aria-labelledby="requests-title">
              {requests.map((r) => (
                <li key={r.id}>
                  <span className="request-type">{r.type.replace(/_/g, ' ')}</span> ·{' '}
                  {r.jurisdiction.toUpperCase()} · {r.status.replace(/_/g, ' ')} · received {r.receivedOn}
                </li>
              ))}
            </ul>
          )}
          <p>
            <a href={subjectRequestsHref(subjectId)}>
              Open the privacy requests of <Inert value={name} /> in Requests
            </a>
          </p>

          <h2 id="events-title">Access events</h2>
          {events.length === 0 ? (
            <p className="muted">
              {loading ? 'Loading events…' : 'No access events cached for this person.'}
            </p>
          ) : (
            <table className="data-table timeline-table" aria-labelledby="events-title">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">User</th>
                  <th scope="col">App</th>
                  <th scope="col">Decision</th>
                  <th scope="col">IP</th>
                  <th scope="col">Device</th>
                  <th scope="col">Flags</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <time dateTime={e.time}>{localDateTime(e.time)}</time>
                    </td>
                    <td>
                      <Text value={e.username} />
                    </td>
                    <td>
                      <Text value={e.app} />
                    </td>
                    <td>
                      <span className={`badge badge-${e.decision}`}>{e.decision}</span>
                    </td>
                    <td>
                      <Text value={e.ip} />
                    </td>
                    <td>
                      <Text value={e.deviceName} />
                    </td>
                    <td>
                      <FlagBadges flags={e.flags} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {next && (
            <p>
              <button
                type="button"
                onClick={() => void subjectsStore.getState().moreEvents()}
                disabled={loading}
              >
                Load more events
              </button>
            </p>
          )}
        </>
      )}
    </section>
  );
}
