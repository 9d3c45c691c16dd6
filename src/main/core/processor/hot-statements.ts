// The statements a run executes once per email or once per turn, prepared once per database and
// typed here (parameters and rows), so the hot path never builds a query. The query builder is
// fine everywhere else; here its per-call cost was most of a batch's CPU time.
import type Database from 'better-sqlite3';
import { getTableColumns } from 'drizzle-orm';
import { preparedOnce } from '../db/prepared-once';
import { emails, type attempts } from '../db/schema';

export type EmailRow = typeof emails.$inferSelect;

export interface ContentRow {
  to_json: string;
  cc_json: string;
  bcc_json: string;
  reply_to_json: string | null;
  text_body: string | null;
  html_body: string | null;
  list_unsubscribe: string | null;
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
    /** (accountId, now, limit): an account's due mail, earliest first (index emails_account_due). */
    dueForAccount: client.prepare<[number, number, number], EmailRow>(
      `select ${EMAIL_COLUMNS} from emails
       where account_id = ? and status = 'queued' and next_attempt_at <= ? order by next_attempt_at, id limit ?`,
    ),
    /** (accountId, now): is any of the account's mail due? */
    hasDue: client.prepare<[number, number], { one: number }>(
      `select 1 as one from emails where account_id = ? and status = 'queued' and next_attempt_at <= ? limit 1`,
    ),
    /** (outcome, finishedAt, errorCode, providerCode, message, emailId) */
    finishAttempt: client.prepare<[AttemptOutcomeText, number, string | null, string | null, string | null, number]>(
      `update attempts set outcome = ?, finished_at = ?, error_code = ?, provider_code = ?, message = ?
       where id = (select id from attempts where email_id = ? and outcome = 'in-flight' order by id desc limit 1)`,
    ),
    /** (now, emailId, owner) */
    transmitting: client.prepare<[number, number, string]>(
      `update emails set transmit_started_at = ? where id = ? and status = 'sending' and lease_owner = ?`,
    ),
    /** (sentAt, providerMessageId, updatedAt, emailId, owner) */
    sent: client.prepare<[number, string | null, number, number, string]>(
      `update emails set status = 'sent', sent_at = ?, provider_message_id = ?, last_error = null, last_error_code = null,
         lease_owner = null, lease_expires_at = null, updated_at = ?
       where id = ? and status = 'sending' and lease_owner = ?`,
    ),
    /** (owner, leaseExpiresAt, transmitStartedAt | null, updatedAt, emailId): only a row still queued. */
    lease: client.prepare<[string, number, number | null, number, number]>(
      `update emails set status = 'sending', lease_owner = ?, lease_expires_at = ?, transmit_started_at = ?,
         attempts = attempts + 1, updated_at = ? where id = ? and status = 'queued'`,
    ),
    /** (emailId, accountId, attempt, startedAt) */
    startAttempt: client.prepare<[number, number, number, number]>(
      `insert into attempts (email_id, account_id, attempt, started_at, outcome) values (?, ?, ?, ?, 'in-flight')`,
    ),
    /** (leaseExpiresAt, owner) */
    extendLeases: client.prepare<[number, string]>(`update emails set lease_expires_at = ? where status = 'sending' and lease_owner = ?`),
    content: client.prepare<[number], ContentRow>(
      'select to_json, cc_json, bcc_json, reply_to_json, text_body, html_body, list_unsubscribe from email_contents where email_id = ?',
    ),
    attachments: client.prepare<[number], AttachmentRow>(
      'select sha256, filename, content_type, size from email_attachments where email_id = ? order by position',
    ),
  };
}

export type HotStatements = ReturnType<typeof prepare>;

export const hotStatements = preparedOnce(prepare);
