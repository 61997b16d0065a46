// How the CLI reports failures: one clear line with the error's code, exit status 1.
import { toErrorInfo } from '../../shared/errors';

export function failAndExit(err: unknown): never {
  const info = toErrorInfo(err);
  process.stderr.write(`zta-console: ${info.message} [${info.code}]\n`);
  process.exit(1);
}

/** Run a command body, turning any failure into one line and exit 1. */
export function runAction<A extends unknown[]>(body: (...args: A) => Promise<void>) {
  return async (...args: A) => {
    try {
      await body(...args);
    } catch (err) {
      failAndExit(err);
    }
  };
}
