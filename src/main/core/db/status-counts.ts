// What `status` reports, from the counts kept by triggers (drizzle/0004_search_and_counts.sql)
// and small indexed lookups: the same handful of rows to read whatever the size of the queue.
// Plain better-sqlite3, so the command line's fast path and the engine print the very same thing.
import type Database from 'better-sqlite3';
import { REFUSAL_NEEDS_USER } from './refusal-rule';
import { EMAIL_STATUSES, type EmailStatus, type StatusCounts } from '../../../shared/email-statuses';

export function readStatusCounts(client: Database.Database): StatusCounts {
  const counts = Object.fromEntries(EMAIL_STATUSES.map((status) => [status, 0])) as StatusCounts;
  const rows = client.prepare('select status, count from email_status_counts').all() as Array<{ status: string; count: number }>;
  for (const row of rows) {
    if (row.status in counts) counts[row.status as EmailStatus] = row.count;
  }
  return counts;
}

/**
 * Mail that needs the user: failed, held and uncertain (kept counts) plus sent mail with refused
 * recipients not yet sent again (found from the refusals, which are few, on recipient_outcomes_outcome);
 * the rule is REFUSAL_NEEDS_USER, shared with queue/attention.ts, which lists these emails.
 */
export function readAttentionCount(client: Database.Database, counts: StatusCounts = readStatusCounts(client)): number {
  const refused = client
    .prepare(
      `select count(*) as n from emails
       where status = 'sent' and id in (select r.email_id from recipient_outcomes r where ${REFUSAL_NEEDS_USER})`,
    )
    .get() as { n: number };
  return counts.failed + counts.held + counts.uncertain + refused.n;
}

/** Queued mail whose last try stopped at a local service (the keychain), with its reason. */
export function readWaitingOnLocalService(client: Database.Database): { count: number; reason: string | null } {
  // The literal (not a parameter) lets SQLite use the partial index emails_waiting_on_local.
  const row = client
    .prepare(
      `select count(*) as count, max(last_error) as reason from emails
       where status = 'queued' and last_error_code = 'local-service-unavailable'`,
    )
    .get() as { count: number; reason: string | null };
  return { count: row.count, reason: row.reason };
}

/** `facteur status --json`. */
export function readStatusReport(client: Database.Database) {
  const counts = readStatusCounts(client);
  const blocked = readWaitingOnLocalService(client);
  return { ...counts, attention: readAttentionCount(client, counts), blocked: blocked.count, blockedReason: blocked.reason };
}
