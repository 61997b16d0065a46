// The page plan is a cost estimate; these pin the cases that matter at 1M events: a rare person
// never walks the whole table, a common app never sorts every match, few contexts are merged.
import { describe, expect, it } from 'vitest';
import { cheapestPlan } from '../../main/core/cache/page-plan';

const TOTAL = 1_000_000;
const contexts = (n: number, eventsEach: number) => Array.from({ length: n }, () => ({ events: eventsEach }));

describe('cheapestPlan', () => {
  it('a rare person (18 contexts, ~500 events): no rowid walk', () => {
    expect(cheapestPlan(contexts(18, 28), TOTAL, 101)).not.toBe('scan');
  });
  it('a common app (500 contexts, 70k events): the rowid walk finds a page after ~1,500 rows', () => {
    expect(cheapestPlan(contexts(500, 140), TOTAL, 101)).toBe('scan');
  });
  it('many contexts with few events each: one index pass, not a statement per context', () => {
    expect(cheapestPlan(contexts(500, 4), TOTAL, 101)).toBe('index-sort');
  });
  it('a few heavy contexts: their first rows merged, not every match sorted', () => {
    expect(cheapestPlan(contexts(3, 2_000), TOTAL, 101)).toBe('per-context');
  });
});
