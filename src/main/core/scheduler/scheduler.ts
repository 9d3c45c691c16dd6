// Decides when the app sends: a cron tick (settings.schedulerCron, every minute by default) as
// the safety net, plus an exact timer armed for the next due email, so mail scheduled for 09:00:00
// leaves at 09:00 rather than up to a tick late; and a catch-up on wake or when the network is
// back. Runs never overlap: an in-process guard, and the engine's database lock that also keeps a
// cron-run `facteur process-queue` out. Time, the timer and cron are injected so tests drive them.
import { schedule as scheduleCron } from 'node-cron';
import type { ProcessSummary } from '../../../shared/domain';
import type { Settings } from '../../../shared/settings';
import type { Engine } from '../engine';

export interface CronTask {
  stop(): void;
}
export type CronFactory = (expression: string, tick: () => void) => CronTask;
/** Resolves after `ms`, or as soon as `signal` aborts (the caller checks which). */
export type Wait = (ms: number, signal: AbortSignal) => Promise<void>;

export interface SchedulerOptions {
  cron?: CronFactory;
  /** Defaults to the engine clock's sleep. */
  wait?: Wait;
  maxRuntimeMs?: number;
  /** After a run that could send nothing due (another process held the lock, quotas), wait this long. */
  recheckMs?: number;
}

export type RunReason = 'cron' | 'timer' | 'catch-up';

/** setTimeout cannot wait longer than ~24.8 days; a long wait is re-armed in steps. */
const MAX_WAIT_MS = 60 * 60_000;

export const nodeCron: CronFactory = (expression, tick) => {
  const task = scheduleCron(expression, () => tick(), { noOverlap: true });
  return { stop: () => void task.stop() };
};

export class Scheduler {
  private readonly cron: CronFactory;
  private readonly wait: Wait;
  private cronTask: CronTask | null = null;
  private cronExpression: string | null = null;
  private timer: AbortController | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private stopping = new AbortController();
  /** The exact timer does not fire before this (set after a run that could not send what was due). */
  private holdUntil = 0;
  private paused = false;

  constructor(
    private readonly engine: Engine,
    private readonly options: SchedulerOptions = {},
  ) {
    this.cron = options.cron ?? nodeCron;
    this.wait = options.wait ?? ((ms, signal) => engine.clock.sleep(ms, signal));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = new AbortController();
    this.engine.events.on('queue-changed', this.rearm);
    this.reconfigure(this.engine.settings.get());
  }

  /** Applies saved settings: a new cron expression, pause or resume (resuming catches up). */
  reconfigure(settings: Settings): void {
    if (this.stopped) return;
    if (settings.schedulerCron !== this.cronExpression) {
      this.cronTask?.stop();
      this.cronExpression = settings.schedulerCron;
      this.cronTask = this.cron(settings.schedulerCron, () => void this.run('cron'));
    }
    const resumed = this.paused && !settings.paused;
    this.paused = settings.paused;
    if (resumed) void this.catchUp();
    else this.rearm();
  }

  /** After sleep, network back, resume or "send now": send everything due at once. */
  catchUp(): Promise<void> {
    this.holdUntil = 0;
    return this.run('catch-up');
  }

  /** Resolves when no batch is running. */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * Stops scheduling; a running batch stops claiming and finishes what is in flight (the
   * processor's AbortSignal), and this resolves once it has — so quitting never cuts a send.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cronTask?.stop();
    this.cronTask = null;
    this.cronExpression = null;
    this.timer?.abort();
    this.timer = null;
    this.engine.events.off('queue-changed', this.rearm);
    this.stopping.abort();
    await this.whenIdle();
  }

  get isRunning(): boolean {
    return this.running !== null;
  }

  private run(reason: RunReason): Promise<void> {
    if (this.stopped || this.paused || this.engine.settings.get().paused) return Promise.resolve();
    if (this.running) {
      // A tick or the timer during a batch is redundant: the batch rearms when it ends. An
      // explicit catch-up asks for one more pass, for mail that became due meanwhile.
      if (reason === 'catch-up') this.again = true;
      return this.running;
    }
    this.timer?.abort();
    this.timer = null;
    this.running = this.loop(reason).finally(() => {
      this.running = null;
      this.rearm();
    });
    return this.running;
  }

  private async loop(reason: RunReason): Promise<void> {
    let pass = 0;
    do {
      this.again = false;
      pass += 1;
      let summary: ProcessSummary;
      try {
        summary = await this.engine.process({
          signal: this.stopping.signal,
          ...(this.options.maxRuntimeMs === undefined ? {} : { maxRuntimeMs: this.options.maxRuntimeMs }),
        });
      } catch (error) {
        this.engine.log.error({ err: error, reason }, 'scheduled run failed');
        this.holdUntil = this.engine.clock.now() + (this.options.recheckMs ?? 15_000);
        return;
      }
      const moved = summary.sent + summary.failed + summary.retrying + summary.held + summary.uncertain;
      // Mail is due but nothing could go (locked by a CLI run, quota spent): without this hold
      // the exact timer, seeing mail still due, would spin. A pass that found nothing due holds
      // nothing back — mail scheduled a moment later must still leave on time.
      const dueNow = (this.engine.queue.nextDueAt() ?? Number.POSITIVE_INFINITY) <= this.engine.clock.now();
      if (summary.stoppedBy === 'locked' || (moved === 0 && dueNow)) {
        this.holdUntil = this.engine.clock.now() + (this.options.recheckMs ?? 15_000);
        return;
      }
      this.holdUntil = 0;
      if (moved === 0) return;
    } while (this.again && !this.stopped && pass < 10);
  }

  /** Arms the exact timer for the next due email (called whenever the queue changes). */
  private readonly rearm = (): void => {
    this.timer?.abort();
    this.timer = null;
    if (this.stopped || this.paused || this.running) return;
    const next = this.engine.queue.nextDueAt();
    if (next === null) return;
    const at = Math.max(next, this.holdUntil);
    const delay = Math.min(Math.max(0, at - this.engine.clock.now()), MAX_WAIT_MS);
    const controller = new AbortController();
    this.timer = controller;
    void this.wait(delay, controller.signal).then(() => {
      if (controller.signal.aborted || this.timer !== controller) return;
      this.timer = null;
      if (this.engine.clock.now() >= at) void this.run('timer');
      else this.rearm();
    });
  };
}
