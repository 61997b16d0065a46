// `zta-console clocks`: validated input in, exactly four dates of JSON out.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runClocksCommand } from '../../main/cli/clocks-command';
import { AppError } from '../../shared/errors';

function captureStdout(body: () => void): string {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    body();
  } finally {
    spy.mockRestore();
  }
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('clocks command', () => {
  it('prints GDPR clocks as 2-space JSON with exactly four keys (31 Jan 2025 → 28 Feb; +3 months → 30 Apr)', () => {
    const out = captureStdout(() => runClocksCommand({ jurisdiction: 'gdpr', received: '2025-01-31' }));
    expect(out).toBe(
      '{\n  "acknowledgeBy": null,\n  "respondBy": "2025-02-28",\n  "extensionNoticeBy": "2025-02-28",\n  "extendedRespondBy": "2025-04-30"\n}\n',
    );
  });

  it('prints CCPA clocks with the confirmation date (Christmas and New Year observed on Fridays)', () => {
    const out = captureStdout(() =>
      runClocksCommand({ jurisdiction: 'ccpa', received: '2027-12-20', type: 'erasure', extended: true }),
    );
    expect(JSON.parse(out)).toEqual({
      acknowledgeBy: '2028-01-05',
      respondBy: '2028-02-03', // 20 Dec 2027 + 45
      extensionNoticeBy: '2028-02-03',
      extendedRespondBy: '2028-03-19', // + 90
    });
  });

  it('restriction under CCPA has no confirmation clock', () => {
    const out = captureStdout(() =>
      runClocksCommand({ jurisdiction: 'ccpa', received: '2026-03-02', type: 'restriction' }),
    );
    expect(JSON.parse(out)).toMatchObject({ acknowledgeBy: null, respondBy: '2026-04-16' });
  });

  it.each([
    [
      { jurisdiction: 'gdpr', received: '2026-02-30' },
      /--received: 2026-02-30 is not a real calendar date \(February 2026 has 28 days\)/,
    ],
    [
      { jurisdiction: 'eu', received: '2026-02-01' },
      /--jurisdiction: must be one of gdpr, ccpa, other \(got "eu"\)/,
    ],
    [
      { jurisdiction: 'ccpa', received: '2026-02-01', type: 'delete' },
      /--type: must be one of access, access_specific/,
    ],
    [{ jurisdiction: 'ccpa', received: '02/01/2026' }, /--received: expected a calendar date YYYY-MM-DD/],
  ])('rejects %o with E_VALIDATION and prints nothing', (opts, message) => {
    let caught: unknown;
    const out = captureStdout(() => {
      try {
        runClocksCommand(opts);
      } catch (err) {
        caught = err;
      }
    });
    expect(out).toBe('');
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('E_VALIDATION');
    expect((caught as AppError).message).toMatch(message);
  });
});
