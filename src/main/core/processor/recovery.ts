// What a run does first, holding the batch lock: any row still `sending` belongs to a run that
// died. If it never started transmitting it simply goes back to the queue; if it did, it becomes
// `uncertain` and is never re-sent blindly. Then due scheduled mail is promoted and mail of
// accounts that must be relinked is held.
import { and, eq, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Clock } from '../clock';
import { writeTransaction, type Db } from '../db/open-database';
import { accounts, attempts, emails } from '../db/schema';
import type { Logger } from '../logger';
import { applyLateMailRule } from '../late/late-mail';
import { ensureOccurrences } from '../series/occurrences';

export interface RecoveryResult {
  requeued: number;
  uncertain: number[];
}

/** Run while holding the process lock: every `sending` row not leased by `owner` is orphaned. */
export function recoverOrphans(db: Db, clock: Clock, owner: string, log: Logger): RecoveryResult {
  const now = clock.now();
  return writeTransaction(db, () => {
    const orphaned = or(isNull(emails.leaseOwner), ne(emails.leaseOwner, owner), lte(emails.leaseExpiresAt, now));
    // One read of the orphans, split by whether bytes may have left.
    const orphans = db
      .select({ id: emails.id, transmitStartedAt: emails.transmitStartedAt })
      .from(emails)
      .where(and(eq(emails.status, 'sending'), orphaned))
      .all();
    const neverSent = orphans.filter((row) => row.transmitStartedAt === null).map((row) => row.id);
    const inFlight = orphans.filter((row) => row.transmitStartedAt !== null).map((row) => row.id);
    if (neverSent.length > 0) {
      db.update(emails)
        .set({
          status: 'queued',
          attempts: sql`max(0, ${emails.attempts} - 1)`,
          leaseOwner: null,
          leaseExpiresAt: null,
          updatedAt: now,
        })
        .where(inArray(emails.id, neverSent))
        .run();
      db.update(attempts)
        .set({ outcome: 'deferred', finishedAt: now, errorCode: 'interrupted', message: 'the process stopped before sending; queued again' })
        .where(and(inArray(attempts.emailId, neverSent), eq(attempts.outcome, 'in-flight')))
        .run();
    }
    if (inFlight.length > 0) {
      const message = 'the process stopped while sending: the provider may or may not have received it';
      db.update(emails)
        .set({ status: 'uncertain', lastError: message, lastErrorCode: 'interrupted-in-flight', leaseOwner: null, leaseExpiresAt: null, updatedAt: now })
        .where(inArray(emails.id, inFlight))
        .run();
      db.update(attempts)
        .set({ outcome: 'uncertain', finishedAt: now, errorCode: 'interrupted-in-flight', message })
        .where(and(inArray(attempts.emailId, inFlight), eq(attempts.outcome, 'in-flight')))
        .run();
    }
    if (neverSent.length || inFlight.length) {
      log.warn({ requeued: neverSent.length, uncertain: inFlight }, 'recovered emails left by a run that stopped');
    }
    return { requeued: neverSent.length, uncertain: inFlight };
  });
}

/** Scheduled mail whose time has come becomes queued; due mail of accounts to relink is held. */
export function promoteAndHold(db: Db, clock: Clock): { held: number; expired: number } {
  const now = clock.now();
  return writeTransaction(db, () => {
    // Late-mail rule (late/late-mail.ts): mail that missed its time is held or expired, not promoted.
    const late = applyLateMailRule(db, now);
    // Recurring mail: an expired or late-held occurrence makes its series' next one in this transaction.
    if (late.expired > 0 || late.held > 0) ensureOccurrences(db, now);
    db.update(emails)
      .set({ status: 'queued', updatedAt: now })
      .where(and(eq(emails.status, 'scheduled'), lte(emails.nextAttemptAt, now)))
      .run();
    const reauth = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.state, 'needs-reauth')).all().map((row) => row.id);
    if (reauth.length === 0) return late;
    const held = db
      .update(emails)
      .set({ status: 'held', lastError: 'the account must be linked again', lastErrorCode: 'account-needs-reauth', updatedAt: now })
      .where(and(eq(emails.status, 'queued'), lte(emails.nextAttemptAt, now), inArray(emails.accountId, reauth)))
      .run().changes;
    return { held: held + late.held, expired: late.expired };
  });
}

/**
 * Mail that waited because the keychain did not answer is tried once in every run, so each run
 * (a cron job every few minutes) finds out again and says so, rather than passing over it quietly.
 */
export function retryLocalWaits(db: Db, clock: Clock): void {
  const now = clock.now();
  db.update(emails)
    .set({ nextAttemptAt: now })
    .where(and(eq(emails.status, 'queued'), sql`${emails.nextAttemptAt} > ${now}`, eq(emails.lastErrorCode, 'local-service-unavailable')))
    .run();
}
