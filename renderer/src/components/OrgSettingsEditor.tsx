// The organisation's settings (issue 11): the erasure policy per dataset, the inactivity window
// and the Art. 19 recipients. An owner edits and saves (queued through the outbox, synced to
// every console); other roles read them.
import { useEffect, useId, useState, type FormEvent } from 'react';
import {
  ERASURE_DATASETS,
  RETENTION_EXEMPTIONS,
  type Art19Recipient,
  type ErasureDataset,
  type ErasureDisposition,
  type OrgSettings,
} from '../../../shared/org-settings';
import { orgSettingsStore, useOrgSettings, useSession } from '../stores';

const DATASET_LABEL: Record<ErasureDataset, string> = {
  profile: 'Profile',
  devices: 'Devices',
  access_events: 'Access events',
  request_history: 'Request history',
};

const ACTION_LABEL: Record<ErasureDisposition['action'], string> = {
  delete: 'Delete',
  anonymise: 'Anonymise',
  retain: 'Retain (exemption)',
};

export function OrgSettingsEditor() {
  const role = useSession((s) => s.session?.role ?? null);
  const view = useOrgSettings((s) => s.view);
  const saving = useOrgSettings((s) => s.saving);
  const queued = useOrgSettings((s) => s.queued);
  const error = useOrgSettings((s) => s.error);
  const [draft, setDraft] = useState<OrgSettings | null>(null);
  const id = useId();
  const owner = role === 'owner';

  useEffect(() => orgSettingsStore.getState().start(), []);
  const shown = view?.pending ?? view?.record.settings ?? null;
  const shownKey = JSON.stringify(shown);
  useEffect(() => {
    if (shown) setDraft(shown);
    // Reset the draft only when what the core reports changes.
  }, [shownKey]);

  if (!view || !draft) return null;
  const setPolicy = (dataset: ErasureDataset, d: ErasureDisposition) =>
    setDraft({ ...draft, erasurePolicy: { ...draft.erasurePolicy, [dataset]: d } });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void orgSettingsStore.getState().save(draft);
  };
  const setRecipient = (i: number, r: Art19Recipient | null) => {
    const list = [...draft.recipients];
    if (r) list[i] = r;
    else list.splice(i, 1);
    setDraft({ ...draft, recipients: list });
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Organisation settings</h2>
      <p className="muted">
        Synced to every console of the organisation. Version {view.record.version}
        {view.record.updatedBy ? `, last changed by ${view.record.updatedBy}` : ' (defaults)'}.
        {view.pending ? ' A change is pending until the next sync.' : ''}
        {owner ? '' : ' Only an owner can change them.'}
      </p>
      <form className="settings-form" onSubmit={submit} noValidate aria-label="Organisation settings">
        <fieldset disabled={!owner}>
          <legend>Erasure policy</legend>
          {ERASURE_DATASETS.map((dataset) => {
            const d = draft.erasurePolicy[dataset];
            const fid = `${id}-${dataset}`;
            return (
              <div className="field inline" key={dataset}>
                <label htmlFor={fid}>{DATASET_LABEL[dataset]}</label>
                <select
                  id={fid}
                  value={d.action}
                  onChange={(e) => {
                    const action = e.target.value as ErasureDisposition['action'];
                    setPolicy(
                      dataset,
                      action === 'retain'
                        ? { action, citation: 'gdpr-17-3-b', keepUntil: nextYear() }
                        : { action },
                    );
                  }}
                >
                  {(['delete', 'anonymise', 'retain'] as const).map((a) => (
                    <option key={a} value={a}>
                      {ACTION_LABEL[a]}
                    </option>
                  ))}
                </select>
                {d.action === 'retain' && (
                  <>
                    <label htmlFor={`${fid}-citation`}>{DATASET_LABEL[dataset]} exemption</label>
                    <select
                      id={`${fid}-citation`}
                      value={d.citation}
                      onChange={(e) =>
                        setPolicy(dataset, { ...d, citation: e.target.value as typeof d.citation })
                      }
                    >
                      {RETENTION_EXEMPTIONS.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
                    <label htmlFor={`${fid}-until`}>{DATASET_LABEL[dataset]} kept until</label>
                    <input
                      id={`${fid}-until`}
                      type="date"
                      value={d.keepUntil}
                      onChange={(e) => setPolicy(dataset, { ...d, keepUntil: e.target.value })}
                    />
                  </>
                )}
              </div>
            );
          })}
          <p className="muted small">
            The request&apos;s own record (received, type, channel, response) is always kept for 24 months.
          </p>
        </fieldset>
        <fieldset disabled={!owner}>
          <legend>Retention</legend>
          <div className="field inline">
            <label htmlFor={`${id}-inactivity`}>Inactivity window (days)</label>
            <input
              id={`${id}-inactivity`}
              type="number"
              min={1}
              max={3650}
              value={draft.inactivityDays}
              onChange={(e) => setDraft({ ...draft, inactivityDays: Number(e.target.value) })}
            />
          </div>
          {/* issue 14: past this many days without a sync, a console locks its cache. */}
          <div className="field inline">
            <label htmlFor={`${id}-offline`}>Maximum offline period (days)</label>
            <input
              id={`${id}-offline`}
              type="number"
              min={1}
              max={365}
              value={draft.maxOfflineDays}
              onChange={(e) => setDraft({ ...draft, maxOfflineDays: Number(e.target.value) })}
            />
          </div>
        </fieldset>
        <fieldset disabled={!owner}>
          <legend>Recipients to notify (GDPR Art. 19)</legend>
          {draft.recipients.map((r, i) => (
            <div className="field inline" key={i}>
              <label htmlFor={`${id}-r${i}-name`}>Recipient {i + 1} name</label>
              <input
                id={`${id}-r${i}-name`}
                value={r.name}
                onChange={(e) => setRecipient(i, { ...r, name: e.target.value })}
              />
              <label htmlFor={`${id}-r${i}-contact`}>Recipient {i + 1} contact</label>
              <input
                id={`${id}-r${i}-contact`}
                value={r.contact}
                onChange={(e) => setRecipient(i, { ...r, contact: e.target.value })}
              />
              <button type="button" onClick={() => setRecipient(i, null)}>
                Remove recipient {i + 1}
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() =>
              setDraft({
                ...draft,
                recipients: [
                  ...draft.recipients,
                  { id: `r-${Date.now().toString(36)}`, name: '', contact: '' },
                ],
              })
            }
          >
            Add recipient
          </button>
        </fieldset>
        {owner && (
          <button type="submit" disabled={saving}>
            Save organisation settings
          </button>
        )}
        <span role="status" className="muted small">
          {queued ? 'Queued; it syncs to every console.' : ''}
        </span>
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}

function nextYear(): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
}
