// The Audit room's data (issue 16): this console's hash-linked chain (with its verification, run
// by the core on every read so a tampered entry shows the moment the room opens) and the
// organisation's trail from the backend, both under one filter.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ChainVerification, LocalAuditEntry, OrgAuditEntry } from '../../../shared/audit';
import type { Client } from '../api/client';
import { messageOf } from '../api/client';

/** What the admin filters both trails by; empty strings are "any". */
export interface AuditFilter {
  admin: string;
  /** A request id (the local chain also matches a subject or action id). */
  ref: string;
  /** An action kind (`request.approve`…). */
  kind: string;
  /** `YYYY-MM-DD` (inclusive), in UTC. */
  fromDay: string;
  /** `YYYY-MM-DD` (inclusive), in UTC. */
  toDay: string;
}

export const EMPTY_AUDIT_FILTER: AuditFilter = { admin: '', ref: '', kind: '', fromDay: '', toDay: '' };

const dayStart = (day: string) => `${day}T00:00:00.000Z`;
const dayAfter = (day: string) => new Date(Date.parse(dayStart(day)) + 86_400_000).toISOString();

/** The filter as both channels take it (fields left out when empty). */
export function auditQuery(f: AuditFilter) {
  return {
    ...(f.admin.trim() ? { admin: f.admin.trim() } : {}),
    ...(f.ref.trim() ? { ref: f.ref.trim() } : {}),
    ...(f.kind.trim() ? { kind: f.kind.trim() } : {}),
    ...(f.fromDay ? { from: dayStart(f.fromDay) } : {}),
    ...(f.toDay ? { to: dayAfter(f.toDay) } : {}),
  };
}

export interface AuditState {
  filter: AuditFilter;
  local: LocalAuditEntry[];
  localNext: number | null;
  verification: ChainVerification | null;
  localError: string | null;
  org: OrgAuditEntry[];
  orgNext: string | null;
  orgError: string | null;
  loading: boolean;
  setFilter(patch: Partial<AuditFilter>): void;
  load(): Promise<void>;
  moreLocal(): Promise<void>;
  moreOrg(): Promise<void>;
  /** Forgets what was shown (after sign-out: the next admin must not see it). */
  reset(): void;
}
export type AuditStore = StoreApi<AuditState>;

type AuditData = Omit<AuditState, 'setFilter' | 'load' | 'moreLocal' | 'moreOrg' | 'reset'>;

/** What the room shows before its first load, and again after sign-out. */
const INITIAL_AUDIT: AuditData = {
  filter: EMPTY_AUDIT_FILTER,
  local: [],
  localNext: null,
  verification: null,
  localError: null,
  org: [],
  orgNext: null,
  orgError: null,
  loading: false,
};

const PAGE = 100;

export function createAuditStore(client: Client): AuditStore {
  let seq = 0;
  const readLocal = (f: AuditFilter, beforeSeq?: number) => {
    const { admin, ...rest } = auditQuery(f);
    return client.invoke('audit:local', {
      filter: { ...rest, ...(admin ? { actor: admin } : {}) },
      ...(beforeSeq ? { beforeSeq } : {}),
      limit: PAGE,
    });
  };
  const readOrg = (f: AuditFilter, after?: string) => {
    const { ref, ...rest } = auditQuery(f);
    return client.invoke('audit:org', {
      ...rest,
      ...(ref ? { requestId: ref } : {}),
      ...(after ? { after } : {}),
      limit: PAGE,
    });
  };
  return createStore<AuditState>()((set, get) => ({
    ...INITIAL_AUDIT,
    setFilter(patch) {
      set({ filter: { ...get().filter, ...patch } });
    },
    async load() {
      const mine = ++seq;
      const f = get().filter;
      set({ loading: true });
      // Both at once; one failing (e.g. offline for the org trail) leaves the other shown.
      const [local, org] = await Promise.allSettled([readLocal(f), readOrg(f)]);
      if (mine !== seq) return;
      set({
        loading: false,
        ...(local.status === 'fulfilled'
          ? {
              local: local.value.entries,
              localNext: local.value.nextBeforeSeq,
              verification: local.value.verification,
              localError: null,
            }
          : { local: [], localNext: null, localError: messageOf(local.reason) }),
        ...(org.status === 'fulfilled'
          ? { org: org.value.entries, orgNext: org.value.next, orgError: null }
          : { org: [], orgNext: null, orgError: messageOf(org.reason) }),
      });
    },
    async moreLocal() {
      const { localNext, filter } = get();
      if (localNext === null) return;
      const mine = seq; // a newer load or a reset makes this page stale
      try {
        const page = await readLocal(filter, localNext);
        if (mine === seq) set({ local: [...get().local, ...page.entries], localNext: page.nextBeforeSeq });
      } catch (err) {
        if (mine === seq) set({ localError: messageOf(err) });
      }
    },
    reset() {
      seq += 1;
      set(INITIAL_AUDIT);
    },
    async moreOrg() {
      const { orgNext, filter } = get();
      if (orgNext === null) return;
      const mine = seq; // a newer load or a reset makes this page stale
      try {
        const page = await readOrg(filter, orgNext);
        if (mine === seq) set({ org: [...get().org, ...page.entries], orgNext: page.next });
      } catch (err) {
        if (mine === seq) set({ orgError: messageOf(err) });
      }
    },
  }));
}
