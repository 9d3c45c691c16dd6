// Loads a claimed email from the database into the shape providers send.
import { eq } from 'drizzle-orm';
import type { Recipient } from '../../../shared/message-schema';
import type { AttachmentStore } from '../attachments/attachment-store';
import type { Db } from '../db/open-database';
import { emailAttachments, emailContents, emails } from '../db/schema';
import type { OutgoingMessage, ProviderAccount } from '../providers/email-provider';

export function loadOutgoingMessage(
  db: Db,
  store: AttachmentStore,
  email: typeof emails.$inferSelect,
  account: ProviderAccount,
  now: number,
): OutgoingMessage {
  const content = db.select().from(emailContents).where(eq(emailContents.emailId, email.id)).get();
  if (!content) throw new Error(`email ${email.id} has no content row`);
  const files = db.select().from(emailAttachments).where(eq(emailAttachments.emailId, email.id)).orderBy(emailAttachments.position).all();
  return {
    emailId: email.id,
    uid: email.uid,
    messageId: email.messageId,
    date: new Date(now),
    from: { address: account.email, name: account.displayName },
    to: JSON.parse(content.to) as Recipient[],
    cc: JSON.parse(content.cc) as Recipient[],
    bcc: JSON.parse(content.bcc) as Recipient[],
    replyTo: content.replyTo ? (JSON.parse(content.replyTo) as Recipient) : null,
    subject: email.subject,
    text: content.text,
    html: content.html,
    attachments: files.map((file) => ({
      filename: file.filename,
      contentType: file.contentType,
      size: file.size,
      sha256: file.sha256,
      path: store.pathFor(file.sha256),
    })),
    recipientCount: email.recipientCount,
    sizeBytes: email.sizeBytes,
  };
}
