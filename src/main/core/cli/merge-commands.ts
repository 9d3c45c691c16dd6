// `facteur merge | batches | batch`: mail merge from a template and a CSV file, and the batches
// it creates (CLI-CONTRACT.md, "Batches (mail merge)").
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { batchActionResultSchema, batchDetailSchema, batchSummarySchema } from '../../../shared/batch';
import { invalidInput } from '../errors';
import { MAX_DATA_BYTES } from '../merge/data-file';
import { describeProblem } from '../merge/render-rows';
import { resolveSendAt } from '../queue/enqueue-preparation';
import type { CliContext } from './context';
import { table } from './io';
import { readMessageFile } from './message-file';
import { asFlagError, windowFromOptions } from './window-command';

/**
 * --time-zone and --send-at belong to the whole run, not to a row: a bad one stops the merge
 * once, naming the flag — even with --skip-invalid, which is for bad rows, not for a typo in a
 * flag that would otherwise fail every row.
 */
function checkTimeFlags(sendAt: string | undefined, timeZone: string | undefined): void {
  try {
    resolveSendAt({ sendAt: sendAt ?? null, timeZone: timeZone ?? null }, Date.now());
  } catch (error) {
    const field = (error as { field?: string }).field;
    if (field !== 'sendAt' && field !== 'timeZone') throw error;
    const message = (error as Error).message;
    throw invalidInput(field === 'sendAt' ? 'send-at' : 'time-zone', message.slice(message.indexOf(': ') + 2));
  }
}

/** Why the --out path itself is wrong (bad input, exit 2), by error code; other codes (a full disk) stay what they are. */
function badTarget(code: string | undefined, target: string): string | null {
  const folder = path.dirname(target);
  if (code === 'ENOENT' || code === 'ENOTDIR') return `cannot write ${target}: ${folder} is not an existing folder`;
  if (code === 'EACCES' || code === 'EPERM') return `cannot write ${target}: no permission to write in ${folder}`;
  if (code === 'EISDIR' || code === 'ENAMETOOLONG') return `cannot write ${target} (${code})`;
  return null;
}

/**
 * Writes the export beside its target and renames it into place, so a reader never sees half a
 * file; on failure the temporary file is removed and a wrong path is refused naming --out.
 */
function writeExport(target: string, csv: string): string {
  if (fs.statSync(target, { throwIfNoEntry: false })?.isDirectory()) throw invalidInput('out', `${target} is a folder; give the file to write, e.g. ${path.join(target, 'export.csv')}`);
  const temp = `${target}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, csv);
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    const why = badTarget((error as NodeJS.ErrnoException).code, target);
    if (why !== null) throw invalidInput('out', why);
    throw error;
  }
  return target;
}

function readDataBytes(file: string): Buffer {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw invalidInput('data', `file not found: ${file}`);
  }
  // Refuse a huge file before reading it into memory.
  if (size > MAX_DATA_BYTES) {
    throw invalidInput(
      'data',
      `${file} is ${(size / 1024 / 1024).toFixed(1)} MB; a mail merge takes at most ${MAX_DATA_BYTES / 1024 / 1024} MB — split it into several batches`,
    );
  }
  if (/\.xlsx?$/iu.test(file)) throw invalidInput('data', `${file}: save the sheet as CSV (UTF-8) first; spreadsheets are not read directly`);
  return fs.readFileSync(file);
}

interface MergeOptions {
  account: string;
  template: string;
  data: string;
  name?: string;
  sendAt?: string;
  timeZone?: string;
  skipInvalid?: boolean;
  allowDuplicates?: boolean;
  dryRun?: boolean;
  allowPath: string[];
  json?: boolean;
  windowDays?: string;
  windowHours: string[];
  windowTimeZone?: string;
}

export function registerMergeCommands(program: Command, context: CliContext): void {
  registerMergeCommand(program, context);
  registerBatchesCommand(program, context);
  registerBatchCommand(program, context);
}

/** `merge --account A --template T.json --data D.csv [--name N] [--dry-run] [--skip-invalid] …` */
export function registerMergeCommand(program: Command, context: CliContext): void {
  program
    .command('merge')
    .description('queue one personalised email per row of a CSV file, from a template with {{column}} placeholders')
    .requiredOption('--account <id|email>', 'the sending account')
    .requiredOption('--template <file.json>', 'a message file whose strings may use {{column}}')
    .requiredOption('--data <file.csv>', 'CSV with a header row (UTF-8; "," ";" or tab); optional columns send_at, attachments')
    .option('--name <name>', 'the batch name (default: the data file name)')
    .option('--send-at <iso-8601>', 'when to send rows without a send_at value')
    .option('--time-zone <iana zone>', 'zone of times without an offset')
    .option('--skip-invalid', 'queue the valid rows and list the others')
    .option('--allow-duplicates', 'send every row, even to a recipient an earlier row already mails (one row per invoice)')
    .option('--dry-run', 'validate every row and show the first message; queue nothing')
    .option('--allow-path <dir>', 'a further folder attachments may come from (repeatable)', (dir: string, all: string[]) => [...all, dir], [])
    .option('--json', 'print JSON')
    .option('--window-days <days>', 'the batch leaves only on these days (mon-fri, mon,wed,fri), inside its account’s window')
    .option('--window-hours <from-to>', 'the batch leaves only in these hours, e.g. 09:00-17:30 (repeatable)', (value: string, all: string[]) => [...all, value], [])
    .option('--window-time-zone <iana zone>', 'the zone of --window-hours (default: --time-zone)')
    .action(async (options: MergeOptions) => {
      const flag = (name: string): string => `window-${name}`;
      // --time-zone alone is the zone of the rows' times, not a window: a window is asked for only
      // with a --window-* flag (its zone then defaults to --time-zone).
      const windowAsked = options.windowDays !== undefined || options.windowHours.length > 0 || options.windowTimeZone !== undefined;
      const batchWindow = windowAsked
        ? (windowFromOptions(
            { ...(options.windowDays === undefined ? {} : { days: options.windowDays }), hours: options.windowHours, ...(options.windowTimeZone ?? options.timeZone ? { timeZone: options.windowTimeZone ?? options.timeZone } : {}) },
            null,
            flag,
          ) ?? null)
        : null;
      checkTimeFlags(options.sendAt, options.timeZone);
      const template = readMessageFile(options.template, 'template');
      const data = readDataBytes(options.data);
      await context.withEngine(async (engine) => {
        const result = await engine.batches.merge({
          accountRef: options.account,
          template,
          data,
          dataLabel: options.data,
          name: options.name ?? path.basename(options.data),
          templateDir: path.dirname(path.resolve(options.template)),
          dataDir: path.dirname(path.resolve(options.data)),
          allowPaths: options.allowPath.map((dir) => path.resolve(dir)),
          sendAt: options.sendAt ?? null,
          timeZone: options.timeZone ?? null,
          skipInvalid: options.skipInvalid === true,
          allowDuplicates: options.allowDuplicates === true,
          dryRun: options.dryRun === true,
          window: batchWindow,
        }).catch((error: unknown) => {
          throw asFlagError(error, flag);
        });
        if (options.json) {
          const { batch, queued, skipped } = result;
          return context.json(options.dryRun ? { ...result } : { batch, queued, skipped, eta: result.eta });
        }
        if (options.dryRun) {
          context.out(`${result.rows} rows, ${result.rows - result.skipped.length} valid — nothing queued (dry run)`);
          const first = result.preview[0];
          if (first) context.out(`row ${first.row}: to ${first.to}\nsubject: ${first.subject}\n\n${first.text ?? first.html ?? ''}`);
        } else {
          context.out(String(result.batch));
        }
        for (const problem of result.skipped) context.err(`skipped ${describeProblem(problem)}`);
      });
    });
}

/** `batches [--json]` */
export function registerBatchesCommand(program: Command, context: CliContext): void {
  program
    .command('batches')
    .description('every mail merge batch with its counts and ETA')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await context.withEngine((engine) => {
        const batches = engine.batches.list();
        if (options.json) return context.json(batches, z.array(batchSummarySchema), 'batches --json');
        if (batches.length === 0) return context.out('no batches');
        context.out(
          table(
            ['ID', 'NAME', 'ACCOUNT', 'TOTAL', 'SENT', 'WAITING', 'FAILED', 'ETA'],
            batches.map((b) => [
              b.id,
              b.name,
              b.account,
              b.total,
              b.counts.sent,
              b.counts.queued + b.counts.scheduled + b.counts.sending + b.counts.paused,
              b.counts.failed,
              b.paused ? 'paused' : (b.eta ?? '—'),
            ]),
          ),
        );
      });
    });
}

/** `batch <id> [--json]`, `batch export <id> --out FILE.csv`, `batch pause|resume|cancel <id> [--json]` */
export function registerBatchCommand(program: Command, context: CliContext): void {
  program
    .command('batch')
    .description('one batch with its rows; or: batch export ID --out FILE.csv | batch pause|resume|cancel ID')
    .argument('<id|action>', 'a batch id, or export, pause, resume, cancel')
    .argument('[id]', 'the batch id, after an action')
    .option('--out <file.csv>', 'with export: where to write the CSV')
    .option('--json', 'print JSON')
    .action(async (first: string, second: string | undefined, options: { out?: string; json?: boolean }) => {
      const action = /^\d+$/u.test(first) ? 'show' : first;
      if (!['show', 'export', 'pause', 'resume', 'cancel'].includes(action)) {
        throw invalidInput('action', `"${first}" is neither a batch id nor one of export, pause, resume, cancel`);
      }
      const idText = action === 'show' ? first : second;
      if (idText === undefined) throw invalidInput('id', `give the batch id: facteur batch ${action} ID`);
      await context.withEngine((engine) => {
        const id = engine.batches.requireId(idText);
        if (action === 'export') {
          if (!options.out) throw invalidInput('out', 'give the file to write: --out FILE.csv');
          const target = writeExport(path.resolve(options.out), engine.batches.exportCsv(id));
          return context.out(target);
        }
        if (action === 'pause' || action === 'resume' || action === 'cancel') {
          const changed = engine.batches[action](id);
          // A bare number is what a person reads; a script gets the batch and what changed, named.
          if (!options.json) return context.out(String(changed));
          const key = action === 'pause' ? 'paused' : action === 'resume' ? 'resumed' : 'cancelled';
          return context.json({ batch: id, [key]: changed }, batchActionResultSchema, `batch ${action} --json`);
        }
        const detail = engine.batches.get(id);
        if (options.json) return context.json(detail, batchDetailSchema, 'batch --json');
        context.out(`batch ${detail.id} "${detail.name}" from ${detail.account}: ${detail.total} emails${detail.skipped ? `, ${detail.skipped} rows skipped` : ''}`);
        context.out(detail.paused ? 'paused' : `ETA ${detail.eta ?? '—'}`);
        context.out(table(['ROW', 'ID', 'STATUS', 'TO', 'SENT AT', 'ERROR'], detail.rows.map((r) => [r.row, r.emailId, r.status, r.to, r.sentAt, r.error])));
      });
    });
}
