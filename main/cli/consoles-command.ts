// `zta-console consoles --data DIR [--revoke ID --yes] [--json]` (issue 14, "lost laptops"): the
// organisation's consoles as the backend knows them, and revoking one — owner only, through the
// session this cache is signed in with, live on the backend (nothing is queued). Without --yes a
// revocation only says what it would do and exits 2, like `erase`.
import type { Command } from 'commander';
import { ConsoleList, ConsoleRevokeReply, type ConsoleInfo } from '../../shared/consoles';
import { runAction, UsageError } from './output';
import { invokeOrThrow, openCliCore } from './sync-command';

interface ConsolesOptions {
  data: string;
  keyFile?: string;
  revoke?: string;
  yes?: boolean;
  json?: boolean;
}

function line(c: ConsoleInfo): string {
  const state = c.revokedAt ? `revoked ${c.revokedAt}${c.revokedBy ? ` by ${c.revokedBy}` : ''}` : 'active';
  return `${c.id}  ${c.role.padEnd(8)} ${c.adminName.padEnd(24)} last seen ${c.lastSeenAt ?? 'never'}  ${state}${c.current ? '  (this console)' : ''}`;
}

async function consolesCommand(o: ConsolesOptions): Promise<void> {
  const core = await openCliCore(o.data, o.keyFile);
  try {
    if (o.revoke !== undefined) {
      if (!/^[0-9a-f-]{36}$/i.test(o.revoke)) throw new UsageError('--revoke takes a console id (a UUID).');
      if (!o.yes)
        throw new UsageError(
          `Revoking ${o.revoke} signs out every machine using that admin token and purges their synced data at their next contact. Add --yes to confirm.`,
        );
      const reply = ConsoleRevokeReply.parse(await invokeOrThrow(core, 'consoles:revoke', { id: o.revoke }));
      process.stdout.write(
        o.json ? JSON.stringify(reply, null, 2) + '\n' : `Revoked.\n${line(reply.console)}\n`,
      );
      return;
    }
    const list = ConsoleList.parse(await invokeOrThrow(core, 'consoles:list', {}));
    process.stdout.write(
      o.json ? JSON.stringify(list, null, 2) + '\n' : list.consoles.map((c) => line(c) + '\n').join(''),
    );
  } finally {
    await core.close();
  }
}

export function registerConsolesCommand(program: Command): void {
  program
    .command('consoles')
    .description("The organisation's consoles (one per admin token), and revoking one; owners only.")
    .requiredOption('--data <dir>', 'cache directory (its session, signed in as an owner)')
    .option('--key-file <file>', 'file holding the cache passphrase (or set ZTA_CACHE_PASSPHRASE)')
    .option('--revoke <id>', 'revoke this console (with --yes)')
    .option('--yes', 'confirm the revocation (without it, prints what will happen and exits 2)')
    .option('--json', 'print JSON')
    .action(runAction(consolesCommand));
}
