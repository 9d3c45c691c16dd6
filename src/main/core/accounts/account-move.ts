// Moving an account's unsent mail to another account, so removing an account need not cancel
// what it still had to send. Scheduled, queued and held mail moves with its send time; the sender
// becomes the other account (From and the Message-ID's domain follow it). Mail being sent or
// whose fate is uncertain stays: moving it could send it twice.
import { isLateHeld } from '../../../shared/late-mail';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Clock } from '../clock';
import { writeTransaction, type Db } from '../db/open-database';
import { emails } from '../db/schema';
import { FacteurError, invalidInput } from '../errors';
import { messageIdFor } from '../queue/enqueue-preparation';
import type { AccountService } from './account-service';

export const MOVABLE_STATUSES = ['scheduled', 'queued', 'held'] as const;

/** The account's unsent mail: what can move, and what removing would drop (being sent, uncertain). */
export function unsentMail(db: Db, accountId: number): { movable: number; stuck: number } {
  const rows = db
    .select({ status: emails.status, count: sql<number>`count(*)` })
    .from(emails)
    .where(and(eq(emails.accountId, accountId), inArray(emails.status, [...MOVABLE_STATUSES, 'sending', 'uncertain'])))
    .groupBy(emails.status)
    .all();
  const movable = rows.filter((row) => (MOVABLE_STATUSES as readonly string[]).includes(row.status)).reduce((sum, row) => sum + row.count, 0);
  return { movable, stuck: rows.reduce((sum, row) => sum + row.count, 0) - movable };
}

/**
 * Moves every movable email of `fromId` to `toId` in one transaction, or none: mail that would
 * break the other account's limits (recipients, size) refuses the whole move, naming how many.
 */
export function moveUnsentMail(db: Db, accounts: AccountService, fromId: number, toId: number, clock: Clock): number {
  if (fromId === toId) throw invalidInput('moveTo', 'choose another account than the one being removed');
  accounts.get(fromId); // not found → a clear error before anything moves
  const to = accounts.get(toId);
  if (!to.active) throw new FacteurError('conflict', `account ${to.email} is disabled; enable it before moving mail to it`, 'moveTo');
  const limits = accounts.limitsOf(to);
  const now = clock.now();
  const moved = writeTransaction(db, () => {
    const rows = db
      .select({ id: emails.id, uid: emails.uid, status: emails.status, code: emails.lastErrorCode, sendAt: emails.sendAt, recipients: emails.recipientCount, size: emails.sizeBytes })
      .from(emails)
      .where(and(eq(emails.accountId, fromId), inArray(emails.status, [...MOVABLE_STATUSES])))
      .all();
    const misfits = rows.filter((row) => row.recipients > limits.maxRecipients || row.size > limits.maxMessageBytes).length;
    if (misfits > 0) {
      throw invalidInput(
        'moveTo',
        `${misfits} of the ${rows.length} emails exceed ${to.email}'s limits (${limits.maxRecipients} recipients, ${limits.maxMessageBytes} bytes per message)`,
      );
    }
    for (const row of rows) {
      // Held mail waited for its old account's sign-in; with a ready account it simply waits for its time.
      // Mail that missed its time stays held for the user's decision (late/late-mail.ts).
      const status =
        to.state === 'needs-reauth' || isLateHeld({ status: row.status, lastErrorCode: row.code }) ? 'held' : row.status !== 'held' ? row.status : row.sendAt > now ? 'scheduled' : 'queued';
      db.update(emails)
        .set({ accountId: toId, status, messageId: messageIdFor(row.uid, to.email), updatedAt: now })
        .where(eq(emails.id, row.id))
        .run();
    }
    return rows.length;
  });
  return moved;
}
