// The query behind every list of mail (the window's tabs, `facteur list`, search): built here so
// tests can read its plan, and kept prepared per shape. Each shape must walk an index in the page's
// order and stop at the page — never sort a million rows (list-query.test.ts checks the plans on a
// big database's stats). A search inside a tab may instead walk the tab (tab-walk.ts).
import { and, asc, eq, getTableName, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { EmailStatus } from '../../../shared/domain';
import { EMAIL_STATUSES } from '../../../shared/email-statuses';
import type { Db } from '../db/open-database';
import { accounts, emailContents, emails } from '../db/schema';
import { readStatusCounts } from '../db/status-counts';
import { invalidInput } from '../errors';
import { attentionCondition, refusedCountSql } from './attention';
import { isNewestFirst, listOrderBy, type ListOrder } from './list-order';
import { matchDensity, searchMatch, walkTabIsCheaper } from './search-match';
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

/**
 * A value of the query: a placeholder in the statement kept prepared (`all`), the value itself
 * where tests read the SQL and its parameters (`toSQL`).
 */
type Bind = <T>(name: string, value: T) => T | Placeholder;

/** What a prepared list statement is asked for. */
interface PreparedRows<T> {
  all(values: Record<string, unknown>): T[];
}

/**
 * Each shape of list query, prepared once per open database: compiling one costs about a
 * millisecond, five times what running it for a page of 50 does. The shapes are few (a status,
 * an order, which filters are set, which index a search uses), so the set stays small.
 */
const preparedShapes = new WeakMap<object, Map<string, PreparedRows<unknown>>>();

function prepared<T>(db: Db, shape: string, prepare: () => PreparedRows<T>): PreparedRows<T> {
  let shapes = preparedShapes.get(db.$client);
  if (!shapes) preparedShapes.set(db.$client, (shapes = new Map()));
  let statement = shapes.get(shape);
  if (!statement) shapes.set(shape, (statement = prepare()));
  return statement as PreparedRows<T>;
}

export function listQuery(db: Db, filter: ListFilter = {}, options: ListQueryOptions = {}): ListQuery {
  const term = filter.search?.trim() ?? '';
  const match = term ? searchMatch(term) : null;
  const values = { accountId: filter.accountId, batchId: filter.batchId, query: match?.query, limit: Math.min(filter.limit ?? 1000, 10_000), offset: filter.offset ?? 0 };
  const conditions = (bind: Bind): SQL[] => [
    ...(filter.status ? [statusIs(filter.status)] : []),
    ...(filter.accountId !== undefined ? [sql`${emails.accountId} = ${bind('accountId', filter.accountId)}`] : []),
    ...(filter.batchId !== undefined ? [sql`${emails.batchId} = ${bind('batchId', filter.batchId)}`] : []),
    ...(filter.attention ? [attentionCondition()] : []),
  ];
  conditions(valueOf); // a status that is not one is refused here, before any SQL
  const order = listOrderBy(filter.status, filter.order);
  const newestFirst = isNewestFirst(filter.status, filter.order);
  const density = match && !newestFirst ? matchDensity(db, match) : null;
  const walk = match !== null && density !== null
    && (options.walkTab ?? walkTabIsCheaper(density, values.limit + values.offset, tabSize(db, filter.status)));
  const shape = JSON.stringify([walk ? 'walk' : 'page', filter.status, filter.order, filter.accountId !== undefined, filter.batchId !== undefined, filter.attention === true, match && getTableName(match.table)]);
  const rows = () => db.select(COLUMNS).from(emails).innerJoin(emailContents, eq(emailContents.emailId, emails.id)).innerJoin(accounts, accountJoin).$dynamic();

  if (!walk) {
    const page = (bind: Bind) => {
      const limit = bind('limit', values.limit);
      const offset = bind('offset', values.offset);
      if (!match) return rows().where(and(...conditions(bind))).orderBy(...order).limit(limit).offset(offset);
      // The index's rowid is minus the email id, so walking it forwards (the fast direction) is
      // newest first and stops at the page. A tab's own order sorts the matches.
      return db
        .select(COLUMNS)
        .from(match.table)
        .innerJoin(emails, sql`${emails.id} = -${match.table.rowid}`)
        .innerJoin(emailContents, eq(emailContents.emailId, emails.id))
        .innerJoin(accounts, accountJoin)
        .where(and(sql`${match.table} match ${bind('query', match.query)}`, ...conditions(bind)))
        .orderBy(...(newestFirst ? [asc(match.table.rowid)] : order))
        .limit(limit)
        .offset(offset);
    };
    return {
      all: () => prepared<ListRow>(db, shape, () => page(placeholder).prepare()).all(values),
      toSQL: () => page(valueOf).toSQL(),
    };
  }

  // A common term: walk the tab's index in its order, keep the emails the search index holds,
  // stop at the page — rather than sort most of a million matches.
  const tab = (bind: Bind) =>
    db
      .select({ id: emails.id })
      .from(emails)
      .where(and(...conditions(bind)))
      .orderBy(...order)
      .limit(bind('chunk', values.limit))
      .offset(bind('skip', values.offset));
  const byIds = (bind: Bind) => rows().where(sql`${emails.id} in (select value from json_each(${bind('ids', '[]')}))`);
  const page = (): ListRow[] => {
    const chunks = prepared<{ id: number }>(db, `${shape} tab`, () => tab(placeholder).prepare());
    const ids = walkTab(db, match, density.share, values.limit + values.offset, (chunk, skip) =>
      chunks.all({ ...values, chunk, skip }).map((row) => row.id),
    ).slice(values.offset);
    if (ids.length === 0) return [];
    const place = new Map(ids.map((id, index) => [id, index]));
    return prepared<ListRow>(db, 'rows by ids', () => byIds(placeholder).prepare())
      .all({ ids: JSON.stringify(ids) })
      .sort((a, b) => (place.get(a.email.id) ?? 0) - (place.get(b.email.id) ?? 0));
  };
  return {
    // One read transaction: the tab's chunks and the rows come from the same snapshot, though a
    // `process-queue` run in another process may commit between the statements.
    all: () => db.$client.transaction(page)(),
    toSQL: () => tab(valueOf).toSQL(),
  };
}

const placeholder: Bind = (name) => sql.placeholder(name);
const valueOf: Bind = (_name, value) => value;

/** How many emails the tab holds, from the kept counts (every email when there is no tab). */
function tabSize(db: Db, status: EmailStatus | undefined): number {
  const counts = readStatusCounts(db.$client);
  return status ? counts[status] : Object.values(counts).reduce((sum, n) => sum + n, 0);
}
