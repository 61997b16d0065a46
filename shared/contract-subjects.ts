// The IPC contract's subject schemas (docs/ARCHITECTURE.md §3): the People room's list and a
// person's timeline (profile, devices, flag counts, events, requests).
// Pure TypeScript + zod: no node:*, no DOM.
import { z } from 'zod';
import { Device, Id, PrivacyRequest, SubjectRestriction } from './domain';
import { Flag, LogRow, LogsCursor, SortOrder } from './contract-logs';
import { RequestSubject } from './contract-requests';

export const SubjectsListInput = z
  .object({ search: z.string().max(256).default(''), limit: z.number().int().min(1).max(500).default(100) })
  .default({ search: '', limit: 100 });
export const SubjectSummary = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  department: z.string().nullable(),
  /** GDPR Art. 18: shown in the list too, so a restricted person stands out before opening. */
  restricted: z.boolean(),
  restriction: SubjectRestriction.nullable(),
  eventCount: z.number().int().nonnegative().nullable(),
  flagCount: z.number().int().nonnegative().nullable(),
});
export type SubjectSummary = z.infer<typeof SubjectSummary>;
export const SubjectsList = z.object({ subjects: z.array(SubjectSummary) });
/** Display names by subject id (issue 16: the request queue names people). */
export const SubjectNamesInput = z.object({ ids: z.array(Id).max(1000) }).strict();
export const SubjectNames = z.object({ names: z.record(z.string(), z.string()) });

export const SubjectFlag = Flag.extend({ count: z.number().int().nonnegative().nullable() });
/** The subject timeline's profile: the request page's view of the subject, plus devices and flags. */
export const SubjectProfile = RequestSubject.extend({
  restriction: SubjectRestriction.nullable().default(null),
  devices: z.array(Device),
  /** Every flag kind with how many of this subject's cached events carry it. */
  flags: z.array(SubjectFlag),
  eventCount: z.number().int().nonnegative().nullable(),
});
export type SubjectProfile = z.infer<typeof SubjectProfile>;
export const SubjectTimelineInput = z.object({
  subjectId: Id,
  order: SortOrder.default('desc'),
  after: LogsCursor.optional(),
  limit: z.number().int().min(1).max(1000).default(100),
});
export const SubjectTimeline = z.object({
  profile: SubjectProfile,
  events: z.array(LogRow),
  next: LogsCursor.nullable(),
  /** The subject's privacy requests in the cache. */
  requests: z.array(PrivacyRequest),
});
export type SubjectTimeline = z.infer<typeof SubjectTimeline>;
