// The statements a run executes once per email or once per turn, prepared once per database and
// typed here (named parameters and rows), beside the schema they read, so the hot path never
// builds a query. The query builder is fine everywhere else; here its per-call cost was most of a
// batch's CPU time. A column renamed in schema.ts must be renamed here too (the claim's column
// list is built from the schema; the rest is checked by the engine tests).
import type Database from 'better-sqlite3';
import { getTableColumns } from 'drizzle-orm';
import { preparedOnce } from './prepared-once';
import { emails, type attempts } from './schema';

export type EmailRow = typeof emails.$inferSelect;

/** An email's content, and whether it has attachments or earlier per-recipient outcomes to read too. */
export interface MessagePartsRow {
  to_json: string;
  cc_json: string;
  bcc_json: string;
  reply_to_json: string | null;
  text_body: string | null;
  html_body: string | null;
  list_unsubscribe: string | null;
  has_attachments: 0 | 1;
  has_prior_outcomes: 0 | 1;
}

export interface AttachmentRow {
  sha256: string;
  filename: string;
  content_type: string;
  size: number;
}

/** What a claim needs to know of an account before it reloads the full row (only when it changed). */
export interface EligibleAccountRow {
  id: number;
  updatedAt: number;
  pausedUntil: number | null;
}

/**
 * Every column of `emails`, named as drizzle names them, so a claimed row is an EmailRow. Built
 * from the schema once, so a column added by a migration is never left out of the claim.
 */
const EMAIL_COLUMNS = Object.entries(getTableColumns(emails))
  .map(([key, column]) => `"${column.name}" as "${key}"`)
  .join(', ');

type AttemptOutcomeText = (typeof attempts.$inferSelect)['outcome'];

function prepare(client: Database.Database) {
  return {
    /** Active accounts in good standing; the claim reloads a full row only when `updatedAt` moved. */
    eligibleAccounts: client.prepare<[], EligibleAccountRow>(
      `select id, updated_at as updatedAt, paused_until as pausedUntil from accounts where active = 1 and state = 'ok' order by id`,
    ),
    /** An account's due mail, earliest first (index emails_account_due). */
    dueForAccount: client.prepare<[{ accountId: number; now: number; limit: number }], EmailRow>(
      `select ${EMAIL_COLUMNS} from emails
       where account_id = :accountId and status = 'queued' and next_attempt_at <= :now order by next_attempt_at, id limit :limit`,
    ),
    /** Is any of the account's mail due at `at`? */
    hasDue: client.prepare<[{ accountId: number; at: number }], { one: number }>(
      `select 1 as one from emails where account_id = :accountId and status = 'queued' and next_attempt_at <= :at limit 1`,
    ),
    /** Closes the email's open (in-flight) attempt. */
    finishAttempt: client.prepare<
      [{ outcome: AttemptOutcomeText; finishedAt: number; errorCode: string | null; providerCode: string | null; message: string | null; emailId: number }]
    >(
      `update attempts set outcome = :outcome, finished_at = :finishedAt, error_code = :errorCode, provider_code = :providerCode, message = :message
       where id = (select id from attempts where email_id = :emailId and outcome = 'in-flight' order by id desc limit 1)`,
    ),
    transmitting: client.prepare<[{ now: number; emailId: number; owner: string }]>(
      `update emails set transmit_started_at = :now where id = :emailId and status = 'sending' and lease_owner = :owner`,
    ),
    sent: client.prepare<[{ sentAt: number; providerMessageId: string | null; emailId: number; owner: string }]>(
      `update emails set status = 'sent', sent_at = :sentAt, provider_message_id = :providerMessageId, last_error = null, last_error_code = null,
         lease_owner = null, lease_expires_at = null, updated_at = :sentAt
       where id = :emailId and status = 'sending' and lease_owner = :owner`,
    ),
    /** Only a row still queued; `transmitStartedAt` is set when the account's provider is ready (wave.ts). */
    lease: client.prepare<[{ owner: string; leaseExpiresAt: number; transmitStartedAt: number | null; now: number; emailId: number }]>(
      `update emails set status = 'sending', lease_owner = :owner, lease_expires_at = :leaseExpiresAt, transmit_started_at = :transmitStartedAt,
         attempts = attempts + 1, updated_at = :now where id = :emailId and status = 'queued'`,
    ),
    startAttempt: client.prepare<[{ emailId: number; accountId: number; attempt: number; startedAt: number }]>(
      `insert into attempts (email_id, account_id, attempt, started_at, outcome) values (:emailId, :accountId, :attempt, :startedAt, 'in-flight')`,
    ),
    extendLeases: client.prepare<[{ leaseExpiresAt: number; owner: string }]>(
      `update emails set lease_expires_at = :leaseExpiresAt where status = 'sending' and lease_owner = :owner`,
    ),
    /**
     * One read per email for what its message is built from: the content row, plus whether it has
     * attachments or earlier recipient outcomes (4xx for some recipients) — both rare, so their
     * rows are read only when these say so (two primary-key probes instead of two queries).
     */
    messageParts: client.prepare<[{ emailId: number }], MessagePartsRow>(
      `select to_json, cc_json, bcc_json, reply_to_json, text_body, html_body, list_unsubscribe,
         exists (select 1 from email_attachments a where a.email_id = c.email_id) as has_attachments,
         exists (select 1 from recipient_outcomes r where r.email_id = c.email_id) as has_prior_outcomes
       from email_contents c where c.email_id = :emailId`,
    ),
    attachments: client.prepare<[{ emailId: number }], AttachmentRow>(
      'select sha256, filename, content_type, size from email_attachments where email_id = :emailId order by position',
    ),
  };
}

export type HotStatements = ReturnType<typeof prepare>;

export const hotStatements = preparedOnce(prepare);
