// The one passphrase rule (main/core/passphrase-strength.ts): ≥ 12 characters and zxcvbn ≥ 3.
import { describe, expect, it } from 'vitest';
import { assertStrongPassphrase, passphraseProblem } from '../../main/core/passphrase-strength';

describe('passphrase strength', () => {
  it('says a short passphrase is too short, with its length and what to do', () => {
    expect(passphraseProblem('a')).toMatch(
      /too short \(1 characters; at least 12\)\. Use four or more uncommon words/,
    );
  });

  it.each(['password1234', 'qwertyuiopasdfgh', 'aaaaaaaaaaaaaaaa', '123456789012'])(
    'refuses the long but guessable %j with zxcvbn’s warning',
    (weak) => {
      expect(passphraseProblem(weak)).toMatch(/^The passphrase is too weak: /);
      expect(() => assertStrongPassphrase(weak, 'bundle passphrase')).toThrow(
        expect.objectContaining({
          code: 'E_WEAK_PASSPHRASE',
          message: expect.stringMatching(/^The bundle passphrase is too weak/),
        }),
      );
    },
  );

  it.each(['correct horse battery staple', 'K7QM-2XHP-9RTA-WB4N-LZ6C-F3JD'])('accepts %j', (strong) => {
    expect(passphraseProblem(strong)).toBeNull();
    expect(() => assertStrongPassphrase(strong)).not.toThrow();
  });
});
