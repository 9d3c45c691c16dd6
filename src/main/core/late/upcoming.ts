// How much mail is waiting to leave within a horizon: what the quit warning counts (mail that
// will not leave while Facteur is quit, unless background sending is on).
import { and, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { emails } from '../db/schema';

export const QUIT_WARNING_HORIZON_MS = 24 * 60 * 60_000;

/** Scheduled or queued mail whose next try is before `now + horizonMs` (overdue mail included). */
export function countLeavingWithin(db: Db, now: number, horizonMs: number = QUIT_WARNING_HORIZON_MS): number {
  const row = db
    .select({ count: sql<number>`count(*)` })
    .from(emails)
    .where(and(inArray(emails.status, ['scheduled', 'queued']), lte(emails.nextAttemptAt, now + horizonMs)))
    .get();
  return row?.count ?? 0;
}
