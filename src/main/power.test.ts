// Power and network: catch up on resume and when the network returns; keep the machine awake
// while a batch runs.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { EngineEventMap } from './core/engine';
import { watchPowerAndNetwork } from './power';

describe('power and network', () => {
  it('catches up on resume and when the network comes back; blocks suspension while a batch runs', () => {
    const monitor = new EventEmitter();
    const events = new EventEmitter<EngineEventMap>();
    let online = false;
    let poll: () => void = () => undefined;
    const blocker = { start: vi.fn(() => 42), stop: vi.fn(), isStarted: vi.fn(() => true) };
    const catchUp = vi.fn();
    watchPowerAndNetwork(
      { powerMonitor: monitor as never, powerSaveBlocker: blocker, net: { isOnline: () => online }, setInterval: (run) => ((poll = run), {}), clearInterval: () => undefined },
      events,
      catchUp,
    );
    monitor.emit('resume');
    expect(catchUp).toHaveBeenCalledTimes(1);
    poll();
    expect(catchUp).toHaveBeenCalledTimes(1);
    online = true;
    poll();
    poll();
    expect(catchUp).toHaveBeenCalledTimes(2);
    events.emit('run-started');
    expect(blocker.start).toHaveBeenCalledWith('prevent-app-suspension');
    events.emit('run-finished', { sent: 1, failed: 0, retrying: 0, held: 0, deferred: 0, uncertain: 0, stoppedBy: 'done' });
    expect(blocker.stop).toHaveBeenCalledWith(42);
  });
});
