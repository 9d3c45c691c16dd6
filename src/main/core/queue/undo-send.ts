// "Undo send": mail sent from the window with an undo delay is ordinary scheduled mail whose time
// is a few seconds ahead, so it still leaves if the window closes. Undoing it before that time
// removes it as if it had never been queued (the window puts it back in compose); once the
// processor has claimed it, it is too late and nothing changes.
import { eq } from 'drizzle-orm';
import type { Clock } from '../clock';
import { writeTransaction, type Db } from '../db/open-database';
import { emails } from '../db/schema';
import { FacteurError, notFound } from '../errors';

/** When mail sent "now" from the window leaves: after the undo delay, or at once (null). */
export function undoDeadline(now: number, undoSendSeconds: number): string | null {
  return undoSendSeconds > 0 ? new Date(now + undoSendSeconds * 1000).toISOString() : null;
}

/** The longest undo delay (settings.undoSendSeconds), plus slack for a slow enqueue. */
const MAX_UNDO_WINDOW_MS = (60 + 5) * 1000;

/**
 * Removes mail still inside its undo delay. Only mail sent "now" with an undo delay qualifies
 * (its send time is at most the longest delay after it was queued): scheduled mail is cancelled,
 * never deleted through this door.
 */
export function undoSend(db: Db, clock: Clock, id: number): void {
  const now = clock.now();
  writeTransaction(db, () => {
    const row = db
      .select({ status: emails.status, sendAt: emails.sendAt, createdAt: emails.createdAt, transmitStartedAt: emails.transmitStartedAt })
      .from(emails)
      .where(eq(emails.id, id))
      .get();
    if (!row) throw notFound(`email ${id}`);
    const waiting = (row.status === 'scheduled' || row.status === 'queued') && row.transmitStartedAt === null;
    if (!waiting || row.sendAt < now) {
      throw new FacteurError('conflict', `email ${id} cannot be undone: it is already on its way`, 'id');
    }
    if (row.sendAt - row.createdAt > MAX_UNDO_WINDOW_MS) {
      throw new FacteurError('conflict', `email ${id} cannot be undone: it was not sent with an undo delay (cancel scheduled mail instead)`, 'id');
    }
    // Contents, attachments links and attempts go with it (on delete cascade); a file no other
    // mail needs is collected later like any other.
    db.delete(emails).where(eq(emails.id, id)).run();
  });
}
