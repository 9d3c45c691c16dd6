// Turns engine events into the contract's pushes, for any transport. A batch changes the queue
// and its progress once per email, so `queue:changed` / `queue:counts` and `batch:progress`
// are coalesced (core/coalesce.ts): at most one of each per interval, on a timer of their own,
// carrying the state as it is when sent. Start and finish are pushed as they happen.
import type { PushChannel, PushPayload } from '../../../shared/ipc-contract';
import { watchOtherWriters } from '../db/change-watch';
import type { ProcessProgress } from '../processor/processor';
import { coalesce, type CoalesceTimers } from '../coalesce';
import type { Engine, EngineEventMap } from '../engine';

export type PushSink = <C extends PushChannel>(channel: C, payload: PushPayload<C>) => void;

export interface PushOptions {
  /** Shortest time between two count pushes, and between two progress pushes (ms). */
  intervalMs?: number;
  timers?: CoalesceTimers;
}

/** Four refreshes a second: live to the eye, nothing next to a batch's own work. */
export const PUSH_INTERVAL_MS = 250;

export function forwardEnginePushes(engine: Engine, push: PushSink, options: PushOptions = {}): () => void {
  const interval = options.intervalMs ?? PUSH_INTERVAL_MS;
  const counts = coalesce(
    () => {
      push('queue:changed', {});
      try {
        push('queue:counts', { counts: engine.queue.counts(), due: engine.queue.dueCount(), attention: engine.queue.attentionCount() });
      } catch (error) {
        // The engine may be closing; a missed count push is refreshed by the next change.
        engine.log.warn({ err: error }, 'could not read queue counts for a push');
      }
    },
    interval,
    options.timers,
  );
  let latest: ProcessProgress | null = null;
  const progress = coalesce(
    () => {
      if (latest) push('batch:progress', { phase: 'progress', progress: latest });
    },
    interval,
    options.timers,
  );
  const onQueueChanged = (): void => counts.trigger();
  const onAccountChanged = (accountId: number): void => push('accounts:changed', { accountId });
  const onStarted = (): void => push('batch:progress', { phase: 'started' });
  const onRunProgress = (...[value]: Parameters<Listener<'progress'>>): void => {
    latest = value;
    progress.trigger();
  };
  const onFinished = (...[summary]: Parameters<Listener<'run-finished'>>): void => {
    // Progress that has not gone out yet is older than the finish: it must not arrive after it.
    progress.cancel();
    latest = null;
    push('batch:progress', { phase: 'finished', summary });
  };

  engine.events.on('queue-changed', onQueueChanged);
  engine.events.on('account-changed', onAccountChanged);
  engine.events.on('run-started', onStarted);
  engine.events.on('progress', onRunProgress);
  engine.events.on('run-finished', onFinished);
  return () => {
    counts.cancel();
    progress.cancel();
    engine.events.off('queue-changed', onQueueChanged);
    engine.events.off('account-changed', onAccountChanged);
    engine.events.off('run-started', onStarted);
    engine.events.off('progress', onRunProgress);
    engine.events.off('run-finished', onFinished);
  };
}

/**
 * Another process (the CLI, the background job) committed to the database: the queue and the
 * accounts may have changed, so the window and the tray reload. Returns the stop function.
 */
export function forwardOtherWriters(engine: Engine, push: PushSink, intervalMs?: number): () => void {
  const watch = watchOtherWriters(
    engine.db,
    () => {
      engine.events.emit('queue-changed');
      push('accounts:changed', { accountId: null });
    },
    intervalMs,
  );
  return () => watch.stop();
}

type Listener<E extends keyof EngineEventMap> = (...args: EngineEventMap[E]) => void;
