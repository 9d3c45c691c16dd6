// Writes what happened to one email. Each function is atomic (the processor runs it inside the
// turn's transaction, see turn-commit.ts) and only touches a row this run still leases, so a run
// that lost its claim can never overwrite the truth recorded by another.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Clock } from '../clock';
import { writeTransaction, type Db } from '../db/open-database';
import { accounts, attempts, emails } from '../db/schema';
import { hotStatements } from '../db/hot-statements';
import { writeRecipientRows, type RecipientRow } from './recipients';
import { continueSeries } from '../series/occurrences';

export type AttemptOutcome = typeof attempts.$inferSelect.outcome;

/** Columns an outcome may set; counters can be SQL expressions (`attempts - 1`). */
type EmailUpdate = { [K in keyof typeof emails.$inferInsert]?: (typeof emails.$inferInsert)[K] | SQL };

export interface OutcomeDetail {
  errorCode?: string | null;
  providerCode?: string | null;
  message?: string | null;
}

export class OutcomeRecorder {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly owner: string,
    /**
     * Called inside the transaction when a row this run leased is settled: the run frees the
     * email's concurrency slot at once, so the claim later in the same transaction can reuse it.
     */
    private readonly onSettled: (emailId: number) => void = () => undefined,
  ) {}

  private finishAttempt(emailId: number, outcome: AttemptOutcome, detail: OutcomeDetail): void {
    hotStatements(this.db).finishAttempt.run({
      outcome,
      finishedAt: this.clock.now(),
      errorCode: detail.errorCode ?? null,
      providerCode: detail.providerCode ?? null,
      message: detail.message ?? null,
      emailId,
    });
  }

  private mine(emailId: number) {
    return and(eq(emails.id, emailId), eq(emails.status, 'sending'), eq(emails.leaseOwner, this.owner));
  }

  /** Marks the moment bytes start leaving: from here on, a crash makes the email "uncertain". */
  transmitting(emailId: number): boolean {
    return hotStatements(this.db).transmitting.run({ now: this.clock.now(), emailId, owner: this.owner }).changes === 1;
  }

  /**
   * Releases this run's lease on the email with `fields` applied and closes its in-flight attempt
   * with `outcome`, in one transaction; `alsoDo` runs inside it when the row was still ours.
   */
  private settle(emailId: number, outcome: AttemptOutcome, detail: OutcomeDetail, fields: EmailUpdate, alsoDo?: (now: number) => void): void {
    const now = this.clock.now();
    writeTransaction(this.db, () => {
      const changed = this.db
        .update(emails)
        .set({
          lastError: detail.message ?? null,
          lastErrorCode: detail.errorCode ?? null,
          ...fields,
          leaseOwner: null,
          leaseExpiresAt: null,
          updatedAt: now,
        })
        .where(this.mine(emailId))
        .run().changes;
      if (!changed) return;
      this.finishAttempt(emailId, outcome, detail);
      alsoDo?.(now);
      // Recurring mail: an occurrence that left makes the next one, in this same transaction.
      if (fields.status === 'sent' || fields.status === 'failed' || fields.status === 'uncertain') continueSeries(this.db, emailId, now);
      this.onSettled(emailId);
    });
  }

  /**
   * The common case, on prepared statements (see hot-statements.ts); same effect as settle(). No
   * transaction of its own: it runs inside the turn's, which rolls both statements back together.
   */
  sent(emailId: number, providerMessageId: string | null, response: string | null): void {
    const now = this.clock.now();
    if (hotStatements(this.db).sent.run({ sentAt: now, providerMessageId, emailId, owner: this.owner }).changes === 0) return;
    this.finishAttempt(emailId, 'sent', { message: response });
    continueSeries(this.db, emailId, now); // recurring mail: the next occurrence, in this same transaction
    this.onSettled(emailId);
  }

  failed(emailId: number, detail: OutcomeDetail, recipients: RecipientRow[] = []): void {
    this.settle(emailId, 'failed', detail, { status: 'failed' }, (now) => writeRecipientRows(this.db, emailId, recipients, now));
  }

  /**
   * Accepted for some recipients and settled for all (the rest refused): `sent`, with each
   * recipient's outcome and a last error saying who was refused.
   */
  sentTo(emailId: number, providerMessageId: string | null, detail: OutcomeDetail, recipients: RecipientRow[], lastError: string | null): void {
    const refused = recipients.some((row) => row.outcome === 'refused') || lastError !== null;
    this.settle(
      emailId,
      'sent',
      detail,
      {
        status: 'sent',
        sentAt: this.clock.now(),
        providerMessageId,
        lastError,
        lastErrorCode: refused ? 'recipients-refused' : null,
      },
      (now) => writeRecipientRows(this.db, emailId, recipients, now),
    );
  }

  /** Some recipients were told "try later": back in the queue for them only (attempt counted). */
  retryRecipients(emailId: number, nextAttemptAt: number, detail: OutcomeDetail, recipients: RecipientRow[]): void {
    this.settle(emailId, 'retry', detail, { status: 'queued', nextAttemptAt, transmitStartedAt: null }, (now) =>
      writeRecipientRows(this.db, emailId, recipients, now),
    );
  }

  /** Back in the queue for another try at `nextAttemptAt` (this attempt counted). */
  retry(emailId: number, nextAttemptAt: number, detail: OutcomeDetail): void {
    this.settle(emailId, 'retry', detail, { status: 'queued', nextAttemptAt, transmitStartedAt: null });
  }

  /**
   * Waits without using up an attempt (rate limit, quota): the account, when given, is paused
   * until `until`, so none of its mail is tried before then.
   */
  deferred(emailId: number, accountId: number | null, until: number, detail: OutcomeDetail): void {
    this.settle(
      emailId,
      'deferred',
      detail,
      { status: 'queued', attempts: sql`max(0, ${emails.attempts} - 1)`, nextAttemptAt: until, transmitStartedAt: null },
      (now) => {
        if (accountId === null) return;
        this.db
          .update(accounts)
          .set({ pausedUntil: sql`max(coalesce(${accounts.pausedUntil}, 0), ${until})`, updatedAt: now })
          .where(eq(accounts.id, accountId))
          .run();
      },
    );
  }

  /** The account must be linked again: the email waits as `held` (attempt not counted). */
  held(emailId: number, detail: OutcomeDetail): void {
    this.settle(emailId, 'held', detail, { status: 'held', attempts: sql`max(0, ${emails.attempts} - 1)`, transmitStartedAt: null });
  }

  uncertain(emailId: number, detail: OutcomeDetail): void {
    this.settle(emailId, 'uncertain', detail, { status: 'uncertain' });
  }

  /** Keeps this run's leases alive during long sends. */
  extendLeases(until: number): void {
    hotStatements(this.db).extendLeases.run({ leaseExpiresAt: until, owner: this.owner });
  }
}
