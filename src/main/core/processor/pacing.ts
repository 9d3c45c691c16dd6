// How many emails an account may start right now without breaking its limits, and when it may
// send again if not. A run holds the batch lock, so nobody else sends meanwhile: the counts are
// rebuilt once from the attempt log when the run first sees an account, then kept in memory as
// running counters.
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

/**
 * One account's starts of the last day, oldest first, as a ring of running counters: the day's
 * and the minute's windows are two read positions moving forward in one array, and the day's
 * message and recipient totals are kept as starts enter, leave or stop counting. Each claim costs
 * the same whether the account sent ten emails today or fifty thousand.
 */
export class AccountPace {
  private starts: Start[] = [];
  /** First start still inside the day window. */
  private head = 0;
  /** First start still inside the minute window (never before `head`). */
  private minuteHead = 0;
  /** No delivered start inside the day window sits before this position. */
  private deliveredHead = 0;
  private dayCount = 0;
  private dayRecipients = 0;

  static load(db: Db, accountId: number, now: number): AccountPace {
    const pace = new AccountPace();
    const rows = db
      .select({ at: attempts.startedAt, outcome: attempts.outcome, recipients: emails.recipientCount, emailId: attempts.emailId })
      .from(attempts)
      .innerJoin(emails, eq(emails.id, attempts.emailId))
      .where(and(eq(attempts.accountId, accountId), gt(attempts.startedAt, now - DAY_MS), inArray(attempts.outcome, [...COUNTED])))
      .orderBy(attempts.startedAt)
      .all();
    for (const row of rows) pace.push({ at: row.at, recipients: row.recipients, delivered: DELIVERED.has(row.outcome), emailId: row.emailId });
    return pace;
  }

  private push(start: Start): void {
    this.starts.push(start);
    if (start.delivered) this.count(start, 1);
  }

  private count(start: Start, sign: 1 | -1): void {
    this.dayCount += sign;
    this.dayRecipients += sign * start.recipients;
  }

  /** Where this email's latest start is; outcomes arrive soon after their claim, near the end. */
  private lastIndexOf(emailId: number): number {
    for (let index = this.starts.length - 1; index >= this.head; index -= 1) {
      if ((this.starts[index] as Start).emailId === emailId) return index;
    }
    return -1;
  }

  /** Records a claim. */
  started(emailId: number, at: number, recipients: number): void {
    this.push({ at, recipients, delivered: true, emailId });
  }

  /** The provider never took it (rate-limited, re-authorisation): it does not count. Rare. */
  forget(emailId: number): void {
    const index = this.lastIndexOf(emailId);
    if (index < 0) return;
    const [start] = this.starts.splice(index, 1) as [Start];
    if (start.delivered) this.count(start, -1);
    if (index < this.minuteHead) this.minuteHead -= 1;
    if (index < this.deliveredHead) this.deliveredHead -= 1;
  }

  /** It reached the provider but was not sent (retry, failure): counts for the rate only. */
  notDelivered(emailId: number): void {
    const start = this.starts[this.lastIndexOf(emailId)];
    if (start?.delivered) {
      start.delivered = false;
      this.count(start, -1);
    }
  }

  /** Moves the windows' read positions up to `now`, dropping what left the day. */
  private advance(now: number): void {
    const starts = this.starts;
    while (this.head < starts.length && (starts[this.head] as Start).at <= now - DAY_MS) {
      const start = starts[this.head] as Start;
      if (start.delivered) this.count(start, -1);
      this.head += 1;
    }
    this.minuteHead = Math.max(this.minuteHead, this.head);
    while (this.minuteHead < starts.length && (starts[this.minuteHead] as Start).at <= now - MINUTE_MS) this.minuteHead += 1;
    this.deliveredHead = Math.max(this.deliveredHead, this.head);
    while (this.deliveredHead < starts.length && !(starts[this.deliveredHead] as Start).delivered) this.deliveredHead += 1;
    if (this.head > 1024 && this.head * 2 > starts.length) {
      // Reclaim the space of starts that left the day, now and then (amortised constant).
      this.starts = starts.slice(this.head);
      this.minuteHead -= this.head;
      this.deliveredHead -= this.head;
      this.head = 0;
    }
  }

  allowance(limits: AccountLimits, inFlight: number, now: number): Allowance {
    this.advance(now);
    const starts = this.starts;
    const inMinute = starts.length - this.minuteHead;
    const oldestDelivered = this.deliveredHead < starts.length ? (starts[this.deliveredHead] as Start).at : null;
    const recipientsLeft = Math.max(0, limits.recipientsPerDay - this.dayRecipients);
    const free = Math.max(0, limits.concurrency - inFlight);
    if (this.dayCount >= limits.perDay || recipientsLeft === 0) {
      return { now: 0, recipientsLeft, nextAt: (oldestDelivered ?? now) + DAY_MS };
    }
    if (inMinute >= limits.perMinute) {
      // The minute frees up when the oldest start still counted drops out of the window.
      return { now: 0, recipientsLeft, nextAt: ((starts[starts.length - limits.perMinute] as Start | undefined)?.at ?? now) + MINUTE_MS };
    }
    const burst = burstSize(limits.perMinute);
    let byRate: number;
    let nextAt: number | null = null;
    if (inMinute < burst) {
      byRate = burst - inMinute;
    } else {
      const interval = MINUTE_MS / limits.perMinute;
      const last = (starts[starts.length - 1] as Start | undefined)?.at ?? 0;
      byRate = now - last >= interval ? 1 : 0;
      if (byRate === 0) nextAt = last + interval;
    }
    const allowed = Math.min(free, byRate, limits.perDay - this.dayCount, limits.perMinute - inMinute);
    return { now: Math.max(0, allowed), recipientsLeft, nextAt };
  }
}
