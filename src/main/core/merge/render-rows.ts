// Renders a template once per data row and validates each result exactly as `enqueue` does
// (addresses, header injection, limits, attachments, send time), collecting every row's problem
// instead of stopping at the first. Attachments named by path are copied into the store once per
// file: 10,000 rows sharing one PDF store it once and each email refers to it by checksum.
import fs from 'node:fs';
import path from 'node:path';
import type { AccountLimits } from '../../../shared/domain';
import type { AccountRow } from '../accounts/account-service';
import type { AttachmentStore, StoredBlob } from '../attachments/attachment-store';
import { resolveAttachmentPath } from '../attachments/confine-path';
import { FacteurError, invalidInput } from '../errors';
import { prepareEmail, type PreparedEmail } from '../queue/enqueue-preparation';
import type { DataFile } from './data-file';
import type { CompiledTemplate } from './template';

/** Optional data columns with a meaning of their own. */
export const SEND_AT_COLUMN = 'send_at';
export const ATTACHMENTS_COLUMN = 'attachments';

export interface RowProblem {
  row: number;
  /** The data column to fix, or the template field when no column is involved ("" for the row itself). */
  column: string;
  reason: string;
}

export interface RenderedRow {
  row: number;
  values: string[];
  prepared?: PreparedEmail;
  problem?: RowProblem;
}

export interface RenderContext {
  account: AccountRow;
  limits: AccountLimits;
  store: AttachmentStore;
  now: number;
  maxAttempts: number;
  sendAt: string | null;
  timeZone: string | null;
  /** Template attachment paths resolve (and must stay) here. */
  templateDir: string;
  /** Paths in the `attachments` column resolve (and must stay) here. */
  dataDir: string;
  /** Further folders attachments may come from. */
  allowPaths: string[];
}

export const describeProblem = (problem: RowProblem): string =>
  problem.column ? `row ${problem.row}, column "${problem.column}": ${problem.reason}` : `row ${problem.row}: ${problem.reason}`;

/** Stores each attachment file once per merge, remembering what it created (to undo on failure). */
class AttachmentCache {
  readonly created: StoredBlob[] = [];
  private readonly stored = new Map<string, Promise<StoredBlob>>();
  /** Absolute paths as given (before symlinks are followed) already stored. */
  private readonly given = new Map<string, Promise<StoredBlob>>();

  constructor(
    private readonly store: AttachmentStore,
    private readonly allowed: string[],
  ) {}

  /** `file` is confined to `home` (or an allowed folder) exactly as enqueue confines a message file's paths. */
  async put(file: string, home: string, homeName: string, field: string): Promise<StoredBlob> {
    // Rows usually share the same few files: resolve each given path once, not once per row.
    const known = this.given.get(file);
    if (known) return known;
    const real = resolveAttachmentPath(file, { baseDir: home, allowed: this.allowed, baseName: homeName }, field);
    if (!fs.statSync(real).isFile()) throw invalidInput(field, `is not a regular file: ${file}`);
    let pending = this.stored.get(real);
    if (!pending) {
      pending = this.store.putFile(real).then((blob) => {
        if (blob.created) this.created.push(blob);
        return blob;
      });
      this.stored.set(real, pending);
    }
    this.given.set(file, pending);
    return pending;
  }
}

type Attachment = Record<string, unknown>;

export class RowRenderer {
  private readonly cache: AttachmentCache;
  private readonly sendAtIndex: number;
  private readonly attachmentsIndex: number;

  constructor(
    private readonly context: RenderContext,
    private readonly template: CompiledTemplate,
    private readonly data: DataFile,
  ) {
    this.cache = new AttachmentCache(context.store, context.allowPaths);
    this.sendAtIndex = data.columns.indexOf(SEND_AT_COLUMN);
    this.attachmentsIndex = data.columns.indexOf(ATTACHMENTS_COLUMN);
  }

  /** Blobs this merge wrote into the store (removed again when nothing is queued). */
  get createdBlobs(): StoredBlob[] {
    return this.cache.created;
  }

  async render(row: number, values: string[]): Promise<RenderedRow> {
    const view: Record<string, string> = {};
    this.data.columns.forEach((column, index) => (view[column] = values[index] ?? ''));
    const message = this.template.render(view) as Record<string, unknown>;
    const templateAttachments = Array.isArray(message.attachments) ? (message.attachments as Attachment[]) : [];
    const fromData = this.attachmentsIndex >= 0 ? (values[this.attachmentsIndex] ?? '').split('|').map((p) => p.trim()).filter(Boolean) : [];
    if (fromData.length > 0) message.attachments = [...templateAttachments, ...fromData.map((file) => ({ path: file }))];
    const attachments = Array.isArray(message.attachments) ? (message.attachments as Attachment[]) : [];
    for (const [index, attachment] of attachments.entries()) {
      if (!attachment || typeof attachment !== 'object' || typeof attachment.path !== 'string') continue;
      const fromColumn = index >= templateAttachments.length;
      const home = fromColumn ? this.context.dataDir : this.context.templateDir;
      const file = path.resolve(home, attachment.path);
      try {
        const homeName = fromColumn ? "the data file's folder" : "the template's folder";
        const blob = await this.cache.put(file, home, homeName, `attachments[${index}].path`);
        const { path: _given, ...rest } = attachment;
        attachments[index] = { ...rest, sha256: blob.sha256, filename: attachment.filename ?? path.basename(file) };
      } catch (error) {
        const column = fromColumn ? ATTACHMENTS_COLUMN : this.columnFor(`attachments[${index}].path`);
        const reason = error instanceof FacteurError && error.field ? error.message.slice(error.field.length + 2) : (error as Error).message;
        return { row, values, problem: { row, column, reason } };
      }
    }
    const sendAt = this.sendAtIndex >= 0 && values[this.sendAtIndex]?.trim() ? (values[this.sendAtIndex] as string).trim() : this.context.sendAt;
    try {
      const { account, limits, store, now, maxAttempts, timeZone } = this.context;
      const prepared = await prepareEmail(message, account, limits, store, { sendAt, timeZone }, now, maxAttempts);
      return { row, values, prepared };
    } catch (error) {
      if (!(error instanceof FacteurError) || error.code !== 'invalid-input') throw error;
      const field = error.field ?? '';
      const reason = field && error.message.startsWith(`${field}: `) ? error.message.slice(field.length + 2) : error.message;
      const column = this.culprit(
        field === 'sendAt'
          ? this.sendAtIndex >= 0 && values[this.sendAtIndex]?.trim()
            ? SEND_AT_COLUMN
            : '--send-at'
          : field.startsWith('attachments[') && Number(/^attachments\[(\d+)\]/u.exec(field)?.[1]) >= templateAttachments.length
            ? ATTACHMENTS_COLUMN
            : this.columnFor(field),
        field,
        reason,
        values,
      );
      return { row, values, problem: { row, column, reason: reason + this.cellShown(column, field, reason, values) } };
    }
  }

  /** Of the columns a field reads, the one holding the line break the reason complains of. */
  private culprit(column: string, field: string, reason: string, values: string[]): string {
    if (!/line break/u.test(reason)) return column;
    const broken = this.template.columnsFor(field).find((name) => /[\r\n]/u.test(values[this.data.columns.indexOf(name)] ?? ''));
    return broken ?? column;
  }

  /**
   * ` (the cell holds "…")` when the reason does not show the value: in a list of thousands the
   * row number alone sends the user to the spreadsheet. Only when the cell alone is to blame (the
   * field reads only that column, or holds the line break).
   */
  private cellShown(column: string, field: string, reason: string, values: string[]): string {
    const value = values[this.data.columns.indexOf(column)];
    if (!value || reason.includes(value)) return '';
    if (this.template.columnsFor(field).length !== 1 && !/[\r\n]/u.test(value)) return '';
    const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
    return ` (the cell holds ${JSON.stringify(shown)})`;
  }

  private columnFor(field: string): string {
    return this.template.columnsFor(field)[0] ?? (field || 'template');
  }
}

/** The rejection of a whole merge: up to 20 rows named, then how many more. */
export function rowsRejected(problems: RowProblem[], total: number): FacteurError {
  const shown = problems.slice(0, 20).map(describeProblem);
  const more = problems.length > 20 ? [`… and ${problems.length - 20} more`] : [];
  return invalidInput(
    'data',
    `${problems.length} of ${total} rows cannot be sent (nothing was queued; fix them, or pass --skip-invalid to queue the others):\n` +
      [...shown, ...more].map((line) => `  ${line}`).join('\n'),
  );
}
