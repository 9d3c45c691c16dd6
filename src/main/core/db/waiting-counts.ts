// Counts over waiting mail (queued or scheduled) that stay cheap at a million rows: they start
// from the per-status counts kept by triggers and subtract only what is not due yet, counted on
// the (status, next_attempt_at) index. Mail waiting for a later time is the small part of a big
// queue; a full count of the due part would walk every due row.
//
// Relies on next_attempt_at >= send_at for every row (enqueue and edit set them equal; retries
// and pauses only move next_attempt_at later; reschedule sets both): mail not yet at its send
// time is never due.
import type Database from 'better-sqlite3';
import type { Db } from './open-database';
import { preparedOnce } from './prepared-once';

function prepare(client: Database.Database) {
  return {
    waiting: client.prepare<[], { n: number | null }>(
      "select sum(count) as n from email_status_counts where status in ('queued', 'scheduled')",
    ),
    notYet: client.prepare<{ now: number }, { n: number }>(
      `select (select count(*) from emails where status = 'queued' and next_attempt_at > :now)
            + (select count(*) from emails where status = 'scheduled' and next_attempt_at > :now) as n`,
    ),
    pausedAccounts: client.prepare<{ now: number }, { id: number; pausedUntil: number }>(
      'select id, paused_until as pausedUntil from accounts where paused_until > :now',
    ),
    /** Waiting mail a pause holds back: already at its send time, next try before the pause ends. */
    heldByPause: client.prepare<{ accountId: number; now: number; until: number }, { n: number }>(
      `select count(*) as n from emails
       where account_id = :accountId and status in ('queued', 'scheduled')
         and next_attempt_at > :now and next_attempt_at <= :until and send_at <= :now`,
    ),
  };
}

const statements = preparedOnce(prepare);

/** Queued or scheduled mail whose next try is due at `now` (the tray's "due"). */
export function countDue(db: Db, now: number): number {
  const sql = statements(db);
  return (sql.waiting.get()?.n ?? 0) - (sql.notYet.get({ now })?.n ?? 0);
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
