// Turns a stream of "something changed" into at most one refresh per interval, always on a later
// timer (never inside the caller's turn): a batch changes the queue once per email, and whoever
// shows counts (tray, window) needs them a few times a second, not ten thousand times a minute.
// The last change is never lost: a trigger during the wait is covered by the pending refresh.

export interface CoalesceTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realTimers: CoalesceTimers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  now: () => performance.now(),
};

export interface Coalesced {
  /** Asks for a refresh: runs after the interval since the last one (or on the next timer). */
  trigger(): void;
  /** Runs a pending refresh now, if any. */
  flush(): void;
  /** Drops a pending refresh. */
  cancel(): void;
}

export function coalesce(run: () => void, intervalMs: number, timers: CoalesceTimers = realTimers): Coalesced {
  let pending: unknown = null;
  let last = Number.NEGATIVE_INFINITY;
  const fire = (): void => {
    pending = null;
    last = timers.now();
    run();
  };
  return {
    trigger() {
      if (pending !== null) return;
      pending = timers.setTimeout(fire, Math.max(0, last + intervalMs - timers.now()));
    },
    flush() {
      if (pending === null) return;
      timers.clearTimeout(pending);
      fire();
    },
    cancel() {
      if (pending !== null) timers.clearTimeout(pending);
      pending = null;
    },
  };
}
