// The order a list of mail is read in. Mail still waiting is read by when it leaves (the next
// attempt, which is the send time until a retry or a pacing wait moves it); finished mail newest
// first. Each order is one plain column, so SQLite walks the (status, column) index instead of
// sorting the whole state.
import { asc, desc, type SQL } from 'drizzle-orm';
import type { EmailStatus } from '../../../shared/domain';
import { emails } from '../db/schema';

/** `created`: newest first by creation (the CLI's `list`); `leaving`: by each state's own clock. */
export type ListOrder = 'created' | 'leaving';

/** Newest first by creation: the order the search index can be walked in (see queue-manager). */
export function isNewestFirst(status: EmailStatus | undefined, order: ListOrder = 'created'): boolean {
  return order === 'created' || status === undefined;
}

export function listOrderBy(status: EmailStatus | undefined, order: ListOrder = 'created'): SQL[] {
  if (order === 'created' || status === undefined) return [desc(emails.id)]; // = isNewestFirst
  switch (status) {
    case 'scheduled':
    case 'queued':
    case 'sending':
    case 'held':
    case 'paused':
      return [asc(emails.nextAttemptAt), asc(emails.id)];
    case 'sent':
      return [desc(emails.sentAt), desc(emails.id)];
    case 'failed':
    case 'cancelled':
    case 'uncertain':
      return [desc(emails.updatedAt), desc(emails.id)];
  }
}
