// The contract boundary shared by both transports (Electron IPC and the browser host's HTTP):
// validate the input, run the handler, validate the output, never throw.
import { contract } from '../../shared/contract';
import { isInvokeChannel, type InvokeChannel } from '../../shared/channels';
import { toErrorInfo, type Result } from '../../shared/errors';

/** Runs a channel with an input that already passed its schema. */
export type ChannelHandler = (channel: InvokeChannel, input: unknown) => Promise<unknown>;

export async function dispatch(
  channel: string,
  input: unknown,
  handler: ChannelHandler,
): Promise<Result<unknown>> {
  if (!isInvokeChannel(channel)) {
    return {
      ok: false,
      error: { code: 'E_UNKNOWN_CHANNEL', message: `Unknown channel: ${String(channel).slice(0, 100)}` },
    };
  }
  const spec = contract[channel];
  const parsedInput = spec.input.safeParse(input);
  if (!parsedInput.success) {
    return {
      ok: false,
      error: {
        code: 'E_VALIDATION',
        message: `Invalid input for ${channel}`,
        details: parsedInput.error.issues,
      },
    };
  }
  let output: unknown;
  try {
    output = await handler(channel, parsedInput.data);
  } catch (err) {
    return { ok: false, error: toErrorInfo(err) };
  }
  const parsedOutput = spec.output.safeParse(output);
  if (!parsedOutput.success) {
    return {
      ok: false,
      error: { code: 'E_INTERNAL', message: `The console produced an invalid reply for ${channel}` },
    };
  }
  return { ok: true, value: parsedOutput.data };
}
