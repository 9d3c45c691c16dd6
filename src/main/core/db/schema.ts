// The SQLite schema. Changes go through `npm run db:generate`, which writes a migration into
// drizzle/ that is committed and applied on open. Times are UTC epoch milliseconds. The enums
// are the shared vocabulary (src/shared/email-statuses.ts, outcomes.ts), declared once.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { EMAIL_STATUSES } from '../../../shared/email-statuses';
import { ACCOUNT_STATES, ATTEMPT_OUTCOMES, RECIPIENT_OUTCOMES, SERIES_STATES } from '../../../shared/outcomes';

export const accounts = sqliteTable(
  'accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    // A provider's kind as its descriptor names it (src/shared/providers); values never change.
    provider: text('provider').notNull(),
    displayName: text('display_name'),
    /** Provider settings as JSON (SMTP host/port/secure/username; Gmail workspace flag). Never a secret. */
    settings: text('settings').notNull().default('{}'),
    /** User overrides of the provider's default limits, as JSON. */
    limits: text('limits').notNull().default('{}'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    state: text('state', { enum: ACCOUNT_STATES }).notNull().default('ok'),
    stateReason: text('state_reason'),
    /** Keychain entry name holding this account's password or tokens. */
    secretRef: text('secret_ref').notNull(),
    /** The provider asked us to back off (429 / daily limit): nothing is sent before this time. */
    pausedUntil: integer('paused_until'),
    /** The days and hours mail may leave (shared/sending-window.ts), as JSON; null: any time. */
    sendingWindow: text('sending_window'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (table) => [
    uniqueIndex('accounts_provider_email').on(table.provider, table.email),
    uniqueIndex('accounts_secret_ref').on(table.secretRef),
  ],
);

export const emails = sqliteTable(
  'emails',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /**
     * Stable random id (a v4 UUID: 122 random bits); the Message-ID is derived from it, so a resend
     * is recognisable. Never looked up, so not indexed: a unique index on random text cost every
     * enqueue an insert at a random place in a b-tree as large as the queue.
     */
    uid: text('uid').notNull(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    status: text('status', { enum: EMAIL_STATUSES }).notNull(),
    /** When the user wants it sent (UTC) and the IANA time zone they wrote it in. */
    sendAt: integer('send_at').notNull(),
    timeZone: text('time_zone').notNull(),
    /** Earliest time the processor may try (sendAt, then the retry backoff). Claim order key. */
    nextAttemptAt: integer('next_attempt_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(3),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: integer('lease_expires_at'),
    /** Set just before bytes leave for the provider: tells a harmless lost lease from an uncertain send. */
    transmitStartedAt: integer('transmit_started_at'),
    lastError: text('last_error'),
    lastErrorCode: text('last_error_code'),
    messageId: text('message_id').notNull(),
    providerMessageId: text('provider_message_id'),
    subject: text('subject').notNull(),
    recipientCount: integer('recipient_count').notNull(),
    /** Estimated MIME size in bytes (bodies + base64 attachments), checked against account limits. */
    sizeBytes: integer('size_bytes').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    sentAt: integer('sent_at'),
    /** The mail merge this email was rendered for (null for mail queued on its own). */
    batchId: integer('batch_id'),
    /**
     * `enqueue --expires-after`: not sent if it would leave more than this many minutes after its
     * send time (null: the late-mail setting decides). See queue/late-mail.ts.
     */
    expiresAfterMinutes: integer('expires_after_minutes'),
    /** The recurring series this email is one occurrence of (null for one-off mail). */
    seriesId: integer('series_id'),
    /** The occurrence's time by the series' rule (UTC), kept when the user moves this one mail. */
    occurrenceAt: integer('occurrence_at'),
  },
  (table) => [
    // A status change (queued → sending → sent) deletes and re-inserts an entry in every index
    // that holds the row and names a changed column. The indexes below that only one reader
    // needs are partial, so the hot path's transitions leave them alone: each holds only the rows
    // its readers ask for (a query's `batch_id = ?` or `status = 'sent'` tells SQLite the index
    // is enough). Plans checked at a million rows: list-query.test.ts, partial-indexes.test.ts.
    index('emails_batch_status')
      .on(table.batchId, table.status)
      .where(sql`batch_id is not null`),
    index('emails_due').on(table.status, table.nextAttemptAt, table.id),
    // Sends per account since a time (the accounts' list); leasing never touches it, sending inserts.
    index('emails_account_sent')
      .on(table.accountId, table.sentAt)
      .where(sql`sent_at is not null`),
    // An account's due mail without walking other accounts' backlog (the claim, `hasDue`, pauses).
    index('emails_account_due').on(table.accountId, table.status, table.nextAttemptAt, table.id),
    // Each tab's first page: one status, newest first, without sorting every row of that status.
    index('emails_status_newest').on(table.status, table.id),
    // The tabs read by each state's own clock (queue/list-order.ts): sent mail by when it left,
    // failed/cancelled/uncertain by when they changed; waiting mail uses emails_due. Only the rows
    // of those tabs: the queries name the status as a literal (list-query.ts), which SQLite
    // matches against the index's condition when it prepares them.
    index('emails_status_sent_at')
      .on(table.status, table.sentAt, table.id)
      .where(sql`status = 'sent'`),
    index('emails_status_updated')
      .on(table.status, table.updatedAt, table.id)
      .where(sql`status = 'failed' or status = 'cancelled' or status = 'uncertain'`),
    index('emails_series')
      .on(table.seriesId, table.status)
      .where(sql`series_id is not null`),
    // `status`: mail waiting on the keychain, without reading every queued row (partial: tiny).
    index('emails_waiting_on_local').on(table.status).where(sql`last_error_code = 'local-service-unavailable'`),
    // The expiry check before each claim reads only mail that has an expiry (partial: tiny).
    index('emails_expiring').on(table.status, table.nextAttemptAt).where(sql`expires_after_minutes is not null`),
  ],
);

/**
 * How many emails are in each status, kept by triggers on `emails` (drizzle/0005_search_and_counts.sql)
 * so `status`, the tray and the tabs' badges read eight rows instead of counting a million.
 */
export const emailStatusCounts = sqliteTable('email_status_counts', {
  status: text('status').primaryKey(),
  count: integer('count').notNull(),
});

/**
 * Waiting mail (queued or scheduled) per minute of its next try, kept by triggers
 * (drizzle/0009_due_minutes.sql), so the tray's due count reads the few minutes still ahead
 * instead of counting rows (db/waiting-counts.ts). A minute leaves the table when its count is 0.
 */
export const emailDueMinutes = sqliteTable('email_due_minutes', {
  /** `next_attempt_at / 60000`: whole minutes since the epoch. */
  minute: integer('minute').primaryKey(),
  count: integer('count').notNull(),
});

/** The parts of a message only needed to build it, kept out of the hot queue rows. */
export const emailContents = sqliteTable('email_contents', {
  emailId: integer('email_id')
    .primaryKey()
    .references(() => emails.id, { onDelete: 'cascade' }),
  /** JSON arrays of { address, name }. */
  to: text('to_json').notNull(),
  cc: text('cc_json').notNull(),
  bcc: text('bcc_json').notNull(),
  replyTo: text('reply_to_json'),
  text: text('text_body'),
  html: text('html_body'),
  /** The List-Unsubscribe URLs (mailto: / https:), space-separated; null when none. */
  listUnsubscribe: text('list_unsubscribe'),
});

/**
 * Recurring mail (core/series/): an RFC 5545 rule read in an IANA zone, and the mail each
 * occurrence is made from. Occurrences are ordinary emails (emails.series_id); the next one is
 * written in the transaction that records the previous one leaving.
 */
export const series = sqliteTable('series', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  accountId: integer('account_id')
    .notNull()
    .references(() => accounts.id),
  /** The RRULE part only (FREQ=WEEKLY;BYDAY=MO…), as the user gave it, normalised. */
  rule: text('rule').notNull(),
  timeZone: text('time_zone').notNull(),
  /** The first occurrence's wall-clock time in the zone, as if it were UTC ("floating"). */
  startLocal: integer('start_local').notNull(),
  /**
   * The mail, as JSON: the message fields plus attachments by checksum (files stay in the
   * content-addressed store, kept by the collector while the series is active).
   */
  template: text('template_json').notNull(),
  maxAttempts: integer('max_attempts').notNull(),
  /** Occurrences made so far and the nominal time (UTC) of the latest. */
  occurrences: integer('occurrences').notNull().default(0),
  lastOccurrenceAt: integer('last_occurrence_at'),
  /** `finished`: the rule has no occurrence left; `stopped`: the user stopped it. */
  state: text('state', { enum: SERIES_STATES }).notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** A mail merge: one template rendered once per row of a data file, queued together. */
export const batches = sqliteTable('batches', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  accountId: integer('account_id')
    .notNull()
    .references(() => accounts.id),
  /** The data file's header, as a JSON array of column names (the export writes them back). */
  columns: text('columns_json').notNull(),
  /** The data file's delimiter, so the export opens in the same spreadsheet settings. */
  delimiter: text('delimiter').notNull().default(','),
  /** Emails queued (rows skipped with --skip-invalid are kept in batch_rows, not counted). */
  total: integer('total').notNull(),
  createdAt: integer('created_at').notNull(),
  /** A window of the batch's own that narrows its account's (JSON, shared/sending-window.ts); null: none. */
  sendingWindow: text('sending_window'),
});

/** Every data row of a batch, as read, with the email made from it (null when it was skipped). */
export const batchRows = sqliteTable(
  'batch_rows',
  {
    batchId: integer('batch_id')
      .notNull()
      .references(() => batches.id, { onDelete: 'cascade' }),
    /** Row number as a spreadsheet shows it: the header is row 1. */
    row: integer('row').notNull(),
    /** The row's values as a JSON array, in the header's order. */
    values: text('values_json').notNull(),
    emailId: integer('email_id'),
    /** Why the row was skipped (--skip-invalid). */
    skipped: text('skipped'),
  },
  (table) => [primaryKey({ columns: [table.batchId, table.row] }), index('batch_rows_email').on(table.emailId)],
);

/** Content-addressed attachment files under <data dir>/attachments/ab/abcdef…. */
export const attachmentBlobs = sqliteTable('attachment_blobs', {
  sha256: text('sha256').primaryKey(),
  size: integer('size').notNull(),
  createdAt: integer('created_at').notNull(),
});

export const emailAttachments = sqliteTable(
  'email_attachments',
  {
    emailId: integer('email_id')
      .notNull()
      .references(() => emails.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    sha256: text('sha256').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
  },
  (table) => [primaryKey({ columns: [table.emailId, table.position] }), index('email_attachments_sha').on(table.sha256)],
);

/** One row per try: what happened, with the provider's own code (SMTP reply, HTTP status). */
export const attempts = sqliteTable(
  'attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    emailId: integer('email_id')
      .notNull()
      .references(() => emails.id, { onDelete: 'cascade' }),
    /** Denormalised so pacing can count an account's recent sends from one index. */
    accountId: integer('account_id').notNull(),
    attempt: integer('attempt').notNull(),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    outcome: text('outcome', { enum: ATTEMPT_OUTCOMES }).notNull(),
    errorCode: text('error_code'),
    providerCode: text('provider_code'),
    message: text('message'),
  },
  (table) => [index('attempts_email').on(table.emailId, table.attempt), index('attempts_account_started').on(table.accountId, table.startedAt)],
);

/**
 * What each recipient's server said on the last attempt that reached them (SMTP RCPT replies;
 * Gmail and Graph accept all or nothing). Written only when a send did not simply go to everyone:
 * a sent email with no rows here was accepted for every recipient.
 */
export const recipientOutcomes = sqliteTable(
  'recipient_outcomes',
  {
    emailId: integer('email_id')
      .notNull()
      .references(() => emails.id, { onDelete: 'cascade' }),
    address: text('address').notNull(),
    /** `pending`: refused for now (4xx), retried for this recipient only. */
    outcome: text('outcome', { enum: RECIPIENT_OUTCOMES }).notNull(),
    reason: text('reason'),
    updatedAt: integer('updated_at').notNull(),
    /** A refused recipient the user sent the mail again to: the email that carried it (no longer needs attention). */
    resentAs: integer('resent_as'),
  },
  (table) => [primaryKey({ columns: [table.emailId, table.address] }), index('recipient_outcomes_outcome').on(table.outcome, table.emailId)],
);

/** Cross-process locks (one batch at a time across the app and cron's CLI). */
export const locks = sqliteTable('locks', {
  name: text('name').primaryKey(),
  owner: text('owner').notNull(),
  pid: integer('pid').notNull(),
  host: text('host').notNull(),
  expiresAt: integer('expires_at').notNull(),
});

/** Application settings as JSON values (batch size, retry policy, pause, language…). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at')
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
});
