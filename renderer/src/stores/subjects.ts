// Subjects: the list (search by name) and one person's timeline — profile, devices, flags and
// their access events, keyset-paged.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Client } from '../api/client';
import { messageOf } from '../api/client';
import type { PrivacyRequest } from '../../../shared/domain';
import {
  fetchSubjectTimeline,
  listSubjects,
  type LogRow,
  type PageCursor,
  type SubjectProfile,
  type SubjectSummary,
} from '../logs/api';

export const TIMELINE_PAGE = 50;

export interface SubjectsState {
  search: string;
  list: SubjectSummary[];
  listLoading: boolean;
  listError: string | null;

  subjectId: string | null;
  profile: SubjectProfile | null;
  events: LogRow[];
  next: PageCursor | null;
  /** The person's privacy requests in the cache. */
  requests: PrivacyRequest[];
  timelineLoading: boolean;
  timelineError: string | null;

  loadList(search?: string): Promise<void>;
  openSubject(id: string): Promise<void>;
  moreEvents(): Promise<void>;
  closeSubject(): void;
}

export type SubjectsStore = StoreApi<SubjectsState>;

export function createSubjectsStore(client: Client): SubjectsStore {
  let listSeq = 0;
  let timelineSeq = 0;
  return createStore<SubjectsState>()((set, get) => ({
    search: '',
    list: [],
    listLoading: false,
    listError: null,
    subjectId: null,
    profile: null,
    events: [],
    next: null,
    requests: [],
    timelineLoading: false,
    timelineError: null,

    async loadList(search = get().search) {
      const mine = ++listSeq;
      set({ search, listLoading: true });
      try {
        const list = await listSubjects(client, search);
        if (mine === listSeq) set({ list, listLoading: false, listError: null });
      } catch (err) {
        if (mine === listSeq) set({ listLoading: false, listError: messageOf(err) });
      }
    },

    async openSubject(id) {
      const mine = ++timelineSeq;
      if (get().subjectId !== id) set({ subjectId: id, profile: null, events: [], next: null, requests: [] });
      set({ timelineLoading: true, timelineError: null });
      try {
        const t = await fetchSubjectTimeline(client, id, undefined, TIMELINE_PAGE);
        if (mine !== timelineSeq) return;
        set({
          profile: t.profile,
          events: t.events,
          next: t.next,
          requests: t.requests,
          timelineLoading: false,
        });
      } catch (err) {
        if (mine === timelineSeq) set({ timelineLoading: false, timelineError: messageOf(err) });
      }
    },

    async moreEvents() {
      const { subjectId, next } = get();
      if (!subjectId || !next) return;
      const mine = ++timelineSeq;
      set({ timelineLoading: true });
      try {
        const t = await fetchSubjectTimeline(client, subjectId, next, TIMELINE_PAGE);
        if (mine !== timelineSeq) return;
        set((s) => ({ events: [...s.events, ...t.events], next: t.next, timelineLoading: false }));
      } catch (err) {
        if (mine === timelineSeq) set({ timelineLoading: false, timelineError: messageOf(err) });
      }
    },

    closeSubject() {
      timelineSeq += 1;
      set({
        subjectId: null,
        profile: null,
        events: [],
        next: null,
        timelineLoading: false,
        timelineError: null,
      });
    },
  }));
}
