// The browser side of the loopback transport (development and e2e tests): a FacteurBridge over a
// WebSocket to the dev server, so the same typed client works without Electron. Requests sent
// before the socket opens wait for it; a lost connection answers pending requests with an
// `unavailable` envelope and reconnects.
import type { FacteurBridge, PushChannel, PushPayload, RequestChannel, RequestInput, RequestOutput } from '../../shared/ipc-contract';
import { serverFrameSchema } from '../../shared/loopback-protocol';
import type { Result } from '../../shared/result';

type Pending = (result: Result<unknown>) => void;

export interface LoopbackBridgeOptions {
  /** ws://127.0.0.1:PORT/ipc?token=… */
  url: string;
  /** For tests: a WebSocket constructor (the browser's by default). */
  WebSocketImpl?: typeof WebSocket;
  reconnectMs?: number;
}

export function createLoopbackBridge(options: LoopbackBridgeOptions): FacteurBridge & { close(): void } {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const outbox: string[] = [];
  let nextId = 1;
  let closed = false;
  let socket: WebSocket;

  const connect = (): void => {
    socket = new Impl(options.url);
    socket.addEventListener('open', () => {
      for (const frame of outbox.splice(0)) socket.send(frame);
    });
    socket.addEventListener('message', (event: MessageEvent) => {
      let data: unknown;
      try {
        data = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const frame = serverFrameSchema.safeParse(data);
      if (!frame.success) return;
      if (frame.data.type === 'response') {
        const resolve = pending.get(frame.data.id);
        pending.delete(frame.data.id);
        resolve?.(frame.data.result as Result<unknown>);
      } else {
        for (const listener of listeners.get(frame.data.channel) ?? []) listener(frame.data.payload);
      }
    });
    socket.addEventListener('close', () => {
      for (const [id, resolve] of pending) {
        pending.delete(id);
        resolve({ ok: false, error: { code: 'unavailable', message: 'the connection to Facteur was lost' } });
      }
      if (!closed) setTimeout(connect, options.reconnectMs ?? 1_000);
    });
  };
  connect();

  return {
    invoke<C extends RequestChannel>(channel: C, input: RequestInput<C>): Promise<Result<RequestOutput<C>>> {
      const id = nextId++;
      const frame = JSON.stringify({ type: 'request', id, channel, input: input ?? {} });
      return new Promise((resolve) => {
        pending.set(id, resolve as Pending);
        if (socket.readyState === Impl.OPEN) socket.send(frame);
        else outbox.push(frame);
      });
    },
    on<C extends PushChannel>(channel: C, listener: (payload: PushPayload<C>) => void): () => void {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      const untyped = listener as (payload: unknown) => void;
      set.add(untyped);
      return () => set.delete(untyped);
    },
    close() {
      closed = true;
      socket.close();
    },
  };
}
