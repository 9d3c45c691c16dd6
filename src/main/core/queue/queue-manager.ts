// The queue's front door: queueEmail(message, account, sendAt?) plus what a user does with
// queued mail — list, count, retry, cancel, reschedule, mark as sent, read one email's history.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { EmailListItem, EmailStatus, StatusCounts } from '../../../shared/domain';
import { CHANGEABLE_STATUSES } from '../../../shared/email-statuses';
import type { Recipient } from '../../../shared/message-schema';
import type { AccountService } from '../accounts/account-service';
import type { AttachmentStore } from '../attachments/attachment-store';
import type { Clock } from '../clock';
import { writeTransaction, type Db } from '../db/open-database';
import { accounts, attempts, emailAttachments, emailContents, emails } from '../db/schema';
import { countDue } from '../db/waiting-counts';
import { nextLeaveAt } from './next-leave';
import { readAttentionCount, readStatusCounts, readWaitingOnLocalService } from '../db/status-counts';
import { FacteurError, invalidInput, notFound } from '../errors';
import type { Logger } from '../logger';
import type { SettingsStore } from '../settings-store';
import { discardCreated, prepareEmail, resolveSendAt, type EnqueueOptions, type PreparedEmail } from './enqueue-preparation';
import { BlobVanished, insertEmail, replaceEmail } from './email-writes';
import { forgetRefusals, recipientsOf } from './attention';
import { listQuery, type ListFilter } from './list-query';

export type { ListFilter } from './list-query';
import { retryableFailedIds } from './retry-all';
import { dropExpiryOnRetry } from '../late/late-mail';
import { isLateHeld } from '../../../shared/late-mail';
import { continueSeries } from '../series/occurrences';
import { attachSeries, describeSeries, planSeries, type SeriesPlan } from '../series/series-service';
import type { EmailDetail } from '../../../shared/output-schemas';

export type { EmailDetail };

const CHANGEABLE = CHANGEABLE_STATUSES;
/** A paused batch's mail may be cancelled one by one; rescheduling it would quietly resume it. */
const CANCELLABLE: readonly EmailStatus[] = [...CHANGEABLE, 'paused'];

export interface QueueEvents {
  onQueueChanged?: () => void;
}

export class QueueManager {

  constructor(
    private readonly db: Db,
    private readonly accountService: AccountService,
    private readonly store: AttachmentStore,
    private readonly settings: SettingsStore,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly events: QueueEvents = {},
  ) {}

  /** Validates, stores attachments and inserts the email in one transaction; returns its id. */
  async queueEmail(message: unknown, accountRef: string | number, options: EnqueueOptions = {}): Promise<number> {
    const [id] = await this.queueEmails([{ message, accountRef, options }]);
    return id as number;
  }

  /** Bulk form: every email is validated first; all are inserted in one transaction, or none. */
  async queueEmails(items: Array<{ message: unknown; accountRef: string | number; options?: EnqueueOptions }>): Promise<number[]> {
    // A file shared with mail that was just sent can be collected between copying and inserting;
    // that is detected inside the transaction and the (cheap, deduplicated) copy is simply redone.
    for (let round = 1; ; round += 1) {
      try {
        return await this.queueOnce(items);
      } catch (error) {
        if (!(error instanceof BlobVanished) || round >= 3) throw error;
      }
    }
  }

  private async queueOnce(items: Array<{ message: unknown; accountRef: string | number; options?: EnqueueOptions }>): Promise<number[]> {
    const now = this.clock.now();
    const { maxAttempts } = this.settings.get();
    const prepared: PreparedEmail[] = [];
    const plans: Array<SeriesPlan | null> = [];
    const accountsByRef = new Map<string, ReturnType<AccountService['resolve']>>();
    try {
      for (const item of items) {
        const key = String(item.accountRef);
        let account = accountsByRef.get(key);
        if (!account) {
          account = this.accountService.resolve(item.accountRef);
          accountsByRef.set(key, account);
        }
        const limits = this.accountService.limitsOf(account);
        try {
          // A repeating email is the first occurrence of its series: the rule picks its time.
          const plan = item.options?.repeat ? planSeries(item.options.repeat, item.options, now) : null;
          const options = plan ? { ...item.options, sendAt: new Date(plan.firstAt).toISOString() } : (item.options ?? {});
          prepared.push(await prepareEmail(item.message, account, limits, this.store, options, now, maxAttempts));
          plans.push(plan);
        } catch (error) {
          const label = item.options?.label;
          if (!label || !(error instanceof FacteurError)) throw error;
          throw new FacteurError(error.code, `${label}: ${error.message}`, error.field, { cause: error });
        }
      }
      const ids = writeTransaction(this.db, (tx) =>
        prepared.map((email, index) => {
          const id = insertEmail(tx, this.store, email, now);
          const plan = plans[index];
          if (plan) attachSeries(this.db, id, email, plan, now);
          return id;
        }),
      );
      this.log.info({ count: ids.length, first: ids[0] }, 'queued');
      this.events.onQueueChanged?.();
      return ids;
    } catch (error) {
      this.discard(prepared);
      throw error;
    }
  }

  /** After a failed insert: remove blobs this call created, unless another email now uses them. */
  private discard(prepared: PreparedEmail[]): void {
    const created = prepared.flatMap((email) => email.attachments.filter((a) => a.blob.created));
    const unused = created.filter(
      (attachment) =>
        !this.db.select({ sha: emailAttachments.sha256 }).from(emailAttachments).where(eq(emailAttachments.sha256, attachment.blob.sha256)).get(),
    );
    discardCreated(this.store, unused);
  }

  /** Newest first, or each state by its own clock (list-order.ts, list-query.ts). */
  list(filter: ListFilter = {}): EmailListItem[] {
    return listQuery(this.db, filter)
      .all()
      .map((row) => toListItem(row.email, row.accountEmail, parseRecipients(row.to), row.refusedCount));
  }

  /** Read from the counts the database keeps by trigger: constant time at any size. */
  counts(): StatusCounts {
    return readStatusCounts(this.db.$client);
  }

  /** Mail waiting to be sent (queued or scheduled, from the kept counts) and the earliest time any may leave (next-leave.ts). */
  waiting(): { count: number; nextAt: number | null } {
    const counts = this.counts();
    const count = counts.queued + counts.scheduled;
    return { count, nextAt: count === 0 ? null : nextLeaveAt(this.db, this.accountService, this.clock.now()) };
  }

  /** Queued mail whose last try stopped at a local service (the keychain), with its reason. */
  waitingOnLocalService(): { count: number; reason: string | null } {
    return readWaitingOnLocalService(this.db.$client);
  }

  /** Failed + held + uncertain + sent with refused recipients. */
  attentionCount(): number {
    return readAttentionCount(this.db.$client);
  }

  /** How many queued or scheduled emails are due now (the tray's "due" count); see waiting-counts.ts. */
  dueCount(): number {
    return countDue(this.db, this.clock.now());
  }

  /** The earliest time any waiting email may be tried (for the exact-time scheduler). */
  nextDueAt(): number | null {
    const row = this.db
      .select({ at: sql<number | null>`min(${emails.nextAttemptAt})` })
      .from(emails)
      .innerJoin(accounts, eq(accounts.id, emails.accountId))
      .where(and(inArray(emails.status, ['queued', 'scheduled']), eq(accounts.active, true), eq(accounts.state, 'ok')))
      .get();
    return row?.at ?? null;
  }

  get(id: number): EmailDetail {
    const row = this.db
      .select({ email: emails, content: emailContents, accountEmail: accounts.email })
      .from(emails)
      .innerJoin(emailContents, eq(emailContents.emailId, emails.id))
      .innerJoin(accounts, eq(accounts.id, emails.accountId))
      .where(eq(emails.id, id))
      .get();
    if (!row) throw notFound(`email ${id}`);
    const files = this.db.select().from(emailAttachments).where(eq(emailAttachments.emailId, id)).orderBy(emailAttachments.position).all();
    const history = this.db.select().from(attempts).where(eq(attempts.emailId, id)).orderBy(attempts.id).all();
    const replyTo = row.content.replyTo ? (JSON.parse(row.content.replyTo) as Recipient) : null;
    const recipients = recipientsOf(this.db, row.email, {
      to: parseList(row.content.to),
      cc: parseList(row.content.cc),
      bcc: parseList(row.content.bcc),
    });
    return {
      ...toListItem(row.email, row.accountEmail, parseRecipients(row.content.to), recipients.filter((r) => r.outcome === 'refused' && r.reason !== null && !r.resentAs).length),
      cc: parseRecipients(row.content.cc),
      bcc: parseRecipients(row.content.bcc),
      replyTo: replyTo ? formatRecipient(replyTo) : null,
      text: row.content.text,
      html: row.content.html,
      attachments: files.map((file) => ({ filename: file.filename, contentType: file.contentType, size: file.size, sha256: file.sha256 })),
      history: history.map((attempt) => ({
        attempt: attempt.attempt,
        startedAt: iso(attempt.startedAt),
        finishedAt: attempt.finishedAt === null ? null : iso(attempt.finishedAt),
        outcome: attempt.outcome,
        errorCode: attempt.errorCode,
        providerCode: attempt.providerCode,
        message: attempt.message,
      })),
      recipients,
      series: row.email.seriesId === null ? null : describeSeries(this.db, row.email.seriesId),
    };
  }

  private requireStatus(id: number, allowed: readonly EmailStatus[], action: string): typeof emails.$inferSelect {
    const row = this.db.select().from(emails).where(eq(emails.id, id)).get();
    if (!row) throw notFound(`email ${id}`);
    if (!allowed.includes(row.status)) {
      const why = row.status === 'sending' ? 'it is being sent right now' : `it is ${row.status}`;
      throw new FacteurError('conflict', `email ${id} cannot be ${action}: ${why}`, 'id');
    }
    return row;
  }

  /**
   * Failed or uncertain mail back into the queue, with a fresh set of attempts, due now; also
   * mail held because it missed its time ("send now").
   */
  retry(id: number): number {
    const now = this.clock.now();
    const changed = writeTransaction(this.db, () => {
      const row = this.requireStatus(id, ['failed', 'uncertain', 'held'], 'retried');
      if (row.status === 'held' && !isLateHeld(row)) throw new FacteurError('conflict', `email ${id} cannot be retried: its account must be linked again first`, 'id');
      const late = row.status === 'held' ? { lastError: null, lastErrorCode: null } : {};
      forgetRefusals(this.db, [id]);
      return this.db
        .update(emails)
        .set({ status: 'queued', attempts: 0, nextAttemptAt: now, transmitStartedAt: null, updatedAt: now, ...late, ...dropExpiryOnRetry })
        .where(eq(emails.id, id))
        .run().changes;
    });
    this.events.onQueueChanged?.();
    return changed;
  }

  /**
   * Failed mail that a retry may fix back into the queue; mail refused for good (a bad
   * recipient, too large) stays failed, since a retry would only re-fail it: `left` says how many.
   * `onlyRetryable: false` (the CLI's `retry --all-failed`, whose contract is "every failed email")
   * takes them all.
   */
  retryAllFailed(accountId?: number, options: { onlyRetryable?: boolean } = {}): { count: number; left: number } {
    const now = this.clock.now();
    const result = writeTransaction(this.db, () => {
      const { retryable, left } = retryableFailedIds(this.db, accountId, options.onlyRetryable ?? true);
      let count = 0;
      // SQLite caps bound parameters; a long failed list goes in slices.
      for (let start = 0; start < retryable.length; start += 500) {
        const slice = retryable.slice(start, start + 500);
        forgetRefusals(this.db, slice);
        count += this.db
          .update(emails)
          .set({ status: 'queued', attempts: 0, nextAttemptAt: now, transmitStartedAt: null, updatedAt: now, ...dropExpiryOnRetry })
          .where(and(eq(emails.status, 'failed'), inArray(emails.id, slice)))
          .run().changes;
      }
      return { count, left };
    });
    this.events.onQueueChanged?.();
    return result;
  }

  cancel(id: number): void {
    const now = this.clock.now();
    writeTransaction(this.db, () => {
      this.requireStatus(id, CANCELLABLE, 'cancelled');
      this.db.update(emails).set({ status: 'cancelled', updatedAt: now }).where(eq(emails.id, id)).run();
      // Cancelling one occurrence of a series skips it: the next one is made in this transaction.
      continueSeries(this.db, id, now);
    });
    this.events.onQueueChanged?.();
  }

  /** A new send time; failed or uncertain mail rescheduled also gets a fresh set of attempts. */
  reschedule(id: number, sendAt: string, timeZone?: string | null): void {
    const now = this.clock.now();
    const resolved = resolveSendAt({ sendAt, timeZone: timeZone ?? null }, now);
    writeTransaction(this.db, () => {
      const row = this.requireStatus(id, CHANGEABLE, 'rescheduled');
      const fresh = row.status === 'failed' || row.status === 'uncertain';
      if (fresh) forgetRefusals(this.db, [id]);
      // Mail held for its account's sign-in stays held; mail that missed its time has a new one.
      const late = isLateHeld(row);
      this.db
        .update(emails)
        .set({
          status: row.status === 'held' && !late ? 'held' : resolved.sendAt > now ? 'scheduled' : 'queued',
          ...(late ? { lastError: null, lastErrorCode: null } : {}),
          sendAt: resolved.sendAt,
          timeZone: resolved.timeZone,
          nextAttemptAt: resolved.sendAt,
          ...(fresh ? { attempts: 0, transmitStartedAt: null } : {}),
          updatedAt: now,
        })
        .where(eq(emails.id, id))
        .run();
    });
    this.events.onQueueChanged?.();
  }

  /**
   * Replaces the message (and optionally the account and send time) of mail not sent yet —
   * scheduled, queued, held or failed — validated exactly like enqueue, written in one
   * transaction; the edited mail starts with a fresh set of attempts.
   */
  async edit(id: number, message: unknown, options: EnqueueOptions & { accountRef?: string | number } = {}): Promise<void> {
    for (let round = 1; ; round += 1) {
      const current = this.db.select({ accountId: emails.accountId }).from(emails).where(eq(emails.id, id)).get();
      if (!current) throw notFound(`email ${id}`);
      const account = this.accountService.resolve(options.accountRef ?? current.accountId);
      const now = this.clock.now();
      const prepared = await prepareEmail(message, account, this.accountService.limitsOf(account), this.store, options, now, this.settings.get().maxAttempts);
      try {
        writeTransaction(this.db, (tx) => {
          this.requireStatus(id, ['scheduled', 'queued', 'held', 'failed'], 'edited');
          replaceEmail(tx, this.store, id, prepared, now);
          forgetRefusals(this.db, [id], true);
        });
      } catch (error) {
        this.discard([prepared]);
        if (error instanceof BlobVanished && round < 3) continue;
        throw error;
      }
      this.log.info({ emailId: id }, 'edited');
      this.events.onQueueChanged?.();
      return;
    }
  }

  /** The user confirmed an uncertain email did arrive. */
  markSent(id: number): void {
    const now = this.clock.now();
    writeTransaction(this.db, () => {
      this.requireStatus(id, ['uncertain'], 'marked as sent');
      this.db.update(emails).set({ status: 'sent', sentAt: now, updatedAt: now }).where(eq(emails.id, id)).run();
    });
    this.events.onQueueChanged?.();
  }

  requireId(value: string): number {
    if (!/^\d+$/u.test(value.trim())) throw invalidInput('id', `"${value}" is not an email id`);
    return Number(value);
  }
}

const iso = (ms: number): string => new Date(ms).toISOString();

function parseRecipients(json: string): string[] {
  try {
    return (JSON.parse(json) as Recipient[]).map(formatRecipient);
  } catch {
    return [];
  }
}

function parseList(json: string): Recipient[] {
  try {
    return JSON.parse(json) as Recipient[];
  } catch {
    return [];
  }
}

function formatRecipient(recipient: Recipient): string {
  return recipient.name ? `${recipient.name} <${recipient.address}>` : recipient.address;
}

function toListItem(email: typeof emails.$inferSelect, accountEmail: string, to: string[], refusedCount: number): EmailListItem {
  const waiting = email.status === 'queued' || email.status === 'scheduled';
  return {
    id: email.id,
    accountId: email.accountId,
    accountEmail,
    status: email.status,
    subject: email.subject,
    to,
    attempts: email.attempts,
    maxAttempts: email.maxAttempts,
    sendAt: iso(email.sendAt),
    timeZone: email.timeZone,
    nextAttemptAt: waiting ? iso(email.nextAttemptAt) : null,
    lastError: email.lastError,
    lastErrorCode: email.lastErrorCode,
    messageId: email.messageId,
    createdAt: iso(email.createdAt),
    sentAt: email.sentAt === null ? null : iso(email.sentAt),
    refusedCount,
    expiresAfterMinutes: email.expiresAfterMinutes,
    seriesId: email.seriesId,
  };
}

