// Issue 14: property-based fuzzing (fast-check) of every contract channel's input and every sync
// reply type: never a crash, always a typed error, and nothing reaches the handler / the cache
// unless it passed its schema.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { INVOKE_CHANNELS } from '../../shared/channels';
import { isErrorCode } from '../../shared/errors';
import { pullReplySchema, STREAMS } from '../../shared/protocol';
import { PushReply } from '../../shared/push-protocol';
import { dispatch } from '../../main/core/dispatch';
import { salvagePage } from '../../main/core/sync/salvage';

const hostile = fc.oneof(
  fc.anything({ maxDepth: 6, withBigInt: false }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('\u0000', '\ud800', '\u202e', '*', '"', 'x'.repeat(100_000)),
);

describe('fuzzing the boundaries', () => {
  it('every contract channel: any input gives an envelope with a known code; the handler only sees valid input', async () => {
    for (const channel of INVOKE_CHANNELS) {
      await fc.assert(
        fc.asyncProperty(hostile, async (input) => {
          let handled = false;
          const r = await dispatch(channel, input, async (_c, parsed) => {
            handled = true;
            expect(contract[channel].input.safeParse(parsed).success).toBe(true);
            return { garbage: true };
          });
          if (r.ok) return;
          expect(isErrorCode(r.error.code)).toBe(true);
          if (!handled) expect(r.error.code).toBe('E_VALIDATION');
        }),
        { numRuns: 60 },
      );
    }
  });

  it('every sync reply type and the push reply: validation and salvage never throw', () => {
    fc.assert(
      fc.property(hostile, fc.constantFrom(...STREAMS), (body, stream) => {
        const parsed = pullReplySchema(stream).safeParse(body);
        const salvaged = salvagePage(stream, body);
        if (salvaged) expect(salvaged.page.stream).toBe(stream);
        if (parsed.success) expect(parsed.data.stream).toBe(stream);
        PushReply.safeParse(body);
      }),
      { numRuns: 400 },
    );
  });
});
