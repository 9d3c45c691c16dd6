// Which failed mail "Retry all failed" takes: only what a retry may fix (shared/failure-kind.ts).
import { and, eq } from 'drizzle-orm';
import { isPermanentFailure } from '../../../shared/failure-kind';
import type { Db } from '../db/open-database';
import { emails } from '../db/schema';

export function retryableFailedIds(db: Db, accountId?: number, onlyRetryable = true): { retryable: number[]; left: number } {
  const where = accountId === undefined ? eq(emails.status, 'failed') : and(eq(emails.status, 'failed'), eq(emails.accountId, accountId));
  const rows = db.select({ id: emails.id, code: emails.lastErrorCode }).from(emails).where(where).all();
  const retryable = rows.filter((row) => !onlyRetryable || !isPermanentFailure(row.code)).map((row) => row.id);
  return { retryable, left: rows.length - retryable.length };
}
