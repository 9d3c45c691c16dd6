// The full-text index over subjects and recipients (drizzle/0005_search_and_counts.sql): an FTS5
// virtual table kept by triggers, which drizzle-kit cannot declare. Described here only so queries
// can name it; it lives outside schema.ts so the migration generator never tries to create it.
import { integer, sqliteTable } from 'drizzle-orm/sqlite-core';

/** Contentless: it holds no text, only the index; `rowid` is the email's id. */
export const emailSearch = sqliteTable('email_search', {
  rowid: integer('rowid').notNull(),
});
