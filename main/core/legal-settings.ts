// The organisation's settings the legal rules read in the console's core (issue 13): member
// state (GDPR holidays) and time zone (dates of record). One function, so the synced settings
// document is read in one place.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { RuleContext } from '../../shared/actions';
import { loadMemberStateHolidays, memberStateHolidaysLoaded } from '../../shared/clocks/index';
import { todayIn } from '../../shared/clocks/zone';
import { readOrgSettings } from './cache/org-settings';

export interface LegalSettings {
  memberState: string | null;
  timeZone: string;
}

/** The legal settings as last synced into the cache (defaults until the organisation saved its own). */
export function legalSettingsOf(db: Database): LegalSettings {
  const s = readOrgSettings(db);
  return { memberState: s.memberState, timeZone: s.timeZone };
}

/** The rule context at `now`: today in the organisation's zone and its member state. */
export function legalContextOf(
  settings: LegalSettings,
  now: Date,
): Required<Pick<RuleContext, 'today' | 'memberState'>> {
  return { today: todayIn(settings.timeZone, now), memberState: settings.memberState };
}

/** Loads the holiday calendar when a member state is configured (call before rules run). */
export async function prepareLegalCalendar(settings: LegalSettings): Promise<void> {
  if (settings.memberState !== null && !memberStateHolidaysLoaded()) await loadMemberStateHolidays();
}
