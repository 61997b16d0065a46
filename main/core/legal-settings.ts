// The organisation's settings the legal rules read in the console's core (issue 13): member
// state (GDPR holidays) and time zone (dates of record). One function, so the synced settings
// document is read in one place.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { RuleContext } from '../../shared/action-rules';
import { loadMemberStateHolidays, memberStateHolidaysLoaded } from '../../shared/clocks/index';
import { todayIn } from '../../shared/clocks/zone';
import { AppError } from '../../shared/errors';
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

/**
 * The rule context at `now`: today in the organisation's zone and its member state. While the
 * member state's calendar is still loading (just after the settings arrived) the rules cannot be
 * applied: E_HOLIDAYS_UNAVAILABLE, rather than a deadline computed without the holidays.
 */
export function legalContextOf(
  settings: LegalSettings,
  now: Date,
): Required<Pick<RuleContext, 'today' | 'memberState'>> {
  if (settings.memberState !== null && !memberStateHolidaysLoaded()) {
    void loadMemberStateHolidays();
    throw new AppError(
      'E_HOLIDAYS_UNAVAILABLE',
      `The public holidays of ${settings.memberState} are still loading; try again in a moment.`,
    );
  }
  return { today: todayIn(settings.timeZone, now), memberState: settings.memberState };
}

/** Loads the holiday calendar when a member state is configured (call before rules run). */
export async function prepareLegalCalendar(settings: LegalSettings): Promise<void> {
  if (settings.memberState !== null && !memberStateHolidaysLoaded()) await loadMemberStateHolidays();
}
