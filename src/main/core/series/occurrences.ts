// Keeps each active series at exactly one future occurrence. The next occurrence is written by
// `continueSeries`, called inside the very transaction that records the previous one leaving
// (sent, sent with refusals, failed for good, uncertain, cancelled or skipped), so a crash leaves
// either both changes or neither: never two of one occurrence, never a gap. `ensureOccurrences`
// repairs series that have none (made by an older version, or their mail was removed), idempotently.
//
// Late mail: the next occurrence is the rule's first time after both the previous occurrence and
// now. After weeks switched off, the one occurrence already waiting goes out late (as any late
// mail does) and the series carries on from today: no flood of the weeks missed.
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open-database';
import type { SeriesState } from '../../../shared/outcomes';
import { LATE_HELD_CODE } from '../../../shared/late-mail';
import { preparedOnce } from '../db/prepared-once';
import { messageIdFor } from '../queue/enqueue-preparation';
import { SeriesRule } from './rule';
import { readTemplate } from './template';

/**
 * The series' waiting occurrence: one that has not left yet — except an occurrence held because it
 * missed its time. That one waits for the user's decision (send, reschedule, cancel) outside the
 * series' timeline, like a failed one: the series carries on with its next time meanwhile, and
 * sending it late later does not make an extra occurrence (the next one is already waiting).
 */
const waitingSql = (table = ''): string =>
  `(${table}status in ('scheduled', 'queued', 'sending', 'paused')
    or (${table}status = 'held' and coalesce(${table}last_error_code, '') <> '${LATE_HELD_CODE}'))`;

export interface SeriesRow {
  id: number;
  account_id: number;
  rule: string;
  time_zone: string;
  start_local: number;
  template_json: string;
  max_attempts: number;
  occurrences: number;
  last_occurrence_at: number | null;
  state: SeriesState;
}

export const ruleOf = (row: SeriesRow): SeriesRule => new SeriesRule(row.rule, row.time_zone, row.start_local);

export function readSeries(client: Database.Database, id: number): SeriesRow | undefined {
  return client.prepare('select * from series where id = ?').get(id) as SeriesRow | undefined;
}

export function pendingOccurrence(client: Database.Database, seriesId: number): { id: number; occurrence_at: number | null; send_at: number; status: string } | undefined {
  return client
    .prepare(`select id, occurrence_at, send_at, status from emails where series_id = ? and ${waitingSql()} order by send_at limit 1`)
    .get(seriesId) as { id: number; occurrence_at: number | null; send_at: number; status: string } | undefined;
}

/** Writes occurrence `at` of the series as a new email from its template; the caller holds the transaction. */
export function insertOccurrence(client: Database.Database, row: SeriesRow, at: number, now: number): number {
  const template = readTemplate(row.template_json);
  const account = client.prepare('select email from accounts where id = ?').get(row.account_id) as { email: string };
  const uid = randomUUID();
  const { message } = template;
  const inserted = client
    .prepare(
      `insert into emails (uid, account_id, status, send_at, time_zone, next_attempt_at, max_attempts, message_id, subject,
         recipient_count, size_bytes, expires_after_minutes, created_at, updated_at, series_id, occurrence_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
    )
    .get(
      uid, row.account_id, at > now ? 'scheduled' : 'queued', at, row.time_zone, at, row.max_attempts, messageIdFor(uid, account.email),
      message.subject, template.recipientCount, template.sizeBytes, template.expiresAfterMinutes ?? null, now, now, row.id, at,
    ) as { id: number };
  client
    .prepare(
      `insert into email_contents (email_id, to_json, cc_json, bcc_json, reply_to_json, text_body, html_body, list_unsubscribe)
       values (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      inserted.id, JSON.stringify(message.to), JSON.stringify(message.cc), JSON.stringify(message.bcc),
      message.replyTo ? JSON.stringify(message.replyTo) : null, message.text ?? null, message.html ?? null, message.listUnsubscribe ?? null,
    );
  template.attachments.forEach((file, position) => {
    client.prepare('insert into attachment_blobs (sha256, size, created_at) values (?, ?, ?) on conflict do nothing').run(file.sha256, file.size, now);
    client
      .prepare('insert into email_attachments (email_id, position, sha256, filename, content_type, size) values (?, ?, ?, ?, ?, ?)')
      .run(inserted.id, position, file.sha256, file.filename, file.contentType, file.size);
  });
  client
    .prepare('update series set occurrences = occurrences + 1, last_occurrence_at = ?, updated_at = ? where id = ?')
    .run(at, now, row.id);
  return inserted.id;
}

/**
 * Makes the series' next occurrence unless one is already waiting; marks the series finished when
 * its rule has none left. Returns the new email's id, or null. The caller holds the transaction.
 */
export function advanceSeries(client: Database.Database, seriesId: number, now: number): number | null {
  const row = readSeries(client, seriesId);
  if (!row || row.state !== 'active') return null;
  if (pendingOccurrence(client, seriesId)) return null;
  const after = Math.max(row.last_occurrence_at ?? Number.NEGATIVE_INFINITY, now);
  const at = ruleOf(row).next(after);
  if (at === null) {
    client.prepare(`update series set state = 'finished', updated_at = ? where id = ?`).run(now, seriesId);
    return null;
  }
  return insertOccurrence(client, row, at, now);
}

/** On every send's hot path: prepared once per connection. */
const seriesOfEmail = preparedOnce((client) => client.prepare('select series_id, account_id from emails where id = ?'));

/**
 * The hook where an email's leaving is recorded: when it belongs to a series, the next occurrence
 * is written in the same transaction. Cheap for mail outside any series (one indexed read).
 */
export function continueSeries(db: Db, emailId: number, now: number): void {
  const email = seriesOfEmail(db).get(emailId) as { series_id: number | null; account_id: number } | undefined;
  if (!email?.series_id) return;
  const client = db.$client;
  // Mail moved to another account takes its series along.
  client.prepare('update series set account_id = ? where id = ? and account_id <> ?').run(email.account_id, email.series_id, email.account_id);
  advanceSeries(client, email.series_id, now);
}

/** Every active series without a waiting occurrence gets its next one (start-up, each run). */
export function ensureOccurrences(db: Db, now: number): number {
  const client = db.$client;
  const orphans = client
    .prepare(`select id from series s where state = 'active' and not exists (select 1 from emails e where e.series_id = s.id and ${waitingSql('e.')})`)
    .all() as Array<{ id: number }>;
  if (orphans.length === 0) return 0;
  return client.transaction(() => orphans.filter((row) => advanceSeries(client, row.id, now) !== null).length).immediate();
}
