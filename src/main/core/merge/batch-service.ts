// Mail merge batches after they are queued: list with counts and ETA, one batch with its rows,
// pause / resume / cancel as a whole, and the export of the data file with each row's outcome.
//
// Pausing moves the batch's waiting mail to `paused`, a status the processor never claims, and
// leaves its send time and next-attempt time untouched, so resuming puts every email back on its
// original schedule (queued if that time has passed, scheduled otherwise).
import { stringify } from 'csv-stringify/sync';
import { EMAIL_STATUSES, type StatusCounts } from '../../../shared/domain';
import type { BatchDetail, BatchRow, BatchSummary } from '../../../shared/batch';
import type { Recipient } from '../../../shared/message-schema';
import type { AccountService } from '../accounts/account-service';
import type { Clock } from '../clock';
import { writeTransaction, type Db } from '../db/open-database';
import { FacteurError, invalidInput, notFound } from '../errors';
import type { Logger } from '../logger';
import { DAY_MS } from '../processor/pacing';
import { estimateFinish } from './batch-eta';
import { nextOpeningOfAll, type SendingWindow } from '../../../shared/sending-window';
import { batchWindow, readWindow } from '../windows/window-hold';
import { mergeBatch, type MergeDeps, type MergeInput } from './batch-merge';
import type { AttachmentStore } from '../attachments/attachment-store';
import type { SettingsStore } from '../settings-store';

export const EXPORT_COLUMNS = ['facteur_id', 'status', 'sent_at', 'error'] as const;

interface BatchRecord {
  id: number;
  name: string;
  account_id: number;
  account: string;
  columns_json: string;
  delimiter: string;
  total: number;
  created_at: number;
  sending_window: string | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export class BatchService {
  private readonly deps: MergeDeps;

  constructor(
    private readonly db: Db,
    private readonly accounts: AccountService,
    store: AttachmentStore,
    settings: SettingsStore,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly onQueueChanged: () => void = () => {},
  ) {
    this.deps = { db, accounts, store, settings, clock, log, etaOf: (a, extra, b) => this.eta(a, extra, b), onQueueChanged };
  }

  merge(input: MergeInput) {
    return mergeBatch(this.deps, input);
  }

  /** The id of an existing batch, from what the user typed (not found: exit 4). */
  requireId(value: string): number {
    if (!/^\d+$/u.test(value.trim())) throw invalidInput('id', `"${value}" is not a batch id`);
    return this.record(Number(value)).id;
  }

  list(): BatchSummary[] {
    const records = this.db.$client
      .prepare<[], BatchRecord>(
        `select b.id, b.name, b.account_id, a.email as account, b.columns_json, b.delimiter, b.total, b.created_at, b.sending_window
         from batches b join accounts a on a.id = b.account_id order by b.id desc`,
      )
      .all();
    return records.map((record) => this.summary(record));
  }

  get(id: number): BatchDetail {
    const record = this.record(id);
    const rows = this.db.$client
      .prepare<[number], { row: number; email_id: number | null; skipped: string | null; status: string | null; sent_at: number | null; last_error: string | null; to_json: string | null }>(
        `select r.row, r.email_id, r.skipped, e.status, e.sent_at, e.last_error, c.to_json
         from batch_rows r left join emails e on e.id = r.email_id left join email_contents c on c.email_id = r.email_id
         where r.batch_id = ? order by r.row`,
      )
      .all(id)
      .map(
        (row): BatchRow => ({
          row: row.row,
          emailId: row.email_id,
          to: row.to_json ? (JSON.parse(row.to_json) as Recipient[]).map((r) => r.address).join(', ') : '',
          status: (row.status as BatchRow['status'] | null) ?? 'skipped',
          sentAt: iso(row.sent_at),
          error: row.skipped ?? row.last_error,
        }),
      );
    return { ...this.summary(record), rows };
  }

  /** Waiting mail of the batch stops being claimed; returns how many emails were paused. */
  pause(id: number): number {
    return this.change(id, `update emails set status = 'paused', updated_at = @now where batch_id = @id and status in ('queued', 'scheduled')`, 'paused');
  }

  /** Paused mail back on its own schedule. */
  resume(id: number): number {
    return this.change(
      id,
      `update emails set status = case when next_attempt_at > @now then 'scheduled' else 'queued' end, updated_at = @now
       where batch_id = @id and status = 'paused'`,
      'resumed',
    );
  }

  /** Every email of the batch not sent yet (and not in flight) is cancelled. */
  cancel(id: number): number {
    return this.change(
      id,
      `update emails set status = 'cancelled', updated_at = @now where batch_id = @id and status in ('queued', 'scheduled', 'paused', 'held')`,
      'cancelled',
    );
  }

  /** The data file as merged, each row followed by facteur_id, status, sent_at and error. */
  exportCsv(id: number): string {
    const record = this.record(id);
    const columns = JSON.parse(record.columns_json) as string[];
    const values = this.db.$client
      .prepare<[number], { values_json: string }>('select values_json from batch_rows where batch_id = ? order by row')
      .all(id);
    const detail = this.get(id).rows;
    const records = detail.map((row, index) => [
      ...(JSON.parse(values[index]?.values_json ?? '[]') as string[]),
      row.emailId === null ? '' : String(row.emailId),
      row.status,
      row.sentAt ?? '',
      row.error ?? '',
    ]);
    // Records end in CRLF; csv-stringify quotes a field holding that pair but not a bare LF or CR,
    // which most readers (spreadsheets, Python's csv) take as the end of the record: quote those too.
    return stringify([[...columns, ...EXPORT_COLUMNS], ...records], { delimiter: record.delimiter, bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/u });
  }

  /**
   * When the last email of `batchId` (or of `extra` more emails due at `extra.due`, queued after
   * everything waiting) should leave the account, from its limits and what else waits on it.
   */
  eta(accountId: number, extra: { due: number; count: number; window?: SendingWindow | null } | null, batchId: number | null): number | null {
    const account = this.accounts.get(accountId);
    const accountWindow = readWindow(account.sendingWindow);
    const ownWindow = extra ? (extra.window ?? null) : batchId === null ? null : batchWindow(this.db, batchId);
    const limits = this.accounts.limitsOf(account);
    const now = this.clock.now();
    const recentSends = this.db.$client
      .prepare<[number, number], { at: number }>(
        `select started_at as at from attempts where account_id = ? and started_at > ? and outcome in ('in-flight', 'sent', 'uncertain')
         order by started_at`,
      )
      .all(accountId, now - DAY_MS)
      .map((row) => row.at);
    const waiting = this.db.$client
      .prepare<[number], { due: number; batch_id: number | null }>(
        `select next_attempt_at as due, batch_id from emails where account_id = ? and status in ('queued', 'scheduled', 'sending')
         order by next_attempt_at, id`,
      )
      .all(accountId);
    const queue = waiting.map((row) => ({ due: row.due, mine: batchId !== null && row.batch_id === batchId }));
    if (extra) {
      const at = queue.findIndex((item) => item.due > extra.due);
      const added = Array.from({ length: extra.count }, () => ({ due: extra.due, mine: true }));
      queue.splice(at < 0 ? queue.length : at, 0, ...added);
    }
    const windows = (mine: boolean): SendingWindow[] =>
      [accountWindow, mine ? ownWindow : null].filter((w): w is SendingWindow => w !== null);
    const openAt = (at: number, mine: boolean): number => {
      const rules = windows(mine);
      return rules.length === 0 ? at : (nextOpeningOfAll(rules, at) ?? Number.POSITIVE_INFINITY);
    };
    return estimateFinish({ now, limits, recentSends, queue, pausedUntil: account.pausedUntil, openAt });
  }

  private record(id: number): BatchRecord {
    const record = this.db.$client
      .prepare<[number], BatchRecord>(
        `select b.id, b.name, b.account_id, a.email as account, b.columns_json, b.delimiter, b.total, b.created_at, b.sending_window
         from batches b join accounts a on a.id = b.account_id where b.id = ?`,
      )
      .get(id);
    if (!record) throw notFound(`batch ${id}`);
    return record;
  }

  private summary(record: BatchRecord): BatchSummary {
    const counts = Object.fromEntries(EMAIL_STATUSES.map((status) => [status, 0])) as StatusCounts;
    const rows = this.db.$client
      .prepare<[number], { status: keyof StatusCounts; count: number }>('select status, count(*) as count from emails where batch_id = ? group by status')
      .all(record.id);
    for (const row of rows) counts[row.status] = row.count;
    const skipped =
      this.db.$client.prepare<[number], { n: number }>('select count(*) as n from batch_rows where batch_id = ? and email_id is null').get(record.id)?.n ?? 0;
    const paused = counts.paused > 0;
    const waiting = counts.queued + counts.scheduled + counts.sending;
    const eta = paused || waiting === 0 ? null : this.eta(record.account_id, null, record.id);
    return {
      id: record.id,
      name: record.name,
      accountId: record.account_id,
      account: record.account,
      createdAt: new Date(record.created_at).toISOString(),
      total: record.total,
      skipped,
      counts,
      eta: iso(eta),
      paused,
      window: readWindow(record.sending_window),
    };
  }

  private change(id: number, statement: string, action: string): number {
    this.record(id);
    const now = this.clock.now();
    const changed = writeTransaction(this.db, () => this.db.$client.prepare(statement).run({ now, id }).changes);
    if (changed === 0 && action !== 'cancelled') {
      throw new FacteurError('conflict', `batch ${id} has no mail that can be ${action}`, 'id');
    }
    this.log.info({ batchId: id, changed }, `batch ${action}`);
    this.onQueueChanged();
    return changed;
  }
}
