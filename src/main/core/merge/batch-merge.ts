// A mail merge from template + data file to a queued batch: every row rendered and validated
// first, then the batch, its emails and its rows written in one transaction — all or nothing.
// With `skipInvalid` the valid rows are queued and the others recorded as skipped; a dry run
// validates everything and writes nothing (blobs copied for the check are removed again).
import { eq } from 'drizzle-orm';
import type { MergeResult, PreviewRow } from '../../../shared/batch';
import type { AccountService } from '../accounts/account-service';
import type { AttachmentStore, StoredBlob } from '../attachments/attachment-store';
import type { Clock } from '../clock';
import { writeTransaction, type Db } from '../db/open-database';
import { emailAttachments } from '../db/schema';
import { invalidInput, parseInput } from '../errors';
import type { Logger } from '../logger';
import { BlobVanished, insertEmail } from '../queue/email-writes';
import type { PreparedEmail } from '../queue/enqueue-preparation';
import type { SettingsStore } from '../settings-store';
import { readDataFile } from './data-file';
import { RowRenderer, rowsRejected, type RenderedRow, type RowProblem } from './render-rows';
import { compileTemplate } from './template';
import { sendingWindowSchema, type SendingWindow } from '../../../shared/sending-window';
import { applyWindow } from '../windows/window-hold';

export interface MergeInput {
  accountRef: string | number;
  /** The template as parsed JSON (the message-file format with placeholders). */
  template: unknown;
  /** The data file's bytes. */
  data: Buffer;
  /** How errors name the data file (its path, or its name in the UI). */
  dataLabel: string;
  name: string;
  templateDir: string;
  dataDir: string;
  allowPaths?: string[];
  sendAt?: string | null;
  timeZone?: string | null;
  skipInvalid?: boolean;
  /** Send every row, even to a recipient an earlier row already mails (one invoice per row). */
  allowDuplicates?: boolean;
  dryRun?: boolean;
  /** Rows rendered into the result's preview (default 1). */
  previewRows?: number;
  /** A sending window of the batch's own, narrowing its account's (shared/sending-window.ts). */
  window?: SendingWindow | null;
}

export interface MergeDeps {
  db: Db;
  accounts: AccountService;
  store: AttachmentStore;
  settings: SettingsStore;
  clock: Clock;
  log: Logger;
  /** The ETA of `count` more emails due at `due` on the account, after what already waits. */
  etaOf(accountId: number, extra: { due: number; count: number; window?: SendingWindow | null } | null, batchId: number | null): number | null;
  onQueueChanged?: () => void;
}

const formatTo = (prepared: PreparedEmail): string =>
  [...prepared.message.to, ...prepared.message.cc, ...prepared.message.bcc].map((r) => r.address).join(', ');

function previewOf(row: RenderedRow): PreviewRow {
  const message = row.prepared?.message;
  return {
    row: row.row,
    to: row.prepared ? formatTo(row.prepared) : '',
    subject: message?.subject ?? '',
    text: message?.text ?? null,
    html: message?.html ?? null,
    problem: row.problem ?? null,
  };
}

/**
 * Longest stretch the row loop keeps the thread before letting timers and I/O run (ms). In the
 * desktop app that thread is Electron's main process, which also sends, answers the window and
 * keeps the tray: rendering and checking 100,000 rows takes seconds, long enough for a send in
 * flight to time out. Awaiting a row alone does not yield (its promise settles as a microtask).
 */
const RENDER_SLICE_MS = 15;

export async function mergeBatch(deps: MergeDeps, input: MergeInput): Promise<MergeResult> {
  for (let round = 1; ; round += 1) {
    try {
      return await mergeOnce(deps, input);
    } catch (error) {
      // A shared file collected by another process between copy and insert: copy again.
      if (!(error instanceof BlobVanished) || round >= 3) throw error;
    }
  }
}

async function mergeOnce(deps: MergeDeps, input: MergeInput): Promise<MergeResult> {
  const data = readDataFile(input.data, input.dataLabel);
  const template = compileTemplate(input.template, data.columns);
  const account = usableAccount(deps, input.accountRef);
  if (!input.name.trim()) throw invalidInput('name', 'must not be empty');
  const window = input.window ? parseInput(sendingWindowSchema, input.window, 'window') : null;
  const now = deps.clock.now();
  const renderer = new RowRenderer(
    {
      account,
      limits: deps.accounts.limitsOf(account),
      store: deps.store,
      now,
      maxAttempts: deps.settings.get().maxAttempts,
      sendAt: input.sendAt ?? null,
      timeZone: input.timeZone ?? null,
      templateDir: input.templateDir,
      dataDir: input.dataDir,
      allowPaths: input.allowPaths ?? [],
    },
    template,
    data,
  );
  const rendered: RenderedRow[] = [];
  const created: StoredBlob[] = [];
  const repeated = input.allowDuplicates ? null : new RepeatedRecipients(template.columnsFor('to')[0] ?? 'to');
  let sliceStarted = performance.now();
  try {
    for (const row of data.rows) {
      if (performance.now() - sliceStarted > RENDER_SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStarted = performance.now();
      }
      if (row.problem) {
        rendered.push({ row: row.row, values: row.values, problem: { row: row.row, column: '', reason: row.problem } });
        continue;
      }
      const result = await renderer.render(row.row, row.values);
      for (const attachment of result.prepared?.attachments ?? []) if (attachment.blob.created) created.push(attachment.blob);
      rendered.push(repeated ? repeated.check(result) : result);
    }
    created.push(...renderer.createdBlobs);
    const problems = rendered.flatMap((row): RowProblem[] => (row.problem ? [row.problem] : []));
    const valid = rendered.filter((row): row is RenderedRow & { prepared: PreparedEmail } => row.prepared !== undefined);
    if (problems.length > 0 && !input.skipInvalid) throw rowsRejected(problems, rendered.length);
    if (valid.length === 0) throw invalidInput('data', `none of the ${rendered.length} rows can be sent`);
    const firstDue = Math.min(...valid.slice(0, 1000).map((row) => row.prepared.sendAt));
    const preview = rendered.slice(0, Math.max(1, input.previewRows ?? 1)).map(previewOf);
    const base = { rows: rendered.length, columns: data.columns, delimiter: data.delimiter, preview, skipped: problems };
    if (input.dryRun) {
      discard(deps, created);
      const eta = deps.etaOf(account.id, { due: firstDue, count: valid.length, window }, null);
      return { ...base, batch: null, queued: 0, eta: eta === null ? null : new Date(eta).toISOString() };
    }
    const batchId = writeTransaction(deps.db, (tx) => {
      // The rows were rendered over several turns of the event loop: the account may have been
      // disabled or removed meanwhile (both refuse the merge, nothing written).
      usableAccount(deps, account.id);
      const client = deps.db.$client;
      const batch = client
        .prepare<unknown[], { id: number }>(
          'insert into batches (name, account_id, columns_json, delimiter, total, created_at, sending_window) values (?, ?, ?, ?, ?, ?, ?) returning id',
        )
        .get(input.name.trim(), account.id, JSON.stringify(data.columns), data.delimiter, valid.length, now, window ? JSON.stringify(window) : null) as { id: number };
      const addRow = client.prepare('insert into batch_rows (batch_id, row, values_json, email_id, skipped) values (?, ?, ?, ?, ?)');
      for (const row of rendered) {
        const emailId = row.prepared ? insertEmail(tx, deps.store, row.prepared, now, batch.id) : null;
        addRow.run(batch.id, row.row, JSON.stringify(row.values), emailId, row.problem ? skipReason(row.problem) : null);
      }
      // Mail due now outside the batch's window shows its opening at once.
      if (window) applyWindow(deps.db, { batchId: batch.id }, now);
      return batch.id;
    });
    deps.log.info({ batchId, queued: valid.length, skipped: problems.length }, 'mail merge queued');
    deps.onQueueChanged?.();
    const eta = deps.etaOf(account.id, null, batchId);
    return { ...base, batch: batchId, queued: valid.length, eta: eta === null ? null : new Date(eta).toISOString() };
  } catch (error) {
    discard(deps, [...created, ...renderer.createdBlobs]);
    throw error;
  }
}

function usableAccount(deps: MergeDeps, ref: string | number): ReturnType<AccountService['resolve']> {
  const account = deps.accounts.resolve(ref);
  if (!account.active) throw invalidInput('account', `account ${account.email} is disabled; enable it before queueing mail`);
  return account;
}

/**
 * A list that names the same recipient twice (a pasted duplicate, "Sam@" and "sam@") would mail
 * them twice: the second row is a row problem, so the merge stops or, with --skip-invalid, skips
 * it. Rows are the same recipient when their `to` addresses are, whatever the case; a shared cc
 * or bcc (a manager on every mail) is not a duplicate. A list meant to mail someone several times
 * (one row per invoice) says so with `allowDuplicates` (`--allow-duplicates`).
 */
class RepeatedRecipients {
  private readonly firstRow = new Map<string, number>();

  constructor(private readonly column: string) {}

  check(result: RenderedRow): RenderedRow {
    const to = result.prepared?.message.to;
    if (!to || to.length === 0) return result;
    const key = to.map((r) => r.address.toLowerCase()).sort().join(',');
    const first = this.firstRow.get(key);
    if (first === undefined) {
      this.firstRow.set(key, result.row);
      return result;
    }
    const { prepared: _duplicate, ...rest } = result;
    const who = to.map((r) => r.address).join(', ');
    return { ...rest, problem: { row: result.row, column: this.column, reason: `${who} already gets the mail of row ${first}` } };
  }
}

const skipReason = (problem: RowProblem): string => (problem.column ? `column "${problem.column}": ${problem.reason}` : problem.reason);

/** Removes blobs this merge created that no email uses (a failed or dry-run merge leaves nothing). */
function discard(deps: MergeDeps, created: StoredBlob[]): void {
  const seen = new Set<string>();
  for (const blob of created) {
    if (seen.has(blob.sha256)) continue;
    seen.add(blob.sha256);
    const used = deps.db.select({ sha: emailAttachments.sha256 }).from(emailAttachments).where(eq(emailAttachments.sha256, blob.sha256)).get();
    if (!used) deps.store.remove(blob.sha256);
  }
}
