// The access-log filters: time range (presets and custom), decision, user, app, IP or CIDR,
// device, OS and full-text search. Text fields apply once typing pauses; an IP/CIDR that does
// not parse is flagged here and never sent; a search the core refuses shows its message.
import { useEffect, useId, useState } from 'react';
import { FTS_SYNTAX_HELP } from '../logs/search-help';
import {
  PRESETS,
  fromLocalInput,
  ipError,
  toLocalInput,
  type DecisionFilter,
  type LogsQuery,
  type TimePreset,
} from '../logs/query';

const TYPING_DELAY_MS = 300;

type TextKey = 'user' | 'app' | 'ip' | 'device' | 'os' | 'text';

export interface FilterBarProps {
  query: LogsQuery;
  searchError: string | null;
  onChange(patch: Partial<LogsQuery>): void;
}

export function FilterBar({ query, searchError, onChange }: FilterBarProps) {
  const [draft, setDraft] = useState<Record<TextKey, string>>(() => pick(query));
  const id = useId();

  // When the query changes from elsewhere (a saved view, brushing), show it.
  const external = JSON.stringify(pick(query));
  useEffect(() => {
    setDraft(JSON.parse(external) as Record<TextKey, string>);
  }, [external]);

  useEffect(() => {
    const changed = (Object.keys(draft) as TextKey[]).filter((k) => draft[k] !== query[k]);
    if (changed.length === 0) return;
    const timer = setTimeout(() => {
      const patch: Partial<LogsQuery> = {};
      for (const k of changed) patch[k] = draft[k];
      onChange(patch);
    }, TYPING_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft]);

  const ipProblem = ipError(draft.ip);
  const text = (
    key: TextKey,
    label: string,
    placeholder: string,
    extra?: { describedBy?: string; invalid?: boolean },
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="search"
        placeholder={placeholder}
        maxLength={key === 'text' ? 512 : 256}
        spellCheck={false}
        autoComplete="off"
        value={draft[key]}
        aria-invalid={extra?.invalid || undefined}
        aria-describedby={extra?.describedBy}
        onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))}
      />
    </div>
  );

  return (
    <div role="search" aria-label="Filter access events" className="filter-bar">
      <div className="filter-row">
        <div className="field">
          <label htmlFor={`${id}-preset`}>Time range</label>
          <select
            id={`${id}-preset`}
            value={query.preset}
            onChange={(e) => {
              const preset = e.target.value as TimePreset;
              onChange(preset === 'custom' ? { preset } : { preset, from: null, to: null });
            }}
          >
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>From</label>
          <input
            id={`${id}-from`}
            type="datetime-local"
            value={query.preset === 'custom' ? toLocalInput(query.from) : ''}
            onChange={(e) => onChange({ preset: 'custom', from: fromLocalInput(e.target.value) })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To</label>
          <input
            id={`${id}-to`}
            type="datetime-local"
            value={query.preset === 'custom' ? toLocalInput(query.to) : ''}
            onChange={(e) => onChange({ preset: 'custom', to: fromLocalInput(e.target.value) })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-decision`}>Decision</label>
          <select
            id={`${id}-decision`}
            value={query.decision}
            onChange={(e) => onChange({ decision: e.target.value as DecisionFilter })}
          >
            <option value="all">All</option>
            <option value="allow">Allow</option>
            <option value="deny">Deny</option>
          </select>
        </div>
        {text('user', 'User', 'Username')}
        {text('app', 'App', 'Any app')}
      </div>
      <div className="filter-row">
        <div className="field field-ip">
          <label htmlFor={`${id}-ip`}>IP or CIDR</label>
          <input
            id={`${id}-ip`}
            type="search"
            placeholder="10.1.2.3 or 10.0.0.0/8"
            maxLength={64}
            spellCheck={false}
            autoComplete="off"
            value={draft.ip}
            aria-invalid={ipProblem ? true : undefined}
            aria-describedby={ipProblem ? `${id}-ip-error` : undefined}
            onChange={(e) => setDraft((d) => ({ ...d, ip: e.target.value }))}
          />
          {ipProblem && (
            <p id={`${id}-ip-error`} className="field-error" role="alert">
              {ipProblem}
            </p>
          )}
        </div>
        {text('device', 'Device', 'Device name')}
        {text('os', 'OS', 'e.g. macOS 14')}
        <div className="field field-search">
          <label htmlFor={`${id}-text`}>Search</label>
          <input
            id={`${id}-text`}
            type="search"
            placeholder='alice OR "vpn gateway" NOT deny*'
            maxLength={512}
            spellCheck={false}
            autoComplete="off"
            value={draft.text}
            aria-invalid={searchError ? true : undefined}
            aria-describedby={`${id}-text-help${searchError ? ` ${id}-text-error` : ''}`}
            onChange={(e) => setDraft((d) => ({ ...d, text: e.target.value }))}
          />
          {searchError && (
            <p id={`${id}-text-error`} className="field-error" role="alert">
              {searchError}
            </p>
          )}
          <details className="search-help" id={`${id}-text-help`}>
            <summary>Search syntax</summary>
            <p>{FTS_SYNTAX_HELP}</p>
            <ul>
              <li>
                <code>alice</code> — a word (whole token, any case)
              </li>
              <li>
                <code>"vpn gateway"</code> — a phrase, words in order
              </li>
              <li>
                <code>pay*</code> — a prefix
              </li>
              <li>
                <code>alice payroll</code> or <code>alice AND payroll</code> — both; <code>alice OR bob</code>{' '}
                — either; <code>wiki NOT alice</code> — without (operators in capitals)
              </li>
              <li>
                <code>(alice OR bob) vpn</code> — group with parentheses
              </li>
              <li>
                <code>app:okta</code> — one column only (<code>username</code>, <code>ip</code>,{' '}
                <code>device_name</code>, <code>app</code>)
              </li>
            </ul>
          </details>
        </div>
      </div>
    </div>
  );
}

function pick(q: LogsQuery): Record<TextKey, string> {
  return { user: q.user, app: q.app, ip: q.ip, device: q.device, os: q.os, text: q.text };
}
