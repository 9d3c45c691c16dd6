// Compose drafts kept by the engine, so they survive a restart of the app (and a browser in the
// loopback set-up). They live in the settings table under `draft:<id>` keys — a key/value table
// already migrated everywhere — rather than a new table: drafts are few, small, and never queried
// by anything but their id.
// A draft's attachments go into the same content-addressed store as queued mail's, pinned under
// `draft-files:<id>` (the list of checksums it holds), so the attachment garbage collector leaves
// them alone until the draft is deleted — also when the draft is restored after a restart.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { eq, like, sql } from 'drizzle-orm';
import type { AttachmentStore, StoredBlob } from '../attachments/attachment-store';
import type { Clock } from '../clock';
import { writeTransaction, type Db } from '../db/open-database';
import { settings } from '../db/schema';
import { invalidInput } from '../errors';
import type { Draft } from '../../../shared/output-schemas';

export type { Draft };

const PREFIX = 'draft:';
/** Read by the garbage collector (attachments/garbage.ts): checksums a draft still needs. */
export const DRAFT_FILES_PREFIX = 'draft-files:';
/** A draft is a form's state, not an archive: attachments go by path, bodies stay modest. */
const MAX_DRAFT_BYTES = 5 * 1024 * 1024;

export class DraftStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Newest first. */
  list(): Draft[] {
    const rows = this.db.select().from(settings).where(like(settings.key, `${PREFIX}%`)).all();
    const drafts: Draft[] = [];
    for (const row of rows) {
      try {
        const content: unknown = JSON.parse(row.value);
        if (content && typeof content === 'object' && !Array.isArray(content)) {
          drafts.push({ id: row.key.slice(PREFIX.length), content: content as Record<string, unknown>, updatedAt: new Date(row.updatedAt).toISOString() });
        }
      } catch {
        // A corrupt draft is skipped rather than hiding all the others.
      }
    }
    return drafts.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  save(id: string | undefined, content: Record<string, unknown>): Draft {
    const value = JSON.stringify(content);
    if (Buffer.byteLength(value) > MAX_DRAFT_BYTES) throw invalidInput('content', 'the draft is larger than 5 MB; attach big files by path');
    const draftId = id ?? randomUUID();
    const now = this.clock.now();
    const key = `${PREFIX}${draftId}`;
    this.db
      .insert(settings)
      .values({ key, value, updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } })
      .run();
    return { id: draftId, content, updatedAt: new Date(now).toISOString() };
  }

  /** Deleting a draft that is already gone is not an error (two windows, a double click). */
  delete(id: string): void {
    writeTransaction(this.db, () => {
      this.db.delete(settings).where(eq(settings.key, `${PREFIX}${id}`)).run();
      this.db.delete(settings).where(eq(settings.key, `${DRAFT_FILES_PREFIX}${id}`)).run();
    });
  }

  /**
   * Stores a file for draft `id` and pins it there. `put` copies it into the store (deduplicated);
   * if the collector removed that very file between the copy and the pin, the copy is redone.
   */
  async attach(id: string, store: AttachmentStore, put: () => Promise<StoredBlob>): Promise<StoredBlob> {
    for (let round = 1; ; round += 1) {
      const blob = await put();
      const pinned = writeTransaction(this.db, () => {
        if (!fs.existsSync(store.pathFor(blob.sha256))) return false;
        const now = this.clock.now();
        this.db.run(sql`insert into attachment_blobs (sha256, size, created_at) values (${blob.sha256}, ${blob.size}, ${now}) on conflict do nothing`);
        const key = `${DRAFT_FILES_PREFIX}${id}`;
        const row = this.db.select().from(settings).where(eq(settings.key, key)).get();
        const shas = new Set<string>(row ? (JSON.parse(row.value) as string[]) : []);
        shas.add(blob.sha256);
        const value = JSON.stringify([...shas]);
        this.db.insert(settings).values({ key, value, updatedAt: now }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } }).run();
        return true;
      });
      if (pinned) return blob;
      if (round >= 3) throw invalidInput('attachment', 'the file vanished while it was being stored; try again');
    }
  }
}
