// What a user does with recurring mail: start a series with its first occurrence (from enqueue),
// read it back (rule, zone, the next times), stop it, skip its next occurrence, and change it from
// now on (the mail, the rule or the next time). Every change is one transaction.
import type { AccountService } from '../accounts/account-service';
import type { AttachmentStore } from '../attachments/attachment-store';
import type { Clock } from '../clock';
import { writeTransaction, type Db } from '../db/open-database';
import { FacteurError, invalidInput, notFound } from '../errors';
import type { Logger } from '../logger';
import { discardCreated, prepareEmail, resolveSendAt, type EnqueueOptions, type PreparedEmail } from '../queue/enqueue-preparation';
import { BlobVanished, replaceEmail } from '../queue/email-writes';
import type { SettingsStore } from '../settings-store';
import { advanceSeries, pendingOccurrence, readSeries, ruleOf, type SeriesRow } from './occurrences';
import { checkRule, floatingOf, isoWithOffset, SeriesRule, unreachableHours } from './rule';
import { readTemplate, templateOf } from './template';
import type { SeriesInfo } from '../../../shared/output-schemas';

export interface SeriesPlan {
  rule: string;
  timeZone: string;
  startLocal: number;
  /** The first occurrence: the rule's first time at or after the requested send time. */
  firstAt: number;
}

export type { SeriesInfo };

/** A series as `show --json` gives it: the waiting occurrence's time, then the rule's next four. */
export function describeSeries(db: Db, seriesId: number): SeriesInfo {
  const row = readSeries(db.$client, seriesId);
  if (!row) throw notFound(`series ${seriesId}`);
  const pending = row.state === 'active' ? pendingOccurrence(db.$client, seriesId) : undefined;
  const upcoming: number[] = [];
  if (pending) {
    const rule = ruleOf(row);
    upcoming.push(pending.send_at);
    // The series carries on after the later of the occurrence's own time and when it leaves
    // (advanceSeries): an occurrence moved past the rule's next time does not make that one.
    let at = rule.next(Math.max(pending.occurrence_at ?? pending.send_at, pending.send_at));
    while (at !== null && upcoming.length < 5) {
      upcoming.push(at);
      at = rule.next(at);
    }
  }
  return { id: row.id, rule: row.rule, timeZone: row.time_zone, state: row.state, upcoming: upcoming.map((at) => isoWithOffset(at, row.time_zone)) };
}

/** Checks `--repeat` against the send time before anything is stored. */
export function planSeries(repeat: string, options: EnqueueOptions, now: number): SeriesPlan {
  const checked = checkRule(repeat);
  if (!checked.ok) throw invalidInput('repeat', checked.reason);
  const { sendAt, timeZone } = resolveSendAt(options, now);
  const startLocal = Math.floor(floatingOf(sendAt, timeZone) / 1000) * 1000;
  const unreachable = unreachableHours(checked.rule, startLocal);
  if (unreachable) throw invalidInput('repeat', unreachable);
  const firstAt = new SeriesRule(checked.rule, timeZone, startLocal).next(sendAt, true);
  if (firstAt === null) throw invalidInput('repeat', `${checked.rule} gives no time at or after ${isoWithOffset(sendAt, timeZone)}`);
  return { rule: checked.rule, timeZone, startLocal, firstAt };
}

/** Makes email `emailId` the first occurrence of a new series; inside enqueue's transaction. */
export function attachSeries(db: Db, emailId: number, email: PreparedEmail, plan: SeriesPlan, now: number): number {
  const client = db.$client;
  const row = client
    .prepare(
      `insert into series (account_id, rule, time_zone, start_local, template_json, max_attempts, occurrences, last_occurrence_at, state, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, 1, ?, 'active', ?, ?) returning id`,
    )
    .get(email.account.id, plan.rule, plan.timeZone, plan.startLocal, templateOf(email), email.maxAttempts, plan.firstAt, now, now) as { id: number };
  client.prepare('update emails set series_id = ?, occurrence_at = ? where id = ?').run(row.id, plan.firstAt, emailId);
  return row.id;
}

export interface SeriesEdit {
  message?: unknown;
  repeat?: string | null;
  /** A new next time (and zone), from which the rule carries on. */
  sendAt?: string | null;
  timeZone?: string | null;
  baseDir?: string;
  allowedDirs?: string[];
}

export class SeriesService {
  constructor(
    private readonly db: Db,
    private readonly accounts: AccountService,
    private readonly store: AttachmentStore,
    private readonly settings: SettingsStore,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly onChanged: () => void = () => undefined,
  ) {}

  /** The series email `emailId` belongs to, or null for one-off mail. */
  ofEmail(emailId: number): SeriesInfo | null {
    const email = this.db.$client.prepare('select series_id from emails where id = ?').get(emailId) as { series_id: number | null } | undefined;
    if (!email) throw notFound(`email ${emailId}`);
    return email.series_id === null ? null : this.info(email.series_id);
  }

  info(seriesId: number): SeriesInfo {
    return describeSeries(this.db, seriesId);
  }

  private seriesOf(emailId: number): SeriesRow {
    const email = this.db.$client.prepare('select series_id from emails where id = ?').get(emailId) as { series_id: number | null } | undefined;
    if (!email) throw notFound(`email ${emailId}`);
    const row = email.series_id === null ? undefined : readSeries(this.db.$client, email.series_id);
    if (!row) throw new FacteurError('conflict', `email ${emailId} is not part of a repeating series`, 'id');
    return row;
  }

  /** Stops the series of email `emailId`: no more occurrences, and the waiting one is cancelled. */
  stop(emailId: number): { cancelled: number } {
    const now = this.clock.now();
    const cancelled = writeTransaction(this.db, () => {
      const row = this.seriesOf(emailId);
      this.db.$client.prepare(`update series set state = 'stopped', updated_at = ? where id = ?`).run(now, row.id);
      return this.db.$client
        .prepare(`update emails set status = 'cancelled', updated_at = ? where series_id = ? and status in ('scheduled', 'queued', 'held', 'paused')`)
        .run(now, row.id).changes;
    });
    this.log.info({ emailId, cancelled }, 'series stopped');
    this.onChanged();
    return { cancelled };
  }

  /** Skips the waiting occurrence (kept as cancelled, code `skipped`) and makes the one after. */
  skip(emailId: number): { skipped: number; next: number | null } {
    const now = this.clock.now();
    const result = writeTransaction(this.db, () => {
      const row = this.requireActive(emailId);
      const pending = this.requirePending(row);
      this.db.$client
        .prepare(`update emails set status = 'cancelled', last_error = 'skipped: this occurrence of the series was not sent', last_error_code = 'skipped', updated_at = ? where id = ?`)
        .run(now, pending.id);
      return { skipped: pending.id, next: advanceSeries(this.db.$client, row.id, now) };
    });
    this.log.info(result, 'series occurrence skipped');
    this.onChanged();
    return result;
  }

  private requireActive(emailId: number): SeriesRow {
    const row = this.seriesOf(emailId);
    if (row.state !== 'active') throw new FacteurError('conflict', `the series of email ${emailId} is ${row.state}`, 'id');
    return row;
  }

  private requirePending(row: SeriesRow): { id: number; occurrence_at: number | null; send_at: number; status: string } {
    const pending = pendingOccurrence(this.db.$client, row.id);
    if (!pending) throw new FacteurError('conflict', `series ${row.id} has no occurrence waiting`, 'id');
    if (pending.status === 'sending') throw new FacteurError('conflict', `email ${pending.id} of this series is being sent right now`, 'id');
    return pending;
  }

  /**
   * Changes the series from its waiting occurrence on: a new mail (validated like enqueue), a new
   * rule and/or a new next time. The rule then counts (COUNT) from that occurrence.
   */
  async edit(emailId: number, change: SeriesEdit): Promise<SeriesInfo> {
    const now = this.clock.now();
    const current = this.requireActive(emailId);
    let plan: SeriesPlan | null = null;
    if (change.repeat || change.sendAt || change.timeZone) {
      const pending = this.requirePending(current);
      const timeZone = change.timeZone ?? current.time_zone;
      const sendAt = change.sendAt ?? isoWithOffset(pending.occurrence_at ?? pending.send_at, timeZone);
      plan = planSeries(change.repeat ?? current.rule, { sendAt, timeZone }, now);
    }
    let prepared: PreparedEmail | null = null;
    if (change.message !== undefined) {
      const account = this.accounts.resolve(current.account_id);
      const mail = await prepareEmail(change.message, account, this.accounts.limitsOf(account), this.store, change, now, current.max_attempts);
      // A new mail keeps the series' own limit (--expires-after): only the mail changes.
      prepared = { ...mail, expiresAfterMinutes: readTemplate(current.template_json).expiresAfterMinutes ?? null };
    }
    try {
      writeTransaction(this.db, (tx) => {
        const row = this.requireActive(emailId);
        const pending = this.requirePending(row);
        const client = this.db.$client;
        if (prepared) {
          replaceEmail(tx, this.store, pending.id, { ...prepared, sendAt: pending.send_at, timeZone: row.time_zone, maxAttempts: row.max_attempts }, now);
          client.prepare('update series set template_json = ?, updated_at = ? where id = ?').run(templateOf(prepared), now, row.id);
        }
        if (plan) {
          client
            .prepare('update series set rule = ?, time_zone = ?, start_local = ?, occurrences = 1, last_occurrence_at = ?, updated_at = ? where id = ?')
            .run(plan.rule, plan.timeZone, plan.startLocal, plan.firstAt, now, row.id);
          client
            .prepare(`update emails set send_at = ?, next_attempt_at = ?, occurrence_at = ?, time_zone = ?, status = case when status = 'held' then 'held' when ? > ? then 'scheduled' else 'queued' end, updated_at = ? where id = ?`)
            .run(plan.firstAt, plan.firstAt, plan.firstAt, plan.timeZone, plan.firstAt, now, now, pending.id);
        }
      });
    } catch (error) {
      if (prepared) discardCreated(this.store, prepared.attachments);
      if (error instanceof BlobVanished) throw new FacteurError('conflict', 'an attachment was removed meanwhile; try again', 'message');
      throw error;
    }
    this.log.info({ emailId, seriesId: current.id }, 'series changed');
    this.onChanged();
    return this.info(current.id);
  }
}
