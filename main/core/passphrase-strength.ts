// One rule for every passphrase the console is asked to SET — a new cache's, a re-key's, a typed
// bundle passphrase: at least 12 characters and a zxcvbn score of 3 or more (about 10^8 guesses
// and up). Opening an existing cache never checks: its passphrase was chosen already.
import { createRequire } from 'node:module';
import type * as ZxcvbnCore from '@zxcvbn-ts/core';
import type * as ZxcvbnCommon from '@zxcvbn-ts/language-common';
import type * as ZxcvbnEn from '@zxcvbn-ts/language-en';
import { AppError } from '../../shared/errors';

export const MIN_PASSPHRASE_LENGTH = 12;
export const MIN_PASSPHRASE_SCORE = 3;

let checker: ZxcvbnCore.ZxcvbnFactory | null = null;

/**
 * Loaded on first use, synchronously (the checks run in the cache worker, which opens the cache
 * synchronously): the dictionaries cost about a second to load and index, which a console that
 * only opens its existing cache never pays.
 */
function zxcvbn(): ZxcvbnCore.ZxcvbnFactory {
  if (checker) return checker;
  const require = createRequire(import.meta.url);
  const core = require('@zxcvbn-ts/core') as typeof ZxcvbnCore;
  const common = require('@zxcvbn-ts/language-common') as typeof ZxcvbnCommon;
  const en = require('@zxcvbn-ts/language-en') as typeof ZxcvbnEn;
  checker = new core.ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return checker;
}

/** What is wrong with the passphrase and what to do instead; null when it is strong enough. */
export function passphraseProblem(passphrase: string): string | null {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    return `The passphrase is too short (${passphrase.length} characters; at least ${MIN_PASSPHRASE_LENGTH}). Use four or more uncommon words, e.g. a short sentence only you would write.`;
  }
  const result = zxcvbn().check(passphrase);
  if (result.score >= MIN_PASSPHRASE_SCORE) return null;
  const why = result.feedback.warning ?? 'It would be guessed quickly.';
  const advice = result.feedback.suggestions.length
    ? result.feedback.suggestions.join(' ')
    : 'Add more words that are less common.';
  return `The passphrase is too weak: ${why} ${advice}`;
}

/** E_WEAK_PASSPHRASE with the reason and a suggestion. */
export function assertStrongPassphrase(passphrase: string, what = 'passphrase'): void {
  const problem = passphraseProblem(passphrase);
  if (problem) throw new AppError('E_WEAK_PASSPHRASE', problem.replace('The passphrase', `The ${what}`));
}
