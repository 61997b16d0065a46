// The requests queue's filter bar: status / type / jurisdiction / due / assignee / pending-only, which
// narrow the mirrored queue in the request-queue store, plus Refresh and the intake link.
import {
  Jurisdiction as JurisdictionSchema,
  RequestStatus as RequestStatusSchema,
  RequestType as RequestTypeSchema,
} from '../../../shared/domain';
import { DUE_THIS_WEEK_DAYS, DueBucket } from '../../../shared/dashboard';
import { requestQueueStore, useRequestQueue } from '../stores';
import { jurisdictionLabel, requestStatusLabel, requestTypeLabel } from '../format';

/** The Due filter's words (the dashboard's deadline tiles lead to these). */
const DUE_LABELS: Record<DueBucket, string> = {
  overdue: 'Overdue',
  today: 'Due today',
  week: `Due in ${DUE_THIS_WEEK_DAYS} days`,
};

/** The assignee filter's "unassigned" choice (not a name an admin can have: it has spaces). */
const UNASSIGNED = ' unassigned ';

/** A queue filter select: "" = any; sets or drops one key of the filter. */
function FilterSelect<K extends 'status' | 'type' | 'jurisdiction' | 'due'>({
  id,
  label,
  name,
  anyLabel,
  options,
  labelOf,
}: {
  id: string;
  label: string;
  name: K;
  anyLabel: string;
  options: readonly string[];
  labelOf: (v: string) => string;
}) {
  const filter = useRequestQueue((s) => s.filter);
  return (
    <div className="field inline">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={filter[name] ?? ''}
        onChange={(e) => {
          const { [name]: _drop, ...rest } = filter;
          void _drop;
          const value = e.target.value;
          void requestQueueStore.getState().setFilter(value ? { ...rest, [name]: value } : rest);
        }}
      >
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {labelOf(o)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The filters of the queue; `newRequestHref` is shown as "New request" when set (may intake). */
export function RequestFilterBar({
  adminName,
  newRequestHref,
}: {
  adminName: string | null;
  newRequestHref: string | null;
}) {
  const filter = useRequestQueue((s) => s.filter);
  const loading = useRequestQueue((s) => s.loading);
  return (
    <div role="search" aria-label="Filter requests" className="filters">
      <FilterSelect
        id="filter-status"
        label="Status"
        name="status"
        anyLabel="Any status"
        options={RequestStatusSchema.options}
        labelOf={requestStatusLabel}
      />
      <FilterSelect
        id="filter-type"
        label="Type"
        name="type"
        anyLabel="Any type"
        options={RequestTypeSchema.options}
        labelOf={requestTypeLabel}
      />
      <FilterSelect
        id="filter-jurisdiction"
        label="Jurisdiction"
        name="jurisdiction"
        anyLabel="Any jurisdiction"
        options={JurisdictionSchema.options}
        labelOf={jurisdictionLabel}
      />
      <FilterSelect
        id="filter-due"
        label="Due"
        name="due"
        anyLabel="Any deadline"
        options={DueBucket.options}
        labelOf={(d) => DUE_LABELS[d as DueBucket]}
      />
      <div className="field inline">
        <label htmlFor="filter-assignee">Assignee</label>
        <select
          id="filter-assignee"
          value={filter.assignee === undefined ? '' : filter.assignee === null ? UNASSIGNED : filter.assignee}
          onChange={(e) => {
            const { assignee: _drop, ...rest } = filter;
            void _drop;
            const v = e.target.value;
            void requestQueueStore
              .getState()
              .setFilter(v === '' ? rest : { ...rest, assignee: v === UNASSIGNED ? null : v });
          }}
        >
          <option value="">Anyone</option>
          <option value={UNASSIGNED}>Unassigned</option>
          {adminName && <option value={adminName}>Me ({adminName})</option>}
        </select>
      </div>
      <div className="field inline checkbox">
        <input
          id="filter-pending"
          type="checkbox"
          checked={filter.pendingOnly === true}
          onChange={(e) => {
            const { pendingOnly: _drop, ...rest } = filter;
            void _drop;
            void requestQueueStore
              .getState()
              .setFilter(e.target.checked ? { ...rest, pendingOnly: true } : rest);
          }}
        />
        <label htmlFor="filter-pending">Only with pending actions</label>
      </div>
      <button type="button" onClick={() => void requestQueueStore.getState().refresh()} disabled={loading}>
        Refresh
      </button>
      {newRequestHref && (
        <a className="button-link" href={newRequestHref}>
          New request
        </a>
      )}
    </div>
  );
}
