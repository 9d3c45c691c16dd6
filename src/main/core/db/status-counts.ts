// Emails per status, from the counts kept by triggers (drizzle/0002_search_and_counts.sql):
// eight rows, whatever the size of the queue. Plain better-sqlite3, so the command line's fast
// path and the engine print the very same thing.
import type Database from 'better-sqlite3';
import { EMAIL_STATUSES, type EmailStatus, type StatusCounts } from '../../../shared/email-statuses';

export function readStatusCounts(client: Database.Database): StatusCounts {
  const counts = Object.fromEntries(EMAIL_STATUSES.map((status) => [status, 0])) as StatusCounts;
  const rows = client.prepare('select status, count from email_status_counts').all() as Array<{ status: string; count: number }>;
  for (const row of rows) {
    if (row.status in counts) counts[row.status as EmailStatus] = row.count;
  }
  return counts;
}
