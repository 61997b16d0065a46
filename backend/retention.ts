// Retention as the privacy policy promises it (issue 11): "Personal Data is deleted shortly
// thereafter and not retained." Everyone whose account was deactivated longer ago than the
// organisation's inactivity window is erased with the same machinery, policy and receipts as an
// erasure request (backend/erasure.ts, trigger `retention`) — at start and then hourly. A person
// under restriction (Art. 18) or about whom a request is on legal hold is skipped until that ends.
import type { Logger } from 'pino';
import type { ErasureReceipt } from '../shared/erasure';
import type { BackendDb } from './db';
import { eraseSubject, vacuumAfterErasure } from './erasure';
import { loadOrgSettings } from './org-settings';
import { lockOrgSeq } from './seq';

export const RETENTION_INTERVAL_MS = 60 * 60_000;

/** People due for erasure by retention in `orgId` at `now`. */
async function due(db: BackendDb, orgId: string, days: number, now: Date): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT s.id::text AS id FROM subjects AS s
      WHERE s.org_id = $1 AND NOT s.deleted AND NOT s.restricted
        AND s.deactivated_at IS NOT NULL AND s.deactivated_at < $2::timestamptz - make_interval(days => $3)
        AND NOT EXISTS (SELECT 1 FROM erased_subjects AS e WHERE e.org_id = s.org_id AND e.subject_id = s.id)
        AND NOT EXISTS (SELECT 1 FROM requests AS r
                         WHERE r.org_id = s.org_id AND r.subject_id = s.id AND r.legal_hold AND NOT r.deleted)`,
    [orgId, now.toISOString(), days],
  );
  return rows.map((r) => r.id);
}

/** Erases everyone due, one transaction each; returns the receipts. */
export async function runRetention(db: BackendDb, now = new Date(), log?: Logger): Promise<ErasureReceipt[]> {
  const receipts: ErasureReceipt[] = [];
  const orgs = await db.query<{ id: string }>('SELECT id::text AS id FROM orgs');
  for (const { id: orgId } of orgs) {
    const settings = await loadOrgSettings(db, orgId);
    for (const subjectId of await due(db, orgId, settings.inactivityDays, now)) {
      const receipt = await db.transaction(async (tx) => {
        await lockOrgSeq(tx, orgId); // first, before the row locks (backend/seq.ts)
        // Checked again under the row lock: a restriction or a reactivation since wins.
        const still = await tx.query(
          `SELECT 1 FROM subjects WHERE org_id = $1 AND id = $2 AND NOT deleted AND NOT restricted
             AND deactivated_at IS NOT NULL FOR UPDATE`,
          [orgId, subjectId],
        );
        if (still.length === 0) return null;
        return eraseSubject(
          tx,
          { orgId, subjectId, requestId: null, trigger: 'retention', by: 'retention' },
          settings.erasurePolicy,
        );
      });
      if (receipt) receipts.push(receipt);
    }
  }
  // The erasures are done whatever the vacuum does; autovacuum catches up on a failure.
  if (receipts.length > 0)
    await vacuumAfterErasure(db).catch((err: unknown) =>
      log?.warn({ scope: 'retention', err }, 'vacuum after retention failed'),
    );
  if (receipts.length > 0)
    log?.info({ scope: 'retention', erased: receipts.length }, 'retention erased people');
  return receipts;
}

/** Runs retention now and then hourly; returns the stop function. */
export async function startRetention(
  db: BackendDb,
  intervalMs = RETENTION_INTERVAL_MS,
  log?: Logger,
): Promise<() => void> {
  await runRetention(db, new Date(), log);
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    // Retried on the next round; logged so a retention that keeps failing shows.
    runRetention(db, new Date(), log)
      .catch((err: unknown) => log?.warn({ scope: 'retention', err }, 'retention run failed'))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
