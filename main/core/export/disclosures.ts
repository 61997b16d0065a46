// The disclosures a bundle's manifest carries (GDPR Art. 15(1)–(2), CCPA 1798.110): the
// organisation's, from its synced settings (shared/org-settings.ts), which an owner edits in
// Settings. The demo organisation is seeded with those of the service's privacy policy
// (shared/demo-disclosures.ts); an organisation that never configured them gets the
// placeholder text that says so, never another organisation's wording.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Disclosures } from '../../../shared/org-settings';
import { readOrgSettings } from '../cache/org-settings';

export function bundleDisclosures(db: Database): Disclosures {
  return readOrgSettings(db).disclosures;
}
