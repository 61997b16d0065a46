// The contract boundary shared by both transports (Electron IPC and the browser host's HTTP):
// validate the input, run the handler, validate the output, never throw.
import { contract } from '../../shared/contract';
import { isInvokeChannel, type InvokeChannel } from '../../shared/channels';
import { toErrorInfo, type Result } from '../../shared/errors';
import { log } from './log';

/** Deepest nesting and most values an input may have (issue 14, item 6): no contract input
 * comes near; a hostile one (5,000 levels) would overflow the stack in a recursive refinement. */
export const MAX_INPUT_DEPTH = 32;
export const MAX_INPUT_NODES = 100_000;

/** Why `input` is too deep or too big, or null. Iterative: it cannot overflow the stack itself. */
export function inputShapeProblem(input: unknown): string | null {
  const stack: { v: unknown; depth: number }[] = [{ v: input, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (++nodes > MAX_INPUT_NODES) return `more than ${MAX_INPUT_NODES} values`;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) return `nested deeper than ${MAX_INPUT_DEPTH} levels`;
    for (const child of Object.values(v as Record<string, unknown>))
      stack.push({ v: child, depth: depth + 1 });
  }
  return null;
}

/** Runs a channel with an input that already passed its schema. */
export type ChannelHandler = (channel: InvokeChannel, input: unknown) => Promise<unknown>;

export async function dispatch(
  channel: string,
  input: unknown,
  handler: ChannelHandler,
): Promise<Result<unknown>> {
  if (!isInvokeChannel(channel)) {
    // The name itself is not logged: it came from the caller.
    log('contract').warn({ code: 'E_UNKNOWN_CHANNEL' }, 'unknown channel');
    return {
      ok: false,
      error: { code: 'E_UNKNOWN_CHANNEL', message: `Unknown channel: ${String(channel).slice(0, 100)}` },
    };
  }
  const shape = inputShapeProblem(input);
  if (shape !== null) {
    return { ok: false, error: { code: 'E_VALIDATION', message: `Invalid input for ${channel}: ${shape}` } };
  }
  const spec = contract[channel];
  const parsedInput = spec.input.safeParse(input);
  if (!parsedInput.success) {
    // Issue paths and codes only: a zod message may quote the input.
    log('contract').warn({ channel, err: parsedInput.error }, 'invalid input');
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
    const error = toErrorInfo(err);
    // Refusals the admin sees (E_VALIDATION, E_NOT_SIGNED_IN, E_FORBIDDEN…) are info; E_INTERNAL
    // and E_CACHE are faults.
    const fault = error.code === 'E_INTERNAL' || error.code === 'E_CACHE';
    log('contract')[fault ? 'error' : 'info']({ channel, err }, 'channel failed');
    return { ok: false, error };
  }
  const parsedOutput = spec.output.safeParse(output);
  if (!parsedOutput.success) {
    log('contract').error({ channel, err: parsedOutput.error }, 'invalid reply');
    return {
      ok: false,
      error: { code: 'E_INTERNAL', message: `The console produced an invalid reply for ${channel}` },
    };
  }
  return { ok: true, value: parsedOutput.data };
}
