// The organisation's settings the legal rules read in the UI (issue 13): member state (GDPR
// periods end on its public holidays) and time zone (today, and dates of record). One hook, so
// the synced settings document is read in one place. While a member state's holiday calendar
// loads (it is loaded lazily: ~1 MB), `ready` is false and no deadline is shown rather than a
// wrong one.
import { useEffect, useState } from 'react';
import { loadMemberStateHolidays, memberStateHolidaysLoaded } from '../../shared/clocks/index';
import { todayIn } from '../../shared/clocks/zone';
import { DEFAULT_ORG_SETTINGS } from '../../shared/org-settings';
import { orgSettingsStore, useOrgSettings } from './stores';

export interface LegalSettings {
  memberState: string | null;
  timeZone: string;
  /** The holiday calendar the member state needs is loaded (always true without a member state). */
  ready: boolean;
}

export function useLegalSettings(): LegalSettings {
  // The synced settings (orgSettings:get); the defaults until they arrive.
  const settings = useOrgSettings((s) => s.view?.record.settings) ?? DEFAULT_ORG_SETTINGS;
  useEffect(() => orgSettingsStore.getState().start(), []);
  const { memberState, timeZone } = settings;
  const needsCalendar = memberState !== null;
  const [loaded, setLoaded] = useState(memberStateHolidaysLoaded());
  useEffect(() => {
    if (!needsCalendar || loaded) return;
    let live = true;
    void loadMemberStateHolidays().then(() => {
      if (live) setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, [needsCalendar, loaded]);
  return { memberState, timeZone, ready: !needsCalendar || loaded };
}

/** Today in the organisation's time zone. */
export function orgToday(settings: Pick<LegalSettings, 'timeZone'>, now: Date): string {
  return todayIn(settings.timeZone, now);
}
