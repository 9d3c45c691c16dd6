// The two full-text indexes over subjects and recipients, FTS5 virtual tables kept by triggers,
// which drizzle-kit cannot declare: `email_search` (trigrams, drizzle/0010_search_recipients.sql)
// for terms of 3+ characters, `email_words` (words, drizzle/0013_short_search_words.sql) for terms
// of 1–2. Described here only so queries can name them; they live outside schema.ts so the
// migration generator never tries to create them.
import { integer, sqliteTable } from 'drizzle-orm/sqlite-core';

/**
 * Contentless: it holds no text, only the index. `rowid` is MINUS the email's id, so that newest
 * first is the index's forward order (FTS5 steps a long doclist backwards far more slowly).
 * The text is the subject, and each To then Cc recipient as "name address" (Bcc never).
 */
export const emailSearch = sqliteTable('email_search', {
  rowid: integer('rowid').notNull(),
});

/**
 * The same text cut into words (unicode61: case and accents folded, addresses split at "@" and
 * "."), with the first one and two characters of every word indexed on their own. Same rowid
 * convention as `emailSearch`. Holds rowids only (detail=none): it answers one-word prefix
 * queries, nothing else.
 */
export const emailWords = sqliteTable('email_words', {
  rowid: integer('rowid').notNull(),
});
