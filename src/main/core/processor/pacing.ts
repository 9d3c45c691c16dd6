// How many emails an account may start right now without breaking its limits, and when it may
// send again if not. A run holds the batch lock, so nobody else sends meanwhile: the counts are
// read once from the attempt log when the run first sees an account, then kept in memory.
import { and, eq, gt, inArray } from 'drizzle-orm';
import type { AccountLimits } from '../../../shared/domain';
import type { Db } from '../db/open-database';
import { attempts, emails } from '../db/schema';

// Windows are a little longer than the provider's: we count a send when it starts, the provider
// when its request arrives, so without a margin the first send past a window boundary can land
// inside the provider's window and be refused (seen as one 429 per run in bench/pacing.ts).
export const MINUTE_MS = 61_000;
export const DAY_MS = 24 * 60 * 60_000 + 60_000;

/** Attempt outcomes that reached (or may have reached) the provider: they count for the rate. */
const COUNTED = ['in-flight', 'sent', 'uncertain', 'retry', 'failed'] as const;
/** Outcomes that count as a message sent, for the daily message and recipient caps. */
const DELIVERED = new Set(['in-flight', 'sent', 'uncertain']);

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

interface Start {
  at: number;
  recipients: number;
  delivered: boolean;
  emailId: number;
}

/** One account's recent starts, oldest first. */
export class AccountPace {
  private starts: Start[] = [];

  static load(db: Db, accountId: number, now: number): AccountPace {
    const pace = new AccountPace();
    pace.starts = db
      .select({ at: attempts.startedAt, outcome: attempts.outcome, recipients: emails.recipientCount, emailId: attempts.emailId })
      .from(attempts)
      .innerJoin(emails, eq(emails.id, attempts.emailId))
      .where(and(eq(attempts.accountId, accountId), gt(attempts.startedAt, now - DAY_MS), inArray(attempts.outcome, [...COUNTED])))
      .orderBy(attempts.startedAt)
      .all()
      .map((row) => ({ at: row.at, recipients: row.recipients, delivered: DELIVERED.has(row.outcome), emailId: row.emailId }));
    return pace;
  }

  /** Records a claim. */
  started(emailId: number, at: number, recipients: number): void {
    this.starts.push({ at, recipients, delivered: true, emailId });
  }

  /** The provider never took it (rate-limited, re-authorisation): it does not count. */
  forget(emailId: number): void {
    const index = this.starts.findLastIndex((start) => start.emailId === emailId);
    if (index >= 0) this.starts.splice(index, 1);
  }

  /** It reached the provider but was not sent (retry, failure): counts for the rate only. */
  notDelivered(emailId: number): void {
    const start = this.starts.findLast((candidate) => candidate.emailId === emailId);
    if (start) start.delivered = false;
  }

  allowance(limits: AccountLimits, inFlight: number, now: number): Allowance {
    while (this.starts.length > 0 && (this.starts[0] as Start).at <= now - DAY_MS) this.starts.shift();
    let dayCount = 0;
    let dayRecipients = 0;
    let oldestDelivered: number | null = null;
    const minute: number[] = [];
    for (const start of this.starts) {
      if (start.delivered) {
        dayCount += 1;
        dayRecipients += start.recipients;
        oldestDelivered ??= start.at;
      }
      if (start.at > now - MINUTE_MS) minute.push(start.at);
    }
    const recipientsLeft = Math.max(0, limits.recipientsPerDay - dayRecipients);
    const free = Math.max(0, limits.concurrency - inFlight);
    if (dayCount >= limits.perDay || recipientsLeft === 0) {
      return { now: 0, recipientsLeft, nextAt: (oldestDelivered ?? now) + DAY_MS };
    }
    if (minute.length >= limits.perMinute) {
      // The minute frees up when the oldest start still counted drops out of the window.
      return { now: 0, recipientsLeft, nextAt: (minute[minute.length - limits.perMinute] ?? now) + MINUTE_MS };
    }
    const burst = burstSize(limits.perMinute);
    let byRate: number;
    let nextAt: number | null = null;
    if (minute.length < burst) {
      byRate = burst - minute.length;
    } else {
      const interval = MINUTE_MS / limits.perMinute;
      const last = minute[minute.length - 1] ?? 0;
      byRate = now - last >= interval ? 1 : 0;
      if (byRate === 0) nextAt = last + interval;
    }
    const allowed = Math.min(free, byRate, limits.perDay - dayCount, limits.perMinute - minute.length);
    return { now: Math.max(0, allowed), recipientsLeft, nextAt };
  }
}
