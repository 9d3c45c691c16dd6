// The one query behind every list of mail (the window's tabs, `facteur list`, search): built here
// so tests can read its plan. Each shape must walk an index in the page's order and stop at the
// page — never sort a million rows (list-query.test.ts checks the plans on a big database's stats).
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { EmailStatus } from '../../../shared/domain';
import { EMAIL_STATUSES } from '../../../shared/email-statuses';
import type { Db } from '../db/open-database';
import { accounts, emailContents, emails } from '../db/schema';
import { emailSearch, emailWords } from '../db/search-table';
import { invalidInput } from '../errors';
import { attentionCondition, refusedCountSql } from './attention';
import { isNewestFirst, listOrderBy, type ListOrder } from './list-order';

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

/** Shortest term the trigram index can find (three characters make one trigram). */
const MIN_INDEXED_SEARCH = 3;

/** The term as one FTS5 phrase: operators and quotes taken literally. */
function ftsPhrase(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

/**
 * Which index answers a search, and how. 3+ characters: the trigram index, the term matched as a
 * contiguous substring anywhere. 1–2 characters (too short for a trigram): the word index, the term
 * matched as the start of a word, case and accents folded ("cl" finds ann@client.example, "dí"
 * finds Díaz; "7@" is the word start "7", so it finds 7@shop.example but not client7@). A term with
 * no letter or digit at all ("@", "--") holds no word: FTS5 reads it as an empty phrase, which
 * matches nothing — rather than a scan of every email, which took 1.6 s at a million rows. Either way the index is walked forwards,
 * newest first, and stops at the page.
 */
function searchIndex(term: string): { table: typeof emailSearch | typeof emailWords; match: string } {
  if ([...term].length >= MIN_INDEXED_SEARCH) return { table: emailSearch, match: ftsPhrase(term) };
  return { table: emailWords, match: `${ftsPhrase(term)}*` };
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

export function listQuery(db: Db, filter: ListFilter = {}): ListQuery {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(statusIs(filter.status));
  if (filter.accountId !== undefined) conditions.push(eq(emails.accountId, filter.accountId));
  if (filter.batchId !== undefined) conditions.push(eq(emails.batchId, filter.batchId));
  if (filter.attention) conditions.push(attentionCondition());
  const term = filter.search?.trim() ?? '';
  const limit = Math.min(filter.limit ?? 1000, 10_000);
  const columns = { email: emails, to: emailContents.to, accountEmail: accounts.email, refusedCount: refusedCountSql };
  if (term) {
    // The index's rowid is minus the email id, so walking it forwards (the fast direction) is
    // newest first and stops at the page.
    const index = searchIndex(term);
    return db
      .select(columns)
      .from(index.table)
      .innerJoin(emails, sql`${emails.id} = -${index.table.rowid}`)
      .innerJoin(emailContents, eq(emailContents.emailId, emails.id))
      .innerJoin(accounts, accountJoin)
      .where(and(sql`${index.table} match ${index.match}`, ...conditions))
      // Newest first walks the index forwards and stops at the page; other orders sort the matches.
      .orderBy(...(isNewestFirst(filter.status, filter.order) ? [asc(index.table.rowid)] : listOrderBy(filter.status, filter.order)))
      .limit(limit)
      .offset(filter.offset ?? 0);
  }
  return db
    .select(columns)
    .from(emails)
    .innerJoin(emailContents, eq(emailContents.emailId, emails.id))
    .innerJoin(accounts, accountJoin)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(...listOrderBy(filter.status, filter.order))
    .limit(limit)
    .offset(filter.offset ?? 0);
}
