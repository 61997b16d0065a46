// `zta-console clocks`: validated input in, exactly five dates (or nulls) of JSON out.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runClocksCommand } from '../../main/cli/clocks-command';
import { AppError } from '../../shared/errors';

async function captureStdout(body: () => Promise<void>): Promise<string> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await body();
  } finally {
    spy.mockRestore();
  }
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('clocks command', () => {
  it('prints GDPR clocks as 2-space JSON with exactly five keys (31 Jan 2025 → 28 Feb; +3 months → 30 Apr)', async () => {
    const out = await captureStdout(() => runClocksCommand({ jurisdiction: 'gdpr', received: '2025-01-31' }));
    expect(out).toBe(
      '{\n  "acknowledgeBy": null,\n  "respondBy": "2025-02-28",\n  "extensionNoticeBy": "2025-02-28",\n  "extendedRespondBy": "2025-04-30",\n  "refuseBy": "2025-02-28"\n}\n',
    );
  });

  it('prints CCPA clocks with the confirmation date (Christmas and New Year observed on Fridays)', async () => {
    const out = await captureStdout(() =>
      runClocksCommand({ jurisdiction: 'ccpa', received: '2027-12-20', type: 'erasure', extended: true }),
    );
    expect(JSON.parse(out)).toEqual({
      acknowledgeBy: '2028-01-05',
      respondBy: '2028-02-03', // 20 Dec 2027 + 45
      extensionNoticeBy: '2028-02-03',
      extendedRespondBy: '2028-03-19', // + 90
      refuseBy: null,
    });
  });

  it('without --country, 1 Dec 2025 + 1 month is New Year’s Day, a Thursday (weekends only)', async () => {
    const out = await captureStdout(() => runClocksCommand({ jurisdiction: 'gdpr', received: '2025-12-01' }));
    expect(JSON.parse(out)).toMatchObject({ respondBy: '2026-01-01', refuseBy: '2026-01-01' });
  });

  it('with --country DE, New Year’s Day 2026 is a public holiday: the period ends Fri 2 Jan', async () => {
    const out = await captureStdout(() =>
      runClocksCommand({ jurisdiction: 'gdpr', received: '2025-12-01', country: 'DE' }),
    );
    expect(JSON.parse(out)).toEqual({
      acknowledgeBy: null,
      respondBy: '2026-01-02',
      extensionNoticeBy: '2026-01-02',
      extendedRespondBy: '2026-03-02', // 1 Mar 2026 is a Sunday
      refuseBy: '2026-01-02',
    });
  });

  it.each([
    // 2 Mar 2026 (Mon) + 15 business days: 3 weeks → Mon 23 Mar (no federal holiday in between)
    ['opt_out', '2026-03-02', '2026-03-23'],
    // 9 Feb 2026 (Mon) + 15 business days, Presidents’ Day 16 Feb skipped → Tue 3 Mar
    ['limit', '2026-02-09', '2026-03-03'],
  ])(
    'CCPA %s: 15 business days, no extension, no confirmation (received %s → %s)',
    async (type, received, respondBy) => {
      const out = await captureStdout(() => runClocksCommand({ jurisdiction: 'ccpa', received, type }));
      expect(JSON.parse(out)).toEqual({
        acknowledgeBy: null,
        respondBy,
        extensionNoticeBy: null,
        extendedRespondBy: null,
        refuseBy: null,
      });
    },
  );

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
    [
      { jurisdiction: 'gdpr', received: '2026-02-01', country: 'US' },
      /--country: US is not an EU\/EEA member state/,
    ],
    [
      { jurisdiction: 'gdpr', received: '2026-02-01', country: 'de' },
      /--country: must be a two-letter ISO 3166-1 code/,
    ],
    [
      { jurisdiction: 'ccpa', received: '2026-02-01', type: 'objection' },
      /under the CCPA use an opt-out of sale\/sharing \(opt_out/,
    ],
    [
      { jurisdiction: 'ccpa', received: '2026-02-01', type: 'restriction' },
      /under the CCPA use a request to limit .*\(limit/,
    ],
    [{ jurisdiction: 'gdpr', received: '2026-02-01', type: 'opt_out' }, /under the GDPR use an objection/],
  ])('rejects %o with E_VALIDATION and prints nothing', async (opts, message) => {
    let caught: unknown;
    const out = await captureStdout(async () => {
      try {
        await runClocksCommand(opts);
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
