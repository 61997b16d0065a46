// What every part of the outbox reads besides the database: the clock, who is acting, their
// role, and the organisation's legal settings — injectable, so tests skew the clock or the role.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { RuleContext } from '../../../shared/action-rules';
import type { Role } from '../../../shared/domain';
import { legalContextOf, legalSettingsOf, type LegalSettings } from '../legal-settings';

export interface OutboxDeps {
  /** The console clock (injectable: tests skew it). */
  now?: () => Date;
  /** Who is acting (the signed-in admin's name), for the audit log. */
  actor?: () => string | null;
  /** The signed-in admin's role, to tell whether a conflict can be re-decided. */
  role?: () => Role | null;
  /** The organisation's member state and time zone (issue 13); default: the synced settings. */
  legal?: () => LegalSettings;
}

export class OutboxContext {
  readonly now: () => Date;
  readonly actor: () => string | null;
  readonly role: () => Role | null;
  private readonly legal: () => LegalSettings;

  constructor(db: Database, deps: OutboxDeps = {}) {
    this.now = deps.now ?? (() => new Date());
    this.actor = deps.actor ?? (() => null);
    this.role = deps.role ?? (() => null);
    this.legal = deps.legal ?? (() => legalSettingsOf(db));
  }

  /** Rule context now: today in the organisation's time zone, its member state. */
  ruleContext(): RuleContext {
    return legalContextOf(this.legal(), this.now());
  }

  /**
   * The context of the optimistic overlay (display only, the backend decides): while the member
   * state's calendar is still loading, lists and pages still show, with weekends only.
   */
  overlayContext(): RuleContext {
    try {
      return this.ruleContext();
    } catch {
      return { ...legalContextOf({ ...this.legal(), memberState: null }, this.now()) };
    }
  }

  iso(): string {
    return this.now().toISOString();
  }
}
