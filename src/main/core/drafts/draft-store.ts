// Compose drafts kept by the engine, so they survive a restart of the app (and a browser in the
// loopback set-up). They live in the settings table under `draft:<id>` keys — a key/value table
// already migrated everywhere — rather than a new table: drafts are few, small, and never queried
// by anything but their id.
import { randomUUID } from 'node:crypto';
import { eq, like } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { Db } from '../db/open-database';
import { settings } from '../db/schema';
import { invalidInput } from '../errors';

export interface Draft {
  id: string;
  content: Record<string, unknown>;
  updatedAt: string;
}

const PREFIX = 'draft:';
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
    this.db.delete(settings).where(eq(settings.key, `${PREFIX}${id}`)).run();
  }
}
