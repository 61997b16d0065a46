// `npm run test:faults -- --runs N [--seed S] [--path P]`: N randomized fault schedules against
// the real backend; ends with exactly one summary line and exits non-zero unless all are 0.
import { Command } from 'commander';
import { runFaultSchedules, summaryLine } from './harness';

const program = new Command()
  .name('test:faults')
  .option('--runs <n>', 'number of schedules', '25')
  .option('--seed <n>', 'fast-check seed (replay)')
  .option('--path <p>', 'fast-check counterexample path (replay)')
  .parse(process.argv);
const o = program.opts<{ runs: string; seed?: string; path?: string }>();
const runs = Number(o.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('--runs must be a positive integer');
  process.exit(2);
}

const started = Date.now();
const result = await runFaultSchedules({
  runs,
  ...(o.seed !== undefined ? { seed: Number(o.seed) } : {}),
  ...(o.path !== undefined ? { path: o.path } : {}),
});
const secs = ((Date.now() - started) / 1000).toFixed(1);
if (result.failure) {
  const f = result.failure;
  console.error(`failing schedule (seed ${f.seed}, path ${f.path}): ${f.schedule}`);
  for (const p of f.problems.slice(0, 30)) console.error(`  - ${p}`);
  console.error(`replay: npm run test:faults -- --runs ${runs} --seed ${f.seed} --path ${f.path}`);
}
console.error(`(${secs} s)`);
console.log(summaryLine(result));
const bad = result.lost + result.duplicated + result.diverged + result.stuck;
process.exit(bad === 0 && !result.failure ? 0 : 1);
