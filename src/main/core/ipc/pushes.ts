// Turns engine events into the contract's pushes, for any transport. A batch changes the queue
// once per email, so `queue:changed` / `queue:counts` are coalesced: at most one pair per turn of
// the event loop, carrying the counts as they are when sent.
import type { PushChannel, PushPayload } from '../../../shared/ipc-contract';
import { watchOtherWriters } from '../db/change-watch';
import type { Engine, EngineEventMap } from '../engine';

export type PushSink = <C extends PushChannel>(channel: C, payload: PushPayload<C>) => void;

export function forwardEnginePushes(engine: Engine, push: PushSink, defer: (run: () => void) => void = (run) => setImmediate(run)): () => void {
  let queued = false;
  const onQueueChanged = (): void => {
    if (queued) return;
    queued = true;
    defer(() => {
      queued = false;
      push('queue:changed', {});
      try {
        push('queue:counts', { counts: engine.queue.counts(), due: engine.queue.dueCount(), attention: engine.queue.attentionCount() });
      } catch (error) {
        // The engine may be closing; a missed count push is refreshed by the next change.
        engine.log.warn({ err: error }, 'could not read queue counts for a push');
      }
    });
  };
  const onAccountChanged = (accountId: number): void => push('accounts:changed', { accountId });
  const onStarted = (): void => push('batch:progress', { phase: 'started' });
  const onRunProgress = (...[progress]: Parameters<Listener<'progress'>>): void => push('batch:progress', { phase: 'progress', progress });
  const onFinished = (...[summary]: Parameters<Listener<'run-finished'>>): void => push('batch:progress', { phase: 'finished', summary });

  engine.events.on('queue-changed', onQueueChanged);
  engine.events.on('account-changed', onAccountChanged);
  engine.events.on('run-started', onStarted);
  engine.events.on('progress', onRunProgress);
  engine.events.on('run-finished', onFinished);
  return () => {
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
