// The outbox's requests: queue, edit, undo, reschedule, cancel, retry, list and read mail, and
// stop or skip a repeating series. Attachment paths are checked against what the user picked.
import { undoDeadline, undoSend } from '../queue/undo-send';
import { resendRefused } from '../queue/resend-refused';
import { waitReason } from '../queue/wait-reason';
import type { HandlerContext } from './handler-context';
import type { ImplsFor } from './handler-map';

export function queueHandlers({ engine, platform, checkAttachments }: HandlerContext): ImplsFor<'queue' | 'series'> {
  return {
    'queue:enqueue': async ({ accountId, message, sendAt, timeZone, maxAttempts, expiresAfterMinutes, undoable, repeat }) => {
      checkAttachments(message);
      // The delay lives in the engine (a send time a few seconds ahead), so closing the window
      // after "Send" still sends.
      const undoUntil = undoable && !sendAt && !repeat ? undoDeadline(engine.clock.now(), engine.settings.get().undoSendSeconds) : null;
      const id = await engine.queue.queueEmail(message, accountId, {
        sendAt: undoUntil ?? sendAt ?? null,
        timeZone: timeZone ?? null,
        maxAttempts: maxAttempts ?? null,
        expiresAfterMinutes: expiresAfterMinutes ?? null,
        repeat: repeat ?? null,
      });
      return undoUntil ? { id, undoUntil } : { id };
    },
    'queue:undoSend': ({ id }) => {
      undoSend(engine.db, engine.clock, id);
      engine.events.emit('queue-changed');
      return null;
    },
    'queue:edit': async ({ id, accountId, message, sendAt, timeZone, maxAttempts, expiresAfterMinutes }) => {
      checkAttachments(message);
      await engine.queue.edit(id, message, {
        sendAt: sendAt ?? null,
        timeZone: timeZone ?? null,
        maxAttempts: maxAttempts ?? null,
        expiresAfterMinutes: expiresAfterMinutes ?? null,
        ...(accountId === undefined ? {} : { accountRef: accountId }),
      });
      return { id };
    },
    'queue:resendRefused': async ({ originalId, accountId, message, sendAt, timeZone, maxAttempts }) => {
      checkAttachments(message);
      const options = { sendAt: sendAt ?? null, timeZone: timeZone ?? null, maxAttempts: maxAttempts ?? null };
      return { id: await resendRefused(engine.db, engine.queue, originalId, message, accountId, options) };
    },
    'queue:reschedule': ({ id, sendAt, timeZone }) => {
      engine.queue.reschedule(id, sendAt, timeZone ?? null);
      return null;
    },
    'queue:cancel': ({ id }) => {
      engine.queue.cancel(id);
      return null;
    },
    'queue:retry': ({ id }) => ({ count: engine.queue.retry(id) }),
    'queue:retryAllFailed': ({ accountId }) => engine.queue.retryAllFailed(accountId),
    'queue:markSent': ({ id }) => {
      engine.queue.markSent(id);
      return null;
    },
    'series:stop': ({ id }) => engine.series.stop(id),
    'series:skip': ({ id }) => engine.series.skip(id),
    'queue:list': ({ status, accountId, search, attention, order, limit, offset }) => {
      // One row more than asked tells whether there is a next page without a count query.
      const rows = engine.queue.list({ status, accountId, search, attention, order, limit: limit + 1, offset });
      return { items: rows.slice(0, limit), hasMore: rows.length > limit };
    },
    'queue:get': ({ id }) => ({ ...engine.queue.get(id), waiting: waitReason(engine.db, engine.accounts, engine.settings, engine.clock, id) }),
    'queue:counts': () => ({ counts: engine.queue.counts(), due: engine.queue.dueCount(), attention: engine.queue.attentionCount() }),
    'queue:processNow': () => {
      platform.requestProcessing();
      return null;
    },
  };
}
