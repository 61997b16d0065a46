// The disclosures a bundle's manifest carries (GDPR Art. 15(1)–(2), CCPA 1798.110).
//
// They belong to the organisation's synced settings (shared/org-settings.ts), which an owner edits
// in Settings. Until the settings stream lands in this cache (issue 11's `readOrgSettings(db)`),
// the bundle reads them through this one function, which answers with the demo organisation's
// disclosures — those of the service's privacy policy. Wire `readOrgSettings(db).disclosures`
// here when it exists; nothing else changes.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { DEMO_DISCLOSURES } from '../../../shared/demo-disclosures';
import type { Disclosures } from '../../../shared/org-settings';

export function bundleDisclosures(_db: Database): Disclosures {
  return DEMO_DISCLOSURES;
}
