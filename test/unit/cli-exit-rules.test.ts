// The one exit rule every `zta-console` command follows (main/cli/output.ts): 0 success, 1 a failed
// check, 2 bad usage (commander's parse errors and UsageError), one `[E_CODE]` line on stderr.
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import { applyExitRules, integerOption, runAction, UsageError } from '../../main/cli/output';

class Exited extends Error {
  constructor(readonly status: number) {
    super(`exit ${status}`);
  }
}

/** Runs `argv` through a program built like the CLI's; returns the exit status and stderr. */
async function run(argv: string[], body: () => Promise<void> = async () => undefined) {
  let stderr = '';
  vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Exited(Number(code ?? 0));
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const program = applyExitRules(new Command()).name('zta-console');
  program.configureOutput({ ...program.configureOutput(), writeOut: () => undefined });
  program
    .command('thing')
    .requiredOption('--data <dir>', 'cache directory')
    .option('--limit <n>', 'at most', integerOption('--limit', 1), 10)
    .action(runAction(body));
  try {
    await program.parseAsync(['node', 'zta-console', ...argv]);
    return { status: 0, stderr };
  } catch (err) {
    if (err instanceof Exited) return { status: err.status, stderr };
    throw err;
  } finally {
    vi.restoreAllMocks();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('CLI exit rules', () => {
  it('exits 0 on success and on --help', async () => {
    expect((await run(['thing', '--data', 'd'])).status).toBe(0);
    expect((await run(['thing', '--help'])).status).toBe(0);
  });

  it.each([
    [['thing'], /required option '--data <dir>' not specified \[E_VALIDATION\]/],
    [['thing', '--data', 'd', '--nope'], /unknown option '--nope' \[E_VALIDATION\]/],
    [['thing', '--data', 'd', '--limit', '0'], /--limit must be a positive integer\. \[E_VALIDATION\]/],
    [['nothing'], /unknown command 'nothing' \(Did you mean thing\?\) \[E_VALIDATION\]/],
  ])('a parse error (%j) is bad usage: exit 2, one coded line', async (argv, message) => {
    const r = await run(argv);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^zta-console: /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a UsageError thrown by a command is bad usage (2); any other failure is a failed check (1)', async () => {
    const usage = await run(['thing', '--data', 'd'], () =>
      Promise.reject(new UsageError('--kind must be x.')),
    );
    expect(usage).toEqual({ status: 2, stderr: 'zta-console: --kind must be x. [E_VALIDATION]\n' });
    const failed = await run(['thing', '--data', 'd'], () =>
      Promise.reject(new AppError('E_CACHE_KEY', 'The cache key does not open it.')),
    );
    expect(failed).toEqual({
      status: 1,
      stderr: 'zta-console: The cache key does not open it. [E_CACHE_KEY]\n',
    });
    const crashed = await run(['thing', '--data', 'd'], () => Promise.reject(new Error('boom')));
    expect(crashed.status).toBe(1);
    expect(crashed.stderr).toMatch(/boom \[E_\w+\]/);
  });
});
