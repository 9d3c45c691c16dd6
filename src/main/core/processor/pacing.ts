// How many emails an account may start right now without breaking its limits, and when it may
// send again if not. Counts come from the attempt log, so they survive restarts and are shared by
// every process using the same data dir.
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { AccountLimits } from '../../../shared/domain';
import type { Db } from '../db/open-database';
import { attempts, emails } from '../db/schema';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Attempt outcomes that reached (or may have reached) the provider and so count against quotas. */
const COUNTED = ['in-flight', 'sent', 'uncertain', 'retry', 'failed'] as const;
/** Outcomes that count as a message sent, for the daily message and recipient caps. */
const DELIVERED = ['in-flight', 'sent', 'uncertain'] as const;

export interface Allowance {
  /** Emails that may start now. */
  now: number;
  /** Recipients still allowed today (checked per email: a big one waits, a small one may go). */
  recipientsLeft: number;
  /** When more capacity frees up, if `now` is 0 because of a limit (not concurrency). */
  nextAt: number | null;
}

/** After this many sends in a minute, the rest of the minute's allowance is spread out evenly. */
export function burstSize(perMinute: number): number {
  return Math.max(1, Math.ceil(perMinute / 6));
}

export function allowance(db: Db, accountId: number, limits: AccountLimits, inFlight: number, now: number): Allowance {
  const minuteStarts = db
    .select({ at: attempts.startedAt })
    .from(attempts)
    .where(and(eq(attempts.accountId, accountId), gt(attempts.startedAt, now - MINUTE_MS), inArray(attempts.outcome, [...COUNTED])))
    .orderBy(attempts.startedAt)
    .all()
    .map((row) => row.at);
  const day = db
    .select({
      count: sql<number>`count(*)`,
      recipients: sql<number>`coalesce(sum(${emails.recipientCount}), 0)`,
      oldest: sql<number | null>`min(${attempts.startedAt})`,
    })
    .from(attempts)
    .innerJoin(emails, eq(emails.id, attempts.emailId))
    .where(and(eq(attempts.accountId, accountId), gt(attempts.startedAt, now - DAY_MS), inArray(attempts.outcome, [...DELIVERED])))
    .get() ?? { count: 0, recipients: 0, oldest: null };

  const recipientsLeft = Math.max(0, limits.recipientsPerDay - day.recipients);
  const free = Math.max(0, limits.concurrency - inFlight);
  if (day.count >= limits.perDay || recipientsLeft === 0) {
    return { now: 0, recipientsLeft, nextAt: (day.oldest ?? now) + DAY_MS };
  }
  if (minuteStarts.length >= limits.perMinute) {
    const freesAt = (minuteStarts[minuteStarts.length - limits.perMinute] ?? now) + MINUTE_MS;
    return { now: 0, recipientsLeft, nextAt: freesAt };
  }
  const burst = burstSize(limits.perMinute);
  let byRate: number;
  let nextAt: number | null = null;
  if (minuteStarts.length < burst) {
    byRate = burst - minuteStarts.length;
  } else {
    const interval = MINUTE_MS / limits.perMinute;
    const last = minuteStarts[minuteStarts.length - 1] ?? 0;
    byRate = now - last >= interval ? 1 : 0;
    if (byRate === 0) nextAt = last + interval;
  }
  const allowed = Math.min(free, byRate, limits.perDay - day.count, limits.perMinute - minuteStarts.length);
  return { now: Math.max(0, allowed), recipientsLeft, nextAt };
}
