// Counts over waiting mail (queued or scheduled) that stay cheap at a million rows: they start
// from the per-status counts kept by triggers and subtract what is not due yet. That part is read
// from the waiting mail kept per minute of its next try (email_due_minutes, drizzle/0009): the
// minutes after the current one are summed (only the minutes that still hold mail, a handful
// even with a large campaign scheduled), and only the current minute's rows are counted on the
// (status, next_attempt_at) index. Neither the size of the backlog nor the history matters.
//
// Relies on next_attempt_at >= send_at for every row (enqueue and edit set them equal; retries
// and pauses only move next_attempt_at later; reschedule sets both): mail not yet at its send
// time is never due.
import type Database from 'better-sqlite3';
import type { Db } from './open-database';
import { preparedOnce } from './prepared-once';

/**
 * Waiting mail not due at `:now`: the minutes after `:minute` from the kept per-minute counts,
 * plus the current minute's rows after `:now` (`:minuteEnd` is the next minute's first instant).
 */
export const NOT_YET_SQL = `select coalesce((select sum(count) from email_due_minutes where minute > :minute), 0)
     + (select count(*) from emails where status = 'queued' and next_attempt_at > :now and next_attempt_at < :minuteEnd)
     + (select count(*) from emails where status = 'scheduled' and next_attempt_at > :now and next_attempt_at < :minuteEnd) as n`;

function prepare(client: Database.Database) {
  return {
    waiting: client.prepare<[], { n: number | null }>(
      "select sum(count) as n from email_status_counts where status in ('queued', 'scheduled')",
    ),
    notYet: client.prepare<{ now: number; minute: number; minuteEnd: number }, { n: number }>(NOT_YET_SQL),
    pausedAccounts: client.prepare<{ now: number }, { id: number; pausedUntil: number }>(
      'select id, paused_until as pausedUntil from accounts where paused_until > :now',
    ),
    /** Waiting mail a pause holds back: already at its send time, next try before the pause ends. */
    heldByPause: client.prepare<{ accountId: number; now: number; until: number }, { n: number }>(
      `select count(*) as n from emails
       where account_id = :accountId and status in ('queued', 'scheduled')
         and next_attempt_at > :now and next_attempt_at <= :until and send_at <= :now`,
    ),
    /** Per account that may send: its pause's end and its waiting mail's earliest next try, by status (index seeks on emails_account_due). */
    nextByAccount: client.prepare<[], { id: number; pausedUntil: number | null; queued: number | null; scheduled: number | null }>(
      `select a.id, a.paused_until as pausedUntil,
         (select min(next_attempt_at) from emails where account_id = a.id and status = 'queued') as queued,
         (select min(next_attempt_at) from emails where account_id = a.id and status = 'scheduled') as scheduled
       from accounts a where a.active = 1 and a.state = 'ok'`,
    ),
  };
}

const statements = preparedOnce(prepare);

const MINUTE = 60_000;

/** The same minute as the triggers' `next_attempt_at / 60000` (integer division, times ≥ 0). */
export function notYetParams(now: number): { now: number; minute: number; minuteEnd: number } {
  const minute = Math.floor(now / MINUTE);
  return { now, minute, minuteEnd: (minute + 1) * MINUTE };
}

/** Queued or scheduled mail whose next try is due at `now` (the tray's "due"). */
export function countDue(db: Db, now: number): number {
  const sql = statements(db);
  return (sql.waiting.get()?.n ?? 0) - (sql.notYet.get(notYetParams(now))?.n ?? 0);
}

/**
 * Due mail left waiting when a run ends (`deferred` in the summary): due now, or held back by
 * its account's pause though already at its send time.
 */
export function countDeferred(db: Db, now: number): number {
  const sql = statements(db);
  let held = 0;
  for (const account of sql.pausedAccounts.all({ now })) {
    held += sql.heldByPause.get({ accountId: account.id, now, until: account.pausedUntil })?.n ?? 0;
  }
  return countDue(db, now) + held;
}

/** Per account that may send (active, not to relink): its pause's end and its waiting mail's earliest next try. */
export function earliestWaitingByAccount(db: Db): Array<{ id: number; pausedUntil: number | null; due: number | null }> {
  return statements(db)
    .nextByAccount.all()
    .map((row) => ({ id: row.id, pausedUntil: row.pausedUntil, due: row.queued === null ? row.scheduled : row.scheduled === null ? row.queued : Math.min(row.queued, row.scheduled) }));
}
