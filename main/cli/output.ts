// How every `zta-console` command ends (one rule for all of them):
//   exit 0  success;
//   exit 1  a failed check (the cache key is wrong, the backend refused, a bundle does not verify…);
//   exit 2  bad usage: commander's own parse errors (unknown option, missing required option, an
//           invalid value) and a `UsageError` a command throws after parsing.
// A failure is one line on stderr, `zta-console: MESSAGE [E_CODE]`, so scripts can match the code;
// `--json` changes only what a command prints on success.
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { AppError, toErrorInfo } from '../../shared/errors';
import { log } from '../core/log';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

/** Bad usage found after parsing (a flag's value out of its set, a missing confirmation): exit 2. */
export class UsageError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('E_VALIDATION', message, details);
  }
}

const exitStatusOf = (err: unknown): number => (err instanceof UsageError ? EXIT_USAGE : EXIT_FAILED);

function failAndExit(err: unknown): never {
  const info = toErrorInfo(err);
  // stderr has the one line for the admin; the log (if open) the type, code and where it failed.
  log('cli').error({ err, exitCode: exitStatusOf(err) }, 'command failed');
  process.stderr.write(`zta-console: ${info.message} [${info.code}]\n`);
  process.exit(exitStatusOf(err));
}

/** Run a command body, turning any failure into one line and its exit status (1, or 2 for usage). */
export function runAction<A extends unknown[]>(body: (...args: A) => Promise<void>) {
  return async (...args: A) => {
    try {
      await body(...args);
    } catch (err) {
      failAndExit(err);
    }
  };
}

/** A commander argument parser for a whole number ≥ `min` (an invalid value is bad usage). */
export const integerOption =
  (flag: string, min = 0) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(
        `${flag} must be ${min === 1 ? 'a positive' : 'a non-negative'} integer.`,
      );
    return n;
  };

const HELP_CODES = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

/**
 * Makes commander follow the rule above for `program` and every command added to it afterwards
 * (commander copies these settings to each `.command()`): help and version exit 0, a parse error
 * exits 2 with the same one-line form as any other failure.
 */
export function applyExitRules(program: Command): Command {
  return program
    .exitOverride((err: CommanderError) => {
      process.exit(HELP_CODES.has(err.code) ? EXIT_OK : EXIT_USAGE);
    })
    .configureOutput({
      outputError: (text, write) =>
        // One line, as every failure: commander's hint ("Did you mean …?") joins the message.
        write(
          `zta-console: ${text
            .replace(/^error: /, '')
            .trim()
            .replace(/\s*\n\s*/g, ' ')} [E_VALIDATION]\n`,
        ),
    });
}
