// Loads a claimed email from the database into the shape providers send. A stored attachment
// that has gone from disk fails the email at once, naming the file: no provider can fix that.
import fs from 'node:fs';
import { ProviderError } from '../providers/provider-error';
import type { Recipient } from '../../../shared/message-schema';
import type { AttachmentStore } from '../attachments/attachment-store';
import type { Db } from '../db/open-database';
import type { emails } from '../db/schema';
import { hotStatements } from './hot-statements';
import type { OutgoingMessage, ProviderAccount } from '../providers/email-provider';

export function loadOutgoingMessage(
  db: Db,
  store: AttachmentStore,
  email: typeof emails.$inferSelect,
  account: ProviderAccount,
  now: number,
  envelopeTo?: string[],
): OutgoingMessage {
  const statements = hotStatements(db);
  const content = statements.content.get(email.id);
  if (!content) throw new Error(`email ${email.id} has no content row`);
  const files = statements.attachments.all(email.id);
  for (const file of files) {
    if (!fs.existsSync(store.pathFor(file.sha256))) {
      throw new ProviderError(
        'permanent',
        `the attachment "${file.filename}" is missing from Facteur's store (${store.pathFor(file.sha256)}); edit the message to attach it again`,
        { code: 'attachment-missing' },
      );
    }
  }
  return {
    emailId: email.id,
    uid: email.uid,
    messageId: email.messageId,
    date: new Date(now),
    from: { address: account.email, name: account.displayName },
    to: JSON.parse(content.to_json) as Recipient[],
    cc: JSON.parse(content.cc_json) as Recipient[],
    bcc: JSON.parse(content.bcc_json) as Recipient[],
    replyTo: content.reply_to_json ? (JSON.parse(content.reply_to_json) as Recipient) : null,
    subject: email.subject,
    text: content.text_body,
    html: content.html_body,
    listUnsubscribe: content.list_unsubscribe,
    attachments: files.map((file) => ({
      filename: file.filename,
      contentType: file.content_type,
      size: file.size,
      sha256: file.sha256,
      path: store.pathFor(file.sha256),
    })),
    recipientCount: email.recipientCount,
    sizeBytes: email.sizeBytes,
    ...(envelopeTo ? { envelopeTo } : {}),
  };
}
