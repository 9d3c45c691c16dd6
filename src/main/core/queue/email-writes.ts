// Writing a prepared email into the database, new (insert) or over one not sent yet (replace).
// Each function takes the caller's write transaction (WriteTx). Inserts use statements prepared once per database:
// bulk imports spend their time in SQLite, not in building the same INSERT ten thousand times.
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { EmailStatus } from '../../../shared/domain';
import type { Message } from '../../../shared/message-schema';
import type { AttachmentStore } from '../attachments/attachment-store';
import type { WriteTx } from '../db/open-database';
import { preparedOnce } from '../db/prepared-once';
import type { PreparedAttachment, PreparedEmail } from './enqueue-preparation';

/**
 * A file copied for this email was collected (its last other user was just sent) between the
 * copy and the insert; the caller redoes the (cheap, deduplicated) copy.
 */
export class BlobVanished extends Error {}

function prepare(client: Database.Database) {
  return {
    email: client.prepare<unknown[], { id: number }>(
      `insert into emails (uid, account_id, status, send_at, time_zone, next_attempt_at, max_attempts, message_id,
         subject, recipient_count, size_bytes, expires_after_minutes, created_at, updated_at, batch_id)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
    ),
    replaceEmail: client.prepare(
      `update emails set uid = ?, account_id = ?, status = ?, send_at = ?, time_zone = ?, next_attempt_at = ?,
         max_attempts = ?, message_id = ?, subject = ?, recipient_count = ?, size_bytes = ?, expires_after_minutes = ?, updated_at = ?,
         attempts = 0, lease_owner = null, lease_expires_at = null, transmit_started_at = null,
         last_error = null, last_error_code = null
       where id = ?`,
    ),
    content: client.prepare(
      `insert into email_contents (to_json, cc_json, bcc_json, reply_to_json, text_body, html_body, list_unsubscribe, email_id)
       values (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    replaceContent: client.prepare(
      `update email_contents set to_json = ?, cc_json = ?, bcc_json = ?, reply_to_json = ?, text_body = ?, html_body = ?,
         list_unsubscribe = ? where email_id = ?`,
    ),
    blob: client.prepare('insert into attachment_blobs (sha256, size, created_at) values (?, ?, ?) on conflict do nothing'),
    attachment: client.prepare(
      'insert into email_attachments (email_id, position, sha256, filename, content_type, size) values (?, ?, ?, ?, ?, ?)',
    ),
    dropAttachments: client.prepare('delete from email_attachments where email_id = ?'),
  };
}

const statements = preparedOnce(prepare);

/** The content row's values, in the order both content statements take them (email id last). */
function contentValues(message: Message, emailId: number): unknown[] {
  return [
    JSON.stringify(message.to),
    JSON.stringify(message.cc),
    JSON.stringify(message.bcc),
    message.replyTo ? JSON.stringify(message.replyTo) : null,
    message.text ?? null,
    message.html ?? null,
    message.listUnsubscribe ?? null,
    emailId,
  ];
}

/** The email row's values shared by insert and replace, in statement order. */
function rowValues(email: PreparedEmail, status: EmailStatus): unknown[] {
  return [
    email.uid,
    email.account.id,
    status,
    email.sendAt,
    email.timeZone,
    email.sendAt,
    email.maxAttempts,
    email.messageId,
    email.message.subject,
    email.recipientCount,
    email.sizeBytes,
    email.expiresAfterMinutes,
  ];
}

function insertAttachments(db: WriteTx, store: AttachmentStore, emailId: number, attachments: PreparedAttachment[], now: number): void {
  const sql = statements(db);
  attachments.forEach((attachment, position) => {
    if (!fs.existsSync(store.pathFor(attachment.blob.sha256))) throw new BlobVanished();
    sql.blob.run(attachment.blob.sha256, attachment.blob.size, now);
    sql.attachment.run(emailId, position, attachment.blob.sha256, attachment.filename, attachment.contentType, attachment.blob.size);
  });
}

/** Inserts a new email (as part of mail merge `batchId` when given), inside the caller's transaction. */
export function insertEmail(db: WriteTx, store: AttachmentStore, email: PreparedEmail, now: number, batchId: number | null = null): number {
  const sql = statements(db);
  const status: EmailStatus = email.sendAt > now ? 'scheduled' : 'queued';
  const row = sql.email.get(...rowValues(email, status), now, now, batchId) as { id: number };
  sql.content.run(...contentValues(email.message, row.id));
  insertAttachments(db, store, row.id, email.attachments, now);
  return row.id;
}

/**
 * Writes an edited message over email `id`: row, contents and attachment list replaced together,
 * with a fresh uid (so a fresh Message-ID) and a fresh set of attempts. Blobs the old version
 * used and nobody else does are left to the attachment garbage collector.
 */
export function replaceEmail(db: WriteTx, store: AttachmentStore, id: number, email: PreparedEmail, now: number): void {
  const sql = statements(db);
  // Mail for an account that must be linked again stays held; otherwise its time decides.
  const status: EmailStatus = email.account.state === 'needs-reauth' ? 'held' : email.sendAt > now ? 'scheduled' : 'queued';
  sql.replaceEmail.run(...rowValues(email, status), now, id);
  sql.replaceContent.run(...contentValues(email.message, id));
  sql.dropAttachments.run(id);
  insertAttachments(db, store, id, email.attachments, now);
}
