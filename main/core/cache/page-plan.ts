// How a page of access events under context predicates is read: the cheapest of three plans,
// estimated from the matching contexts' live event counts (runs in the cache worker).

/** The ways to a page: see `cheapestPlan`. */
export type PagePlan = 'scan' | 'per-context' | 'index-sort';

/**
 * Rough costs (µs) measured on the 1M-event bench cache: a row visited by the rowid walk, an
 * index entry, a seek into the ctx index, one prepared-statement run.
 */
const COST = { scanRow: 0.3, entry: 0.1, seek: 2, statement: 15 };

/**
 * The cheapest way to the first `k` rows of the contexts `ctxs` among `total` events:
 *  - scan: walk rowids in time order testing the context (≈ k·total/matches rows);
 *  - per-context: the first k of each context from the (ctx, decision, n) index, merged;
 *  - index-sort: every match from that index, top-k sorted (cost ∝ matches).
 */
export function cheapestPlan(ctxs: readonly { events: number }[], total: number, k: number): PagePlan {
  let matches = 0;
  let firstK = 0;
  for (const c of ctxs) {
    matches += c.events;
    firstK += Math.min(c.events, k);
  }
  const costs: [PagePlan, number][] = [
    ['scan', (COST.scanRow * k * total) / Math.max(1, matches)],
    ['per-context', ctxs.length * COST.statement + firstK * COST.entry],
    ['index-sort', ctxs.length * COST.seek + matches * COST.entry],
  ];
  return costs.reduce((best, c) => (c[1] < best[1] ? c : best))[0];
}
