// The one query behind every list of mail (the window's tabs, `facteur list`, search): built here
// so tests can read its plan. Each shape must walk an index in the page's order and stop at the
// page — never sort a million rows (list-query.test.ts checks the plans on a big database's stats).
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { EmailStatus } from '../../../shared/domain';
import { EMAIL_STATUSES } from '../../../shared/email-statuses';
import type { Db } from '../db/open-database';
import { accounts, emailContents, emails } from '../db/schema';
import { readStatusCounts } from '../db/status-counts';
import { invalidInput } from '../errors';
import { attentionCondition, refusedCountSql } from './attention';
import { isNewestFirst, listOrderBy, type ListOrder } from './list-order';
import { matchCondition, matchDensity, searchMatch, walkTabIsCheaper } from './search-match';
import { walkTab } from './tab-walk';

export interface ListFilter {
  status?: EmailStatus | undefined;
  accountId?: number | undefined;
  /** Only the mail of this mail-merge batch. */
  batchId?: number | undefined;
  search?: string | undefined;
  /** Only mail counted in `attention` (failed, held, uncertain, sent with refusals). */
  attention?: boolean | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  /** Default `created` (newest first); the outbox asks for `leaving`. */
  order?: ListOrder | undefined;
}

export interface ListRow {
  email: typeof emails.$inferSelect;
  to: string;
  accountEmail: string;
  refusedCount: number;
}

/** What the caller does with the query: run it, or (tests) read its SQL to explain the plan. */
export interface ListQuery {
  all(): ListRow[];
  toSQL(): { sql: string; params: unknown[] };
}

/**
 * The account is joined on `+account_id` (the unary plus hides the column from the index
 * chooser): with only three accounts, SQLite's statistics otherwise make it loop over the accounts
 * first, read every email of each through an account index and sort them all for the page (4 s at
 * a million rows). Emails must be the outer loop; the account is a primary-key lookup per row.
 */
const accountJoin = sql`${accounts.id} = +${emails.accountId}`;

/**
 * `status = '<literal>'`, not a bound parameter: the tab indexes are partial (schema.ts), and
 * SQLite matches an index's condition against the query when it prepares it. With a parameter it
 * would only match after re-preparing the statement with the bound value; with the literal the
 * plan is fixed at prepare. The value is one of the statuses, never user text.
 */
function statusIs(status: EmailStatus): SQL {
  if (!EMAIL_STATUSES.includes(status)) throw invalidInput('status', `"${String(status)}" is not one of ${EMAIL_STATUSES.join(', ')}`);
  return sql`${emails.status} = ${sql.raw(`'${status}'`)}`;
}

const COLUMNS = { email: emails, to: emailContents.to, accountEmail: accounts.email, refusedCount: refusedCountSql };

/** For tests: make a search inside a tab walk the tab's index (true) or sort the matches (false). */
export interface ListQueryOptions {
  walkTab?: boolean;
}

export function listQuery(db: Db, filter: ListFilter = {}, options: ListQueryOptions = {}): ListQuery {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(statusIs(filter.status));
  if (filter.accountId !== undefined) conditions.push(eq(emails.accountId, filter.accountId));
  if (filter.batchId !== undefined) conditions.push(eq(emails.batchId, filter.batchId));
  if (filter.attention) conditions.push(attentionCondition());
  const term = filter.search?.trim() ?? '';
  const limit = Math.min(filter.limit ?? 1000, 10_000);
  const offset = filter.offset ?? 0;
  const order = listOrderBy(filter.status, filter.order);
  const rows = () =>
    db
      .select(COLUMNS)
      .from(emails)
      .innerJoin(emailContents, eq(emailContents.emailId, emails.id))
      .innerJoin(accounts, accountJoin)
      .$dynamic();
  if (!term) {
    return rows().where(conditions.length ? and(...conditions) : undefined).orderBy(...order).limit(limit).offset(offset);
  }
  const match = searchMatch(term);
  const newestFirst = isNewestFirst(filter.status, filter.order);
  const density = newestFirst ? null : matchDensity(db, match);
  const walk = density !== null && (options.walkTab ?? walkTabIsCheaper(density, limit + offset, tabSize(db, filter.status)));
  if (!walk) {
    // The index's rowid is minus the email id, so walking it forwards (the fast direction) is
    // newest first and stops at the page. A tab's own order sorts the matches.
    return db
      .select(COLUMNS)
      .from(match.table)
      .innerJoin(emails, sql`${emails.id} = -${match.table.rowid}`)
      .innerJoin(emailContents, eq(emailContents.emailId, emails.id))
      .innerJoin(accounts, accountJoin)
      .where(and(matchCondition(match), ...conditions))
      .orderBy(...(newestFirst ? [asc(match.table.rowid)] : order))
      .limit(limit)
      .offset(offset);
  }
  // A common term: walk the tab's index in its order, keep the emails the search index holds,
  // stop at the page — rather than sort most of a million matches.
  const tab = (chunk: number, skip: number) =>
    db.select({ id: emails.id }).from(emails).where(and(...conditions)).orderBy(...order).limit(chunk).offset(skip);
  const page = (): ListRow[] => {
    const ids = walkTab(db, match, density.share, limit + offset, (chunk, skip) => tab(chunk, skip).all().map((row) => row.id)).slice(offset);
    if (ids.length === 0) return [];
    const place = new Map(ids.map((id, index) => [id, index]));
    return rows()
      .where(inArray(emails.id, ids))
      .all()
      .sort((a, b) => (place.get(a.email.id) ?? 0) - (place.get(b.email.id) ?? 0));
  };
  return {
    // One read transaction: the tab's chunks and the rows come from the same snapshot, though a
    // `process-queue` run in another process may commit between the statements.
    all: () => db.$client.transaction(page)(),
    toSQL: () => tab(limit, offset).toSQL(),
  };
}

/** How many emails the tab holds, from the kept counts (every email when there is no tab). */
function tabSize(db: Db, status: EmailStatus | undefined): number {
  const counts = readStatusCounts(db.$client);
  return status ? counts[status] : Object.values(counts).reduce((sum, n) => sum + n, 0);
}
