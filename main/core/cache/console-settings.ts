// The console's own settings, kept in the cache (today: how many days access events are kept).
import { RETENTION_DAYS_DEFAULT, type ConsoleSettings } from '../../../shared/contract-app';
import type { CacheDatabase } from './store';

const RETENTION_KEY = 'retention.days';

export function getSettings(store: CacheDatabase): ConsoleSettings {
  const v = Number(store.getSetting(RETENTION_KEY));
  return { retentionDays: Number.isInteger(v) && v >= 1 ? v : RETENTION_DAYS_DEFAULT };
}

export function setSettings(store: CacheDatabase, patch: Partial<ConsoleSettings>): ConsoleSettings {
  if (patch.retentionDays !== undefined) store.setSetting(RETENTION_KEY, String(patch.retentionDays));
  return getSettings(store);
}
