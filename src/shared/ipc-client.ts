// The renderer's typed API, derived from the contract: one method per request channel (named by
// the channel itself, `api['queue:enqueue'](…)`), plus `on` for pushes. Works over any bridge —
// Electron's preload (`window.facteur`) or the loopback WebSocket — and never throws for a
// refused request: failures come back as the `Result` envelope.
import { pushContract, REQUEST_CHANNELS, type FacteurBridge, type PushChannel, type PushPayload, type RequestChannel, type RequestInput, type RequestOutput } from './ipc-contract';
import type { Result } from './result';

export type FacteurApi = {
  [C in RequestChannel]: (input: RequestInput<C>) => Promise<Result<RequestOutput<C>>>;
} & {
  on<C extends PushChannel>(channel: C, listener: (payload: PushPayload<C>) => void): () => void;
};

export function createFacteurApi(bridge: FacteurBridge): FacteurApi {
  const methods: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
  for (const channel of REQUEST_CHANNELS) {
    methods[channel] = async (input: unknown) => {
      try {
        return await bridge.invoke(channel, input as never);
      } catch (error) {
        // The bridge itself failed (connection lost, refused sender): still an envelope.
        return { ok: false, error: { code: 'unavailable', message: error instanceof Error ? error.message : String(error) } };
      }
    };
  }
  const on = <C extends PushChannel>(channel: C, listener: (payload: PushPayload<C>) => void): (() => void) =>
    bridge.on(channel, (payload: unknown) => {
      // Pushes cross a boundary too: a malformed one is dropped rather than crash the view.
      const parsed = pushContract[channel].safeParse(payload);
      if (parsed.success) listener(parsed.data as PushPayload<C>);
    });
  return { ...(methods as unknown as Omit<FacteurApi, 'on'>), on } as FacteurApi;
}
