// The organisation's settings the legal rules read (issue 13): the member state whose public
// holidays end GDPR periods and the time zone dates of record are kept in, from the synced
// settings document (backend/org-settings.ts), read in one place.
import { loadMemberStateHolidays } from '../shared/clocks/index';
import { todayIn } from '../shared/clocks/zone';
import type { BackendDbQueryable } from './db';
import { loadOrgSettings } from './org-settings';

export interface LegalSettings {
  memberState: string | null;
  timeZone: string;
}

/** The legal settings of `orgId` (defaults until the organisation saved its own). */
export async function legalSettingsFor(db: BackendDbQueryable, orgId: string): Promise<LegalSettings> {
  const s = await loadOrgSettings(db, orgId);
  if (s.memberState !== null) await loadMemberStateHolidays();
  return { memberState: s.memberState, timeZone: s.timeZone };
}

/** The rule context of an action applied now: today in the organisation's zone, its member state. */
export async function legalContextFor(
  db: BackendDbQueryable,
  orgId: string,
  now: Date = new Date(),
): Promise<{ today: string; memberState: string | null }> {
  const s = await legalSettingsFor(db, orgId);
  return { today: todayIn(s.timeZone, now), memberState: s.memberState };
}
