// Attachment files are reference-counted by the emails that still need them: anything not yet
// sent or cancelled, or sent with refused recipients (it may be sent again to them, with its files)
// — and by compose drafts, which pin the files they hold (drafts/draft-store.ts), and by active
// repeating series, whose template keeps its files for the occurrences to come (series/).
// Once nothing refers to a file, the file and its row go; so do temp files an interrupted copy left.
// A draft of an in-place edit (`edit-<email id>`) goes first when its email can no longer be
// edited in place (sent, cancelled, failed, removed): nothing could ever open it again, and it
// would pin its files for good.
import { sql } from 'drizzle-orm';
import { EDITABLE_IN_PLACE_STATUSES } from '../../../shared/email-statuses';
import type { Db } from '../db/open-database';
import { writeTransaction } from '../db/open-database';
import type { Logger } from '../logger';
import type { AttachmentStore } from './attachment-store';

/** Deletes drafts of in-place edits whose email is no longer editable in place; returns how many. */
export function pruneStaleEditDrafts(db: Db): number {
  const editable = EDITABLE_IN_PLACE_STATUSES.map((status) => `'${status}'`).join(', ');
  return db.$client
    .prepare(
      `delete from settings
       where (key glob 'draft:edit-[0-9]*' or key glob 'draft-files:edit-[0-9]*')
         and not exists (
           select 1 from emails e
           where e.id = cast(substr(settings.key, instr(settings.key, ':edit-') + 6) as integer)
             and e.status in (${editable}))`,
    )
    .run().changes;
}

/** Blobs with no email that may still be sent (or shown for a retry). */
export function unreferencedBlobs(db: Db): string[] {
  return db.$client
    .prepare(
      `select b.sha256 as sha from attachment_blobs b
       where not exists (
         select 1 from email_attachments ea join emails e on e.id = ea.email_id
         where ea.sha256 = b.sha256
           and (e.status not in ('sent', 'cancelled')
             or (e.status = 'sent' and exists (
               select 1 from recipient_outcomes ro where ro.email_id = e.id and ro.outcome = 'refused'))))
       and not exists (
         select 1 from settings s where s.key like 'draft-files:%' and instr(s.value, b.sha256) > 0)
       and not exists (
         select 1 from series r where r.state = 'active' and instr(r.template_json, b.sha256) > 0)`,
    )
    .all()
    .map((row) => (row as { sha: string }).sha);
}

export function collectGarbage(db: Db, store: AttachmentStore, log: Logger): number {
  try {
    // Files are removed while the write lock is held, so an enqueue cannot pick up a file that is
    // about to vanish (enqueue checks its files inside its own write transaction).
    const removed = writeTransaction(db, () => {
      const drafts = pruneStaleEditDrafts(db);
      if (drafts) log.info({ count: drafts }, 'removed drafts of edits to mail that can no longer be edited');
      const shas = unreferencedBlobs(db);
      for (const sha of shas) {
        db.run(sql`delete from attachment_blobs where sha256 = ${sha}`);
        store.remove(sha);
      }
      return shas;
    });
    if (removed.length) log.info({ count: removed.length }, 'removed attachment files no email needs');
    const parts = store.removeStaleParts(Date.now());
    if (parts) log.info({ count: parts }, 'removed temp files left by an interrupted copy');
    return removed.length;
  } catch (error) {
    log.warn({ err: error }, 'attachment clean-up skipped');
    return 0;
  }
}
