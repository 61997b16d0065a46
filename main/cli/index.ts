// `zta-console`: the headless CLI over the same core the UI uses.
import { Command, InvalidArgumentError } from 'commander';
import { runBackendCommand } from '../../backend/cli';
import { ROLES } from '../../backend/auth';
import type { Role } from '../../shared/domain';
import { APP_VERSION } from './app-info';
import { runClocksCommand } from './clocks-command';
import { applyExitRules, integerOption, runAction } from './output';
import { runStartCommand } from './start-command';
import { runStatusCommand } from './status-command';
import { runSyncCommand } from './sync-command';
import { registerExportCommands } from './export-commands';
import {
  runCertificateCommand,
  runErasureScanCommand,
  runEraseCommand,
  runRequestsCommand,
} from './erasure-commands';
import { registerReportCommand } from './report-command';
import { registerConsolesCommand } from './consoles-command';
import { registerRekeyCommand } from './rekey-command';
import { openCommandLog } from './command-log';

const int = (name: string) => integerOption(name);

const role = (value: string) => {
  if (!(ROLES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`--role must be one of ${ROLES.join(', ')}.`);
  return value as Role;
};

// Exit 0 success, 1 a failed check, 2 bad usage, for every command (./output).
const program = applyExitRules(new Command())
  .name('zta-console')
  .description('ZTA Privacy Console — headless tools over the console core.')
  .version(APP_VERSION)
  .hook('preAction', openCommandLog);

program
  .command('start')
  .description('Open the console (Electron if present, else the browser host on 127.0.0.1).')
  .option('--data <dir>', 'cache directory (default $ZTA_DATA_DIR or ~/.zta-console)')
  .option('--port <port>', 'browser host port (0 picks a free one)', int('--port'), 0)
  .option('--backend <url>', 'backend URL (omit to run the embedded demo backend)')
  .option('--token-file <file>', 'file with the admin token, or a tokens.json (the --role token)')
  .option(
    '--role <role>',
    'with a tokens.json: whose token to use (owner, approver, analyst, viewer)',
    role,
    'owner',
  )
  .option('--key-file <file>', 'file holding the cache passphrase (or set ZTA_CACHE_PASSPHRASE)')
  .option('--browser', 'serve to the browser even if Electron is available')
  .option('--no-demo', 'never start the embedded demo backend; sign in from the console instead')
  .option('--seed-users <n>', 'demo organisation: users', int('--seed-users'), 200)
  .option('--seed-events <n>', 'demo organisation: access events', int('--seed-events'), 20000)
  .option('--seed <n>', 'demo organisation: generator seed', int('--seed'), 1)
  .action(runAction(runStartCommand));

program
  .command('backend')
  .description('Run the reference backend (PGlite embedded; DATABASE_URL for a real PostgreSQL).')
  .option('--port <port>', 'port (0 picks a free one)', int('--port'), 0)
  .option('--seed-users <n>', 'users in the seeded organisation', int('--seed-users'), 200)
  .option('--seed-events <n>', 'access events in the seeded organisation', int('--seed-events'), 20000)
  .option('--seed <n>', "the generator's random seed", int('--seed'), 1)
  .option('--now <iso>', 'reference time for generated data (default: now)')
  .option('--data <dir>', 'data directory (omit for in-memory); tokens go to DIR/tokens.json (0600)')
  .option('--history', 'also seed closed requests across this and last calendar year (for reports)')
  .option('--print-tokens', 'also print the clear admin tokens on stdout')
  .action(
    runAction(
      async (o: {
        port: number;
        seedUsers: number;
        seedEvents: number;
        seed: number;
        now?: string;
        data?: string;
        history?: boolean;
        printTokens?: boolean;
      }) => {
        await runBackendCommand(o);
      },
    ),
  );

program
  .command('sync')
  .description(
    'Push the outbox, then pull everything into the encrypted cache; exits 0 when caught up with nothing pending.',
  )
  .option(
    '--token-file <file>',
    'file with the admin token, or the backend tokens.json (the --role token); default: the session the cache was last synced with',
  )
  .option(
    '--role <role>',
    'with a tokens.json: whose token to use (owner, approver, analyst, viewer)',
    role,
    'owner',
  )
  .requiredOption('--data <dir>', 'cache directory')
  .option('--backend <url>', 'backend URL (default: the url in tokens.json)')
  .option('--key-file <file>', 'file holding the cache passphrase (or set ZTA_CACHE_PASSPHRASE)')
  .action(runAction(runSyncCommand));

program
  .command('status')
  .description('Cache counts per stream, sync watermarks and pending actions.')
  .requiredOption('--data <dir>', 'cache directory')
  .option('--key-file <file>', 'file holding the cache passphrase (or set ZTA_CACHE_PASSPHRASE)')
  .option('--json', 'print JSON')
  .action(runAction(runStatusCommand));

program
  .command('clocks')
  .description('Legal clocks of a privacy request (GDPR Art. 12(3), CCPA 1798.130 / 11 CCR §7021), as JSON.')
  .requiredOption('--jurisdiction <jurisdiction>', 'gdpr | ccpa | other')
  .requiredOption('--received <date>', 'day the request was received, YYYY-MM-DD')
  .option(
    '--type <type>',
    'access | access_specific | portability | erasure | rectification | restriction | objection | opt_out | limit',
  )
  .option('--extended', 'an extension was notified')
  .option('--country <CC>', 'GDPR: member state whose national public holidays end a period (e.g. DE)')
  .action(
    runAction(
      async (o: {
        jurisdiction: string;
        received: string;
        type?: string;
        extended?: boolean;
        country?: string;
      }) => runClocksCommand(o),
    ),
  );

// --- issue 12: subjects, export, verify-bundle ---
registerExportCommands(program);
// issue 11 (erasure): requests, erase, erasure-scan, certificate.
const collect = (value: string, previous: string[] = []) => [...previous, value];

program
  .command('requests')
  .description('Every cached privacy request, newest first.')
  .requiredOption('--data <dir>', 'cache directory')
  .option('--type <type>', 'only requests of this type')
  .option('--status <status>', 'only requests in this status')
  .option('--key-file <file>', 'file holding the cache passphrase (or set ZTA_CACHE_PASSPHRASE)')
  .option('--json', 'print a JSON array of requests (the fields of the requests stream)')
  .action(runAction(runRequestsCommand));

program
  .command('erase')
  .description(
    'Queue Execute erasure for an approved erasure request (as the admin last synced); sync pushes it.',
  )
  .requiredOption('--data <dir>', 'cache directory')
  .requiredOption('--request <id>', 'the erasure request')
  .option('--yes', 'confirm (without it, prints what will happen and exits 2)')
  .option('--key-file <file>', 'file holding the cache passphrase (or set ZTA_CACHE_PASSPHRASE)')
  .option('--json', 'print JSON')
  .action(runAction(runEraseCommand));

program
  .command('erasure-scan')
  .description(
    'Search every cache table (FTS5 shadow tables included) and data-folder file for terms; exit 1 on a hit.',
  )
  .requiredOption('--data <dir>', 'cache directory')
  .requiredOption('--term <text>', 'a term to look for (repeat for more)', collect)
  .option('--key-file <file>', 'file holding the cache passphrase (or set ZTA_CACHE_PASSPHRASE)')
  .option('--json', 'print JSON')
  .action(runAction(runErasureScanCommand));

program
  .command('certificate')
  .description('Write the deletion certificate of a carried-out erasure request as HTML or PDF.')
  .requiredOption('--data <dir>', 'cache directory')
  .requiredOption('--request <id>', 'the erasure request')
  .requiredOption('--out <file>', 'FILE.html or FILE.pdf')
  .option('--key-file <file>', 'file holding the cache passphrase (or set ZTA_CACHE_PASSPHRASE)')
  .action(runAction(runCertificateCommand));

// --- issue 16: reports ---
registerReportCommand(program);
// issue 14 (lost laptops): list and revoke the organisation's consoles.
registerConsolesCommand(program);
// issue 14 item 7: a new cache passphrase
registerRekeyCommand(program);

await program.parseAsync(process.argv);
