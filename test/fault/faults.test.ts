// CI-sized run of the model-based fault harness (the full run: `npm run test:faults -- --runs N`).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runFaultSchedules, summaryLine } from './harness';
import { openWorld, type World } from './world';

const RUNS = Number(process.env.ZTA_FAULT_RUNS ?? 40);
let world: World;

beforeAll(async () => {
  world = await openWorld();
});
afterAll(async () => {
  await world?.close();
});

it(`${RUNS} random fault schedules: nothing lost, duplicated, diverged or stuck`, async () => {
  const result = await runFaultSchedules({ runs: RUNS }, world);
  if (result.failure) {
    const f = result.failure;
    console.error(
      `failing schedule (seed ${f.seed}, path ${f.path}): ${f.schedule}\n` +
        f.problems.map((p) => `  - ${p}`).join('\n') +
        `\nreplay: npm run test:faults -- --runs ${RUNS} --seed ${f.seed} --path ${f.path}`,
    );
  }
  console.log(summaryLine(result));
  expect(result.failure).toBeNull();
  expect(result).toMatchObject({ schedules: RUNS, lost: 0, duplicated: 0, diverged: 0, stuck: 0 });
}, 300_000);
