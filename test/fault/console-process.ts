// A console as its own OS process, for the SIGKILL fault run: opens the encrypted cache (running
// migrations), then queues actions and pushes/pulls as fast as it can until it is killed.
// Prints `queued <id>` only after the enqueue transaction has committed.
// argv: <dbPath> <keyHex> <backendUrl> <token> <requestIdsJson>
import { openCacheDb } from '../../main/core/cache/open';
import { CacheDatabase } from '../../main/core/cache/store';
import { buildConsoleServices } from '../../main/core/console-services';
import type { ActionIntent } from '../../shared/action-schemas';

const [dbPath, keyHex, backendUrl, token, idsJson] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const requestIds = JSON.parse(idsJson) as string[];
const db = openCacheDb({
  path: dbPath,
  key: { kind: 'raw', key: new Uint8Array(Buffer.from(keyHex, 'hex')) },
});
// The session a sign-in would have stored, read by the product's SessionService.
const settings = new CacheDatabase(db);
settings.setSetting('session.backendUrl', backendUrl);
settings.setSetting('session.token', token);
const { outbox, engine } = buildConsoleServices(db, {
  // No data folder: this console writes no files, and an erasure's purge leaves the test's alone.
  dataDir: null,
  actor: () => 'sigkill-console',
  pageSize: 13,
  pushBatchSize: 4,
});
process.stdout.write('ready\n');

const kinds: ActionIntent[] = [];
for (const requestId of requestIds) {
  kinds.push({ kind: 'request.note', requestId, payload: { text: 'kill me' } });
  kinds.push({ kind: 'request.assign', requestId, payload: { assignee: 'A. Admin' } });
  kinds.push({ kind: 'request.approve', requestId, payload: { partial: false } });
  kinds.push({
    kind: 'request.deny',
    requestId,
    // A GDPR refusal records the complaint and remedy information given (issue 13).
    payload: {
      reason: 'no',
      exemption: 'not-verified',
      remedyInfo: 'Complain to the supervisory authority.',
    },
  });
}
let n = 0;
setInterval(() => {
  const intent = kinds[n++ % kinds.length]!;
  try {
    const entry = outbox.enqueue(intent);
    process.stdout.write(`queued ${entry.action.id}\n`);
  } catch (err) {
    // A decision on a request the mirror already shows decided is refused before queueing:
    // nothing was queued, so there is nothing for the test to account for.
    if ((err as { code?: unknown }).code !== 'E_VALIDATION') throw err;
    process.stdout.write('refused\n');
  }
}, 7);
const loop = async () => {
  for (;;) {
    await engine.start().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 5));
  }
};
void loop();
