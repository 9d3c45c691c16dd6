// Loads a claimed email from the database into the shape providers send, with one read in the
// common case (content, and flags saying whether attachments or earlier per-recipient outcomes
// exist: rows read only then). A stored attachment that has gone from disk fails the email at
// once, naming the file: no provider can fix that.
import fs from 'node:fs';
import { ProviderError } from '../providers/provider-error';
import type { Recipient } from '../../../shared/message-schema';
import type { AttachmentStore } from '../attachments/attachment-store';
import type { Db } from '../db/open-database';
import type { emails } from '../db/schema';
import { hotStatements } from '../db/hot-statements';
import { priorOutcomes, remainingEnvelope, type RecipientRow } from './recipients';
import type { OutgoingMessage, ProviderAccount } from '../providers/email-provider';

export function loadOutgoingMessage(
  db: Db,
  store: AttachmentStore,
  email: typeof emails.$inferSelect,
  account: ProviderAccount,
  now: number,
): { message: OutgoingMessage; prior: Map<string, RecipientRow> } {
  const statements = hotStatements(db);
  const content = statements.messageParts.get({ emailId: email.id });
  if (!content) throw new Error(`email ${email.id} has no content row`);
  // Almost always empty; after a 4xx for some recipients, the next try goes to them alone.
  const prior = content.has_prior_outcomes ? priorOutcomes(db, email.id) : new Map<string, RecipientRow>();
  const envelopeTo = remainingEnvelope(prior);
  const files = content.has_attachments ? statements.attachments.all({ emailId: email.id }) : [];
  for (const file of files) {
    if (!fs.existsSync(store.pathFor(file.sha256))) {
      throw new ProviderError(
        'permanent',
        `the attachment "${file.filename}" is missing from Facteur's store (${store.pathFor(file.sha256)}); edit the message to attach it again`,
        { code: 'attachment-missing' },
      );
    }
  }
  const message: OutgoingMessage = {
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
  return { message, prior };
}
