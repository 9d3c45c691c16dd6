// The statements a run executes once or twice per email, prepared once per database. The query
// builder is fine everywhere else; here its per-call cost was most of a batch's CPU time.
import type Database from 'better-sqlite3';
import type { Db } from '../db/open-database';

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

function prepare(client: Database.Database) {
  return {
    /** (outcome, finishedAt, errorCode, providerCode, message, emailId) */
    finishAttempt: client.prepare(
      `update attempts set outcome = ?, finished_at = ?, error_code = ?, provider_code = ?, message = ?
       where id = (select id from attempts where email_id = ? and outcome = 'in-flight' order by id desc limit 1)`,
    ),
    /** (now, emailId, owner) */
    transmitting: client.prepare(
      `update emails set transmit_started_at = ? where id = ? and status = 'sending' and lease_owner = ?`,
    ),
    /** (sentAt, providerMessageId, updatedAt, emailId, owner) */
    sent: client.prepare(
      `update emails set status = 'sent', sent_at = ?, provider_message_id = ?, last_error = null, last_error_code = null,
         lease_owner = null, lease_expires_at = null, updated_at = ?
       where id = ? and status = 'sending' and lease_owner = ?`,
    ),
    /** (owner, leaseExpiresAt, transmitStartedAt | null, updatedAt, emailId) */
    lease: client.prepare(
      `update emails set status = 'sending', lease_owner = ?, lease_expires_at = ?, transmit_started_at = ?,
         attempts = attempts + 1, updated_at = ? where id = ?`,
    ),
    /** (emailId, accountId, attempt, startedAt) */
    startAttempt: client.prepare(
      `insert into attempts (email_id, account_id, attempt, started_at, outcome) values (?, ?, ?, ?, 'in-flight')`,
    ),
    content: client.prepare<[number], ContentRow>(
      'select to_json, cc_json, bcc_json, reply_to_json, text_body, html_body, list_unsubscribe from email_contents where email_id = ?',
    ),
    attachments: client.prepare<[number], AttachmentRow>(
      'select sha256, filename, content_type, size from email_attachments where email_id = ? order by position',
    ),
  };
}

export type HotStatements = ReturnType<typeof prepare>;

const cache = new WeakMap<Database.Database, HotStatements>();

export function hotStatements(db: Db): HotStatements {
  let statements = cache.get(db.$client);
  if (!statements) {
    statements = prepare(db.$client);
    cache.set(db.$client, statements);
  }
  return statements;
}
