// Power and network: after the machine wakes or the network comes back, due mail goes at once
// (timers do not run during sleep); while a batch runs the OS is asked not to suspend the app,
// so a send is not cut in the middle.
import type { Net, PowerMonitor, PowerSaveBlocker } from 'electron';
import type { Engine } from './core/engine';

export interface PowerDeps {
  powerMonitor: Pick<PowerMonitor, 'on' | 'off'>;
  powerSaveBlocker: Pick<PowerSaveBlocker, 'start' | 'stop' | 'isStarted'>;
  net: Pick<Net, 'isOnline'>;
  /** Polls net.isOnline (Electron has no main-process "online" event). */
  setInterval: (run: () => void, ms: number) => { unref?(): void };
  clearInterval: (handle: { unref?(): void }) => void;
}

export function watchPowerAndNetwork(deps: PowerDeps, events: Engine['events'], catchUp: () => void, pollMs = 15_000): () => void {
  let blocker: number | null = null;
  let online = deps.net.isOnline();
  const onResume = (): void => catchUp();
  const poll = deps.setInterval(() => {
    const now = deps.net.isOnline();
    if (now && !online) catchUp();
    online = now;
  }, pollMs);
  poll.unref?.();
  const onStarted = (): void => {
    if (blocker === null) blocker = deps.powerSaveBlocker.start('prevent-app-suspension');
  };
  const onFinished = (): void => {
    if (blocker !== null && deps.powerSaveBlocker.isStarted(blocker)) deps.powerSaveBlocker.stop(blocker);
    blocker = null;
  };
  deps.powerMonitor.on('resume', onResume);
  deps.powerMonitor.on('unlock-screen', onResume);
  events.on('run-started', onStarted);
  events.on('run-finished', onFinished);
  return () => {
    deps.clearInterval(poll);
    deps.powerMonitor.off('resume', onResume);
    deps.powerMonitor.off('unlock-screen', onResume);
    events.off('run-started', onStarted);
    events.off('run-finished', onFinished);
    onFinished();
  };
}
