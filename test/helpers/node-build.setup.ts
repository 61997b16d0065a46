// Vitest global setup. The tests that spawn `zta-console` run it as an admin does — the compiled
// dist/node (bin/zta-console.mjs) — so compile it first when it is missing or older than its
// sources; a run after a source edit never tests yesterday's bundle.
import { ensureBuilt, NODE_BUILD } from '../../main/cli/ui-build';

export default async function buildNodeBundle(): Promise<void> {
  await ensureBuilt(NODE_BUILD, 'the compiled console (dist/node)', (line) => console.log(line));
}
