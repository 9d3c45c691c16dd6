// The shape every transport serves, derived from the contract: one function per request channel
// taking `unknown` (whatever crossed the boundary) and answering the Result envelope. `defineHandlers`
// turns typed implementations into that map — parsing input first, checking the output against
// the channel's schema in tests and development (output-check.ts), turning thrown errors into
// envelopes — and its parameter type makes a missing channel a compile error.
import { requestContract, REQUEST_CHANNELS, type ParsedInput, type RequestChannel, type RequestOutput } from '../../../shared/ipc-contract';
import type { Result } from '../../../shared/result';
import { fromZod, toErrorInfo } from '../errors';
import type { Logger } from '../logger';
import { assertNoDrift } from './output-check';

/** A typed implementation: receives parsed input, may throw FacteurError. */
export type HandlerImpl<C extends RequestChannel> = (input: ParsedInput<C>) => Promise<RequestOutput<C>> | RequestOutput<C>;
export type HandlerImpls = { [C in RequestChannel]: HandlerImpl<C> };
/** One domain's group: the implementations of every channel named `<prefix>:…` (queue-handlers.ts …). */
export type ImplsFor<P extends string> = { [C in RequestChannel as C extends `${P}:${string}` ? C : never]: HandlerImpl<C> };

/** What a transport calls: never throws, always answers an envelope. */
export type Handler<C extends RequestChannel> = (input: unknown) => Promise<Result<RequestOutput<C>>>;
export type HandlerMap = { [C in RequestChannel]: Handler<C> };

export interface HandlerOptions {
  log?: Pick<Logger, 'error'>;
  /** Refuse (as `internal`) an answer that does not match the channel's output schema exactly. */
  checkOutputs?: boolean;
}

export function defineHandlers(impls: HandlerImpls, options: HandlerOptions = {}): HandlerMap {
  const { log, checkOutputs = false } = options;
  const map: Partial<Record<RequestChannel, (input: unknown) => Promise<Result<unknown>>>> = {};
  for (const channel of REQUEST_CHANNELS) {
    const impl = impls[channel] as (input: unknown) => unknown;
    const { input: schema, output } = requestContract[channel];
    map[channel] = async (input: unknown) => {
      // Electron passes `undefined` for a call without an argument; treat it as `{}`.
      const parsed = schema.safeParse(input === undefined ? {} : input);
      if (!parsed.success) return { ok: false, error: toErrorInfo(fromZod(parsed.error)) };
      try {
        const value = await impl(parsed.data);
        if (checkOutputs) assertNoDrift(channel, output, value);
        return { ok: true, value };
      } catch (error) {
        const info = toErrorInfo(error);
        if (info.code === 'internal') log?.error({ err: error, channel }, 'request failed unexpectedly');
        return { ok: false, error: info };
      }
    };
  }
  return map as HandlerMap;
}

/** Runs `channel` on the map with an input from outside (used by both transports). */
export function dispatch(handlers: HandlerMap, channel: RequestChannel, input: unknown): Promise<Result<unknown>> {
  return (handlers[channel] as (input: unknown) => Promise<Result<unknown>>)(input);
}
