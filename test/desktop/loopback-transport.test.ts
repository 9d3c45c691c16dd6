// The loopback WebSocket transport, served over a real engine on a real SQLite file: it refuses a
// missing or wrong token, a foreign Origin and any non-loopback bind; a request round-trips to
// the engine; pushes reach the client; and the renderer's own bridge and typed client work on it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createFacteurApi } from '../../src/shared/ipc-client';
import { assertLoopbackBind, startLoopbackServer, type LoopbackServer } from '../../src/main/core/transport/loopback-server';
import { createHandlers } from '../../src/main/core/ipc/handlers';
import { forwardEnginePushes } from '../../src/main/core/ipc/pushes';
import { createLoopbackBridge } from '../../src/renderer/api/loopback-bridge';
import { addSmtpAccount, makeEngine, simpleMessage, type TestEngine } from '../helpers/engine';

let engine: TestEngine;
let server: LoopbackServer;
let stopPushes: () => void;

beforeEach(async () => {
  engine = makeEngine();
  const handlers = createHandlers(engine, {
    kind: 'loopback',
    version: '0.0.0-test',
    attachmentsMustBePicked: false,
    openFiles: async () => [],
    openExternal: async () => undefined,
    setStartAtLogin: () => undefined,
    requestProcessing: () => undefined,
  });
  server = await startLoopbackServer({ handlers });
  stopPushes = forwardEnginePushes(engine, (channel, payload) => server.push(channel, payload));
});

afterEach(async () => {
  stopPushes();
  await server.close();
  engine.dispose();
});

/** Resolves with the HTTP status the upgrade was refused with, or 101 when it was accepted. */
function connectStatus(url: string, origin?: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

function request(ws: WebSocket, id: number, channel: string, input: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const frame = JSON.parse(data.toString()) as { type: string; id?: number; result?: unknown };
      if (frame.type === 'response' && frame.id === id) {
        ws.off('message', onMessage);
        resolve(frame.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'request', id, channel, input }));
  });
}

const withoutToken = (): string => server.socketUrl.replace(/\?token=.*$/u, '');

describe('loopback transport', () => {
  it('refuses a missing or wrong token', async () => {
    expect(await connectStatus(withoutToken(), server.origin)).toBe(401);
    expect(await connectStatus(`${withoutToken()}?token=${'0'.repeat(64)}`, server.origin)).toBe(401);
    expect(await connectStatus(`${withoutToken()}?token=${server.token.slice(0, -1)}`, server.origin)).toBe(401);
    expect(await connectStatus(server.socketUrl, server.origin)).toBe(101);
  });

  it('refuses a foreign or missing Origin even with the token', async () => {
    expect(await connectStatus(server.socketUrl, 'https://evil.example.com')).toBe(403);
    expect(await connectStatus(server.socketUrl, 'http://127.0.0.1:1')).toBe(403);
    expect(await connectStatus(server.socketUrl)).toBe(403);
  });

  it('refuses to bind anywhere but loopback', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com', 'localhost.evil.com']) {
      expect(() => assertLoopbackBind(host)).toThrow(/only to 127\.0\.0\.1 or ::1/u);
      await expect(startLoopbackServer({ handlers: createHandlersStub(), host })).rejects.toThrow(/only to 127\.0\.0\.1/u);
    }
  });

  it('uses a fresh 32-byte token per run and prints it only in the fragment', async () => {
    expect(server.token).toMatch(/^[0-9a-f]{64}$/u);
    const other = await startLoopbackServer({ handlers: createHandlersStub() });
    expect(other.token).not.toBe(server.token);
    expect(other.pageUrl).toBe(`http://127.0.0.1:${other.port}/#token=${other.token}`);
    await other.close();
  });

  it('round-trips requests to the real engine and forwards pushes', async () => {
    const ws = new WebSocket(server.socketUrl, { origin: server.origin });
    await new Promise((resolve) => ws.once('open', resolve));
    const pushes: string[] = [];
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; channel?: string };
      if (frame.type === 'push' && frame.channel) pushes.push(frame.channel);
    });
    const accountId = await addSmtpAccount(engine, 2525);
    const queued = await request(ws, 1, 'queue:enqueue', { accountId, message: simpleMessage() });
    expect(queued).toEqual({ ok: true, value: { id: 1 } });
    expect(engine.queue.get(1).status).toBe('queued');
    expect(await request(ws, 2, 'queue:counts', {})).toMatchObject({ ok: true, value: { counts: { queued: 1 } } });
    expect(await request(ws, 3, 'queue:get', { id: 'one' })).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'id' } });
    expect(await request(ws, 4, 'no:such', {})).toMatchObject({ ok: false, error: { code: 'not-found' } });
    await request(ws, 5, 'queue:cancel', { id: 1 });
    expect(pushes).toEqual(expect.arrayContaining(['accounts:changed', 'queue:changed', 'queue:counts']));
    ws.close();
  });

  it('serves the renderer bridge and typed client unchanged', async () => {
    const bridge = createLoopbackBridge({ url: server.socketUrl, WebSocketImpl: originWebSocket(server.origin) });
    const api = createFacteurApi(bridge);
    const counts: number[] = [];
    api.on('queue:counts', (payload) => counts.push(payload.counts.queued));
    const accountId = await addSmtpAccount(engine, 2525);
    const result = await api['queue:enqueue']({ accountId, message: simpleMessage() });
    expect(result).toEqual({ ok: true, value: { id: 1 } });
    const list = await api['queue:list']({ status: 'queued' });
    expect(list.ok && list.value.items.map((item) => item.id)).toEqual([1]);
    await expect.poll(() => counts.at(-1)).toBe(1);
    bridge.close();
  });
});

function createHandlersStub(): ReturnType<typeof createHandlers> {
  return createHandlers(engine, {
    kind: 'loopback',
    version: '0',
    attachmentsMustBePicked: false,
    openFiles: async () => [],
    openExternal: async () => undefined,
    setStartAtLogin: () => undefined,
    requestProcessing: () => undefined,
  });
}

/** The `ws` client sends no Origin by default; a browser always does. */
function originWebSocket(origin: string): typeof globalThis.WebSocket {
  class BrowserLike extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  }
  return BrowserLike as unknown as typeof globalThis.WebSocket;
}
