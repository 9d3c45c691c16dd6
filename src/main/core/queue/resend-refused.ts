// "Send again to the refused recipients": a sent mail that some servers refused goes out again,
// as a new email, to the recipients the user chose (usually the refused ones, corrected). The
// original stays as sent to the others; its refusals are marked as resent, so it no longer
// counts in `attention`.
import { and, eq, isNull } from 'drizzle-orm';
import { writeTransaction, type Db } from '../db/open-database';
import { emails, recipientOutcomes } from '../db/schema';
import { FacteurError, notFound } from '../errors';
import type { EnqueueOptions } from './enqueue-preparation';
import type { QueueManager } from './queue-manager';

export async function resendRefused(
  db: Db,
  queue: QueueManager,
  originalId: number,
  message: unknown,
  accountRef: number,
  options: EnqueueOptions = {},
): Promise<number> {
  const original = db.select({ status: emails.status }).from(emails).where(eq(emails.id, originalId)).get();
  if (!original) throw notFound(`email ${originalId}`);
  const refused = () =>
    and(eq(recipientOutcomes.emailId, originalId), eq(recipientOutcomes.outcome, 'refused'), isNull(recipientOutcomes.resentAs));
  if (original.status !== 'sent' || !db.select({ address: recipientOutcomes.address }).from(recipientOutcomes).where(refused()).get()) {
    throw new FacteurError('conflict', `email ${originalId} has no refused recipient left to send again to`, 'id');
  }
  // Validated and queued exactly like any new mail; the refusals are marked only once it is.
  const id = await queue.queueEmail(message, accountRef, options);
  writeTransaction(db, () => {
    db.update(recipientOutcomes).set({ resentAs: id }).where(refused()).run();
  });
  return id;
}
