// The typed client over any Bridge: every reply is checked against the contract before the
// app sees it (the host is trusted, but its data came from a backend and is hostile).
import { z } from 'zod';
import type { Bridge, ChannelInput, ChannelOutput, EventPayload } from '../../../shared/contract';
import { contract, events } from '../../../shared/contract';
import type { EventChannel, InvokeChannel } from '../../../shared/channels';
import { AppError, isErrorCode } from '../../../shared/errors';
import { detectBridge } from './bridge';

const Envelope = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  }),
]);

/** Channels whose input may be omitted (NoInput) take an optional argument. */
export type InvokeArgs<C extends InvokeChannel> =
  undefined extends ChannelInput<C> ? [input?: ChannelInput<C>] : [input: ChannelInput<C>];

export interface Client {
  invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<ChannelOutput<C>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export interface ClientOptions {
  /** Called with payloads that failed validation (default: console.warn). */
  onInvalidEvent?: (event: EventChannel, issues: unknown) => void;
}

export function createClient(bridge: Bridge, options: ClientOptions = {}): Client {
  const onInvalidEvent =
    options.onInvalidEvent ??
    ((event: EventChannel) => console.warn(`Dropped a ${event} event that does not match the contract.`));

  return {
    async invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<ChannelOutput<C>> {
      const spec = contract[channel];
      const input: unknown = args[0];
      // Validate locally too: the admin gets the schema's own message ("Token looks too short").
      const inputSchema: z.ZodType = spec.input;
      const checked = inputSchema.safeParse(input);
      if (!checked.success) {
        const first = checked.error.issues[0];
        throw new AppError(
          'E_VALIDATION',
          first?.message ?? `Invalid input for ${channel}`,
          checked.error.issues,
        );
      }

      let raw: unknown;
      try {
        raw = await bridge.invoke(channel, input);
      } catch (err) {
        throw new AppError(
          'E_INTERNAL',
          err instanceof Error ? err.message : `The call to ${channel} failed.`,
        );
      }
      const envelope = Envelope.safeParse(raw);
      if (!envelope.success) {
        throw new AppError('E_INTERNAL', `The reply to ${channel} is not a contract envelope.`);
      }
      if (!envelope.data.ok) {
        const { code, message, details } = envelope.data.error;
        throw new AppError(isErrorCode(code) ? code : 'E_INTERNAL', message, details);
      }
      const outputSchema: z.ZodType = spec.output;
      const output = outputSchema.safeParse(envelope.data.value);
      if (!output.success) {
        throw new AppError(
          'E_INTERNAL',
          `The reply to ${channel} does not match the contract.`,
          output.error.issues,
        );
      }
      return output.data as ChannelOutput<C>;
    },

    on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const schema: z.ZodType = events[event];
      return bridge.on(event, (payload) => {
        const parsed = schema.safeParse(payload);
        if (!parsed.success) {
          onInvalidEvent(event, parsed.error.issues);
          return;
        }
        listener(parsed.data as EventPayload<E>);
      });
    },
  };
}

let defaultClient: Client | null = null;
/** The app's client over the detected transport (created on first use). */
export function getClient(): Client {
  defaultClient ??= createClient(detectBridge());
  return defaultClient;
}

export function invoke<C extends InvokeChannel>(
  channel: C,
  ...args: InvokeArgs<C>
): Promise<ChannelOutput<C>> {
  return getClient().invoke(channel, ...args);
}

/** A message fit to show the admin, whatever was thrown. */
export function messageOf(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  return 'Something went wrong.';
}
