// Time is injected: the engine never calls Date.now() itself, so tests can move it.

export interface Clock {
  now(): number;
  /** Resolves after `ms` (or at once when `signal` aborts). A fake clock resolves when advanced. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted || ms <= 0) return resolve();
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** A clock tests drive by hand; sleepers wake when `advance` passes their deadline. */
export class FakeClock implements Clock {
  private sleepers: Array<{ until: number; resolve: () => void }> = [];
  constructor(private current = Date.UTC(2030, 0, 1, 9, 0, 0)) {}

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms <= 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const sleeper = { until: this.current + ms, resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  /** When the earliest sleeper wakes, or null if nobody is sleeping on this clock. */
  nextWake(): number | null {
    return this.sleepers.length === 0 ? null : Math.min(...this.sleepers.map((s) => s.until));
  }

  /** Moves time forward (or back, for clock-jump tests) and wakes due sleepers. */
  advance(ms: number): void {
    this.current += ms;
    const due = this.sleepers.filter((s) => s.until <= this.current);
    this.sleepers = this.sleepers.filter((s) => s.until > this.current);
    for (const sleeper of due) sleeper.resolve();
  }

  set(time: number): void {
    this.advance(time - this.current);
  }
}
