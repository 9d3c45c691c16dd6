// Writes an edited message over a queued email that has not gone yet: row, contents and
// attachment list replaced together (the caller holds the write transaction). Blobs the old
// version used and nobody else does are left to the attachment garbage collector.
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import type { EmailStatus } from '../../../shared/domain';
import type { AttachmentStore } from '../attachments/attachment-store';
import type { Db } from '../db/open-database';
import { attachmentBlobs, emailAttachments, emailContents, emails } from '../db/schema';
import type { PreparedEmail } from './enqueue-preparation';

/** Thrown when a blob copied for this edit was collected before the insert; the edit is redone. */
export class EditBlobVanished extends Error {}

export function replaceEmail(db: Db, store: AttachmentStore, id: number, email: PreparedEmail, now: number): void {
  const { message } = email;
  // Mail for an account that must be linked again stays held; otherwise its time decides.
  const status: EmailStatus = email.account.state === 'needs-reauth' ? 'held' : email.sendAt > now ? 'scheduled' : 'queued';
  db.update(emails)
    .set({
      uid: email.uid,
      messageId: email.messageId,
      accountId: email.account.id,
      status,
      sendAt: email.sendAt,
      timeZone: email.timeZone,
      nextAttemptAt: email.sendAt,
      attempts: 0,
      maxAttempts: email.maxAttempts,
      leaseOwner: null,
      leaseExpiresAt: null,
      transmitStartedAt: null,
      lastError: null,
      lastErrorCode: null,
      subject: message.subject,
      recipientCount: email.recipientCount,
      sizeBytes: email.sizeBytes,
      updatedAt: now,
    })
    .where(eq(emails.id, id))
    .run();
  db.update(emailContents)
    .set({
      to: JSON.stringify(message.to),
      cc: JSON.stringify(message.cc),
      bcc: JSON.stringify(message.bcc),
      replyTo: message.replyTo ? JSON.stringify(message.replyTo) : null,
      text: message.text ?? null,
      html: message.html ?? null,
    })
    .where(eq(emailContents.emailId, id))
    .run();
  db.delete(emailAttachments).where(eq(emailAttachments.emailId, id)).run();
  email.attachments.forEach((attachment, position) => {
    if (!fs.existsSync(store.pathFor(attachment.blob.sha256))) throw new EditBlobVanished();
    db.insert(attachmentBlobs).values({ sha256: attachment.blob.sha256, size: attachment.blob.size, createdAt: now }).onConflictDoNothing().run();
    db.insert(emailAttachments)
      .values({
        emailId: id,
        position,
        sha256: attachment.blob.sha256,
        filename: attachment.filename,
        contentType: attachment.contentType,
        size: attachment.blob.size,
      })
      .run();
  });
}
