// The full-text index over subjects and recipients (drizzle/0010_search_recipients.sql, which
// replaced 0005's): an FTS5 virtual table kept by triggers, which drizzle-kit cannot declare.
// Described here only so queries can name it; it lives outside schema.ts so the migration
// generator never tries to create it.
import { sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { integer, sqliteTable } from 'drizzle-orm/sqlite-core';

/**
 * Contentless: it holds no text, only the index. `rowid` is MINUS the email's id, so that newest
 * first is the index's forward order (FTS5 steps a long doclist backwards far more slowly).
 */
export const emailSearch = sqliteTable('email_search', {
  rowid: integer('rowid').notNull(),
});

/**
 * The recipients' text as the index holds it: each To then Cc entry as "name address" (or the
 * address alone), space-separated — the same expression as the triggers of 0010, for the scan
 * that short terms (1–2 characters) fall back to.
 */
export function recipientsTextSql(to: AnySQLiteColumn, cc: AnySQLiteColumn): SQL {
  return sql`(select group_concat(ltrim(coalesce(r.value ->> 'name', '') || ' ' || coalesce(r.value ->> 'address', '')), ' ')
    from (select value from json_each(${to}) union all select value from json_each(${cc})) r)`;
}
