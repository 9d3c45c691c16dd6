// The IPC wiring: every contract channel registered, and the sender check that refuses a foreign
// frame, a subframe or no frame before the handler runs.
import { describe, expect, it, vi } from 'vitest';
import { REQUEST_CHANNELS } from '../shared/ipc-contract';
import type { HandlerMap } from './core/ipc/handler-map';
import { isTrustedSender, registerIpcHandlers } from './ipc-main';

describe('IPC sender check', () => {
  const handlers = Object.fromEntries(REQUEST_CHANNELS.map((channel) => [channel, vi.fn(async () => ({ ok: true, value: null }))])) as unknown as HandlerMap;
  const registered = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
  registerIpcHandlers({ handle: (channel: string, fn: never) => void registered.set(channel, fn), removeHandler: vi.fn() } as never, handlers);

  it('registers every contract channel', () => {
    expect([...registered.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
  });

  it('answers the app’s own top frame', async () => {
    const reply = await registered.get('queue:counts')!({ senderFrame: { url: 'app://facteur/index.html', parent: null } }, {});
    expect(reply).toEqual({ ok: true, value: null });
  });

  it('refuses a foreign frame, a subframe, or no frame, before the handler runs', async () => {
    const foreign = [
      { url: 'https://evil.example.com/', parent: null },
      { url: 'file:///home/me/index.html', parent: null },
      { url: 'app://facteur/index.html', parent: {} },
      { url: 'app://other/index.html', parent: null },
      null,
    ];
    for (const senderFrame of foreign) {
      await expect(registered.get('queue:cancel')!({ senderFrame }, { id: 1 })).rejects.toThrow(/refused/u);
    }
    expect(handlers['queue:cancel']).not.toHaveBeenCalled();
  });

  it('trusts the dev server only when one is configured', () => {
    const frame = { url: 'http://localhost:5173/', parent: null };
    expect(isTrustedSender(frame)).toBe(false);
    expect(isTrustedSender(frame, 'http://localhost:5173')).toBe(true);
  });
});
