// Quitting waits for the running batch to finish, so no email is left mid-send.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { drainBeforeQuit } from './lifecycle';

describe('quit', () => {
  it('waits for the running batch to finish before quitting', async () => {
    const app = new EventEmitter() as EventEmitter & { quit: () => void };
    let quits = 0;
    app.quit = () => {
      quits += 1;
      app.emit('before-quit', { preventDefault: () => undefined });
    };
    let finishBatch: () => void = () => undefined;
    const drain = vi.fn(() => new Promise<void>((resolve) => (finishBatch = resolve)));
    const guard = drainBeforeQuit(app as never, drain);
    const first = { preventDefault: vi.fn() };
    app.emit('before-quit', first);
    app.emit('before-quit', { preventDefault: vi.fn() });
    expect(first.preventDefault).toHaveBeenCalled();
    expect(guard.isQuitting()).toBe(true);
    expect(drain).toHaveBeenCalledTimes(1);
    expect(quits).toBe(0);
    finishBatch();
    await vi.waitFor(() => expect(quits).toBe(1));
  });
});
