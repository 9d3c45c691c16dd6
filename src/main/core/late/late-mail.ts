// The late-mail rules. Scheduled mail whose time passed by more than `lateAfterMinutes` while
// nothing ran (computer off, Facteur quit, sending paused) is, by the `lateMail` setting, sent at
// once (`send`), held for the user with code `late` (`hold`), or not sent: failed with code
// `expired` (`expire`). A mail queued with `--expires-after` follows its own limit instead, checked
// right before each claim, so it also expires when pacing or retries, not only downtime, delayed it.
// Called from the processor's promotion and claim (processor/recovery.ts, processor/processor.ts).
import { and, eq, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { DEFAULT_SETTINGS, settingsSchema, type LateMailRule } from '../../../shared/settings';
import { nextOpeningOfAll } from '../../../shared/sending-window';
import { EXPIRED_CODE, LATE_HELD_CODE } from '../../../shared/late-mail';
import type { Db } from '../db/open-database';
import { preparedOnce } from '../db/prepared-once';
import { emails, settings } from '../db/schema';
import { windowsFor } from '../windows/window-hold';

export interface LateRule {
  rule: LateMailRule;
  afterMinutes: number;
}

/** The two settings, read straight from the table: this runs every second of a run. */
export function readLateRule(db: Db): LateRule {
  const rows = db
    .select()
    .from(settings)
    .where(inArray(settings.key, ['lateMail', 'lateAfterMinutes']))
    .all();
  const stored = new Map(rows.map((row) => [row.key, row.value]));
  const read = <T>(key: 'lateMail' | 'lateAfterMinutes', fallback: T): T => {
    try {
      const parsed = settingsSchema.shape[key].safeParse(JSON.parse(stored.get(key) ?? 'null'));
      return parsed.success ? (parsed.data as T) : fallback;
    } catch {
      return fallback;
    }
  };
  return { rule: read('lateMail', DEFAULT_SETTINGS.lateMail), afterMinutes: read('lateAfterMinutes', DEFAULT_SETTINGS.lateAfterMinutes) };
}

export const LATE_HELD_MESSAGE = 'missed its time while nothing was sending: send it now, reschedule it or cancel it';

/**
 * Applies the rule to scheduled mail about to be promoted. The caller holds the write
 * transaction and promotes what is left. Mail with its own `--expires-after` is left alone.
 * Lateness counts from when the mail could first have left: its time, or for mail due while its
 * sending window was closed, the window's opening — a computer off overnight does not make late
 * the mail that would have waited for the morning anyway.
 */
export function applyLateMailRule(db: Db, now: number, rule: LateRule = readLateRule(db)): { held: number; expired: number } {
  if (rule.rule === 'send') return { held: 0, expired: 0 };
  const cutoff = now - rule.afterMinutes * 60_000;
  const overdue = db
    .select({ id: emails.id, accountId: emails.accountId, batchId: emails.batchId, nextAttemptAt: emails.nextAttemptAt })
    .from(emails)
    .where(and(eq(emails.status, 'scheduled'), lte(emails.nextAttemptAt, cutoff), isNull(emails.expiresAfterMinutes)))
    .all();
  if (overdue.length === 0) return { held: 0, expired: 0 };
  const openings = new Map<string, (instant: number) => number | null>();
  const late = overdue
    .filter((row) => {
      const key = `${row.accountId}/${row.batchId ?? ''}`;
      let opening = openings.get(key);
      if (!opening) {
        const windows = windowsFor(db, row.accountId, row.batchId);
        opening = windows.length === 0 ? (instant) => instant : (instant) => nextOpeningOfAll(windows, instant);
        openings.set(key, opening);
      }
      const couldLeave = opening(row.nextAttemptAt ?? 0);
      return couldLeave === null || couldLeave <= cutoff;
    })
    .map((row) => row.id);
  let changed = 0;
  const message =
    rule.rule === 'hold'
      ? LATE_HELD_MESSAGE
      : `not sent: its time passed more than ${rule.afterMinutes} minutes ago while nothing was sending (late-mail rule "expire"); retry to send it anyway`;
  const code = rule.rule === 'hold' ? LATE_HELD_CODE : EXPIRED_CODE;
  for (let start = 0; start < late.length; start += 500) {
    changed += db
      .update(emails)
      .set({ status: rule.rule === 'hold' ? 'held' : 'failed', lastError: message, lastErrorCode: code, updatedAt: now })
      .where(inArray(emails.id, late.slice(start, start + 500)))
      .run().changes;
  }
  return rule.rule === 'hold' ? { held: changed, expired: 0 } : { held: 0, expired: changed };
}

/**
 * Right before a claim: queued mail that would now leave more than its own `--expires-after`
 * minutes after its time fails with code `expired` instead — also mail whose next try is still
 * ahead (a sending window's opening, a retry, a provider's pause): it can only leave later still,
 * so it is failed as soon as its limit passes rather than shown waiting for a time it will never
 * be sent at. Reads only the partial index of mail that has an expiry, so it costs nothing when
 * nobody uses the option.
 */
export function expireOverdue(db: Db, now: number): number {
  return expireStatement(db).run({ now }).changes;
}

/**
 * Runs before every claim, so prepared once rather than built per turn. The literal
 * `expires_after_minutes is not null` lets SQLite use the partial index emails_expiring, which
 * holds only mail with an expiry: the check costs nothing when no mail has one.
 */
const expireStatement = preparedOnce((client) =>
  client.prepare<[{ now: number }]>(
    `update emails set status = 'failed',
       last_error = 'not sent: it would have left more than ' || expires_after_minutes || ' minutes after its time (--expires-after); retry to send it anyway',
       last_error_code = '${EXPIRED_CODE}', updated_at = :now
     where status = 'queued' and expires_after_minutes is not null
       and send_at + expires_after_minutes * 60000 < :now`,
  ),
);

/**
 * Columns to set when the user retries failed mail: an expired mail retried is one the user
 * wants sent now, late or not, so its expiry is dropped (else the next claim would expire it again).
 */
export const dropExpiryOnRetry = {
  expiresAfterMinutes: sql<number | null>`case when ${emails.lastErrorCode} = ${EXPIRED_CODE} then null else ${emails.expiresAfterMinutes} end`,
};

/** Held mail the account's sign-in releases: everything held except what missed its time (the user decides that). */
export const heldForAccount = or(isNull(emails.lastErrorCode), ne(emails.lastErrorCode, LATE_HELD_CODE));
