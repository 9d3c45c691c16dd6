// Everything enqueue checks and stores before the database transaction: the message parsed, the
// account usable, the send time exact, attachments readable and copied into the store, limits met.
import fs from 'node:fs';
import path from 'node:path';
import { domainToASCII } from 'node:url';
import { randomUUID } from 'node:crypto';
import { detectMimeType } from 'nodemailer/lib/mime-funcs';
import { attachmentNameProblem, messageInputSchema, type Message } from '../../../shared/message-schema';
import { isValidTimeZone, parseSendAt } from '../../../shared/send-at';
import type { AccountLimits } from '../../../shared/domain';
import { MAX_LATE_MINUTES } from '../../../shared/settings';
import type { AccountRow } from '../accounts/account-service';
import type { AttachmentStore, StoredBlob } from '../attachments/attachment-store';
import { resolveAttachmentPath } from '../attachments/confine-path';
import { FacteurError, invalidInput, parseInput } from '../errors';
import { sanitiseStoredHtml } from '../html/mail-html';
import { formatBytes } from '../providers/base-email-provider';

export interface EnqueueOptions {
  /** ISO-8601; without an offset it is read in `timeZone`. Absent: send now. */
  sendAt?: string | null;
  /** IANA zone the user wrote the time in; defaults to the system zone. */
  timeZone?: string | null;
  maxAttempts?: number | null;
  /** `--expires-after`: not sent if it would leave more than this many minutes after its time. */
  expiresAfterMinutes?: number | null;
  /** Relative attachment paths are resolved from here (the message file's folder). */
  baseDir?: string;
  /**
   * Folders a `path` attachment may lead to, symlinks followed (the message file's folder plus
   * `--allow-path`). Set for message files; absent for paths the user picked in the app.
   */
  allowedDirs?: string[];
  /** Names this message in errors when several are queued at once ("m2.json", "list.jsonl line 7"). */
  label?: string;
  /** An RFC 5545 rule: the email is the first occurrence of a repeating series (core/series/). */
  repeat?: string | null;
}

export interface PreparedAttachment {
  blob: StoredBlob;
  filename: string;
  contentType: string;
}

export interface PreparedEmail {
  uid: string;
  messageId: string;
  account: AccountRow;
  message: Message;
  sendAt: number;
  timeZone: string;
  maxAttempts: number;
  expiresAfterMinutes: number | null;
  recipientCount: number;
  sizeBytes: number;
  attachments: PreparedAttachment[];
}

/** Past this far in the past a send time is almost certainly a mistake, not "now". */
const PAST_TOLERANCE_MS = 5 * 60 * 1000;
/** Room for headers and MIME boundaries in the size estimate. */
const HEADER_ALLOWANCE = 4 * 1024;

let cachedZone: string | null = null;
/** The computer's IANA time zone (read once: resolving it builds an Intl formatter). */
export const systemTimeZone = (): string => (cachedZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');

export function resolveSendAt(options: EnqueueOptions, now: number): { sendAt: number; timeZone: string } {
  const timeZone = options.timeZone ?? systemTimeZone();
  if (!isValidTimeZone(timeZone)) throw invalidInput('timeZone', `"${timeZone}" is not a known IANA time zone`);
  if (options.sendAt === undefined || options.sendAt === null || options.sendAt === '') return { sendAt: now, timeZone };
  const parsed = parseSendAt(options.sendAt, timeZone);
  if (!parsed.ok) throw invalidInput('sendAt', parsed.reason);
  if (parsed.utc < now - PAST_TOLERANCE_MS) {
    throw invalidInput('sendAt', `${options.sendAt} is in the past; leave it out to send now`);
  }
  return { sendAt: Math.max(parsed.utc, now), timeZone };
}

/** Base64 grows 4/3 plus a line break every 76 characters. */
const base64Size = (bytes: number): number => Math.ceil(bytes / 3) * 4 * (78 / 76);

export function estimateSize(message: Message, attachmentBytes: number[]): number {
  const body = Buffer.byteLength(message.text ?? '') + Buffer.byteLength(message.html ?? '');
  return Math.ceil(HEADER_ALLOWANCE + body * 1.1 + attachmentBytes.reduce((sum, size) => sum + base64Size(size), 0));
}

export function messageIdFor(uid: string, accountEmail: string): string {
  const domain = domainToASCII(accountEmail.slice(accountEmail.lastIndexOf('@') + 1)) || 'facteur.invalid';
  return `<${uid}@${domain}>`;
}

interface AttachmentSource {
  index: number;
  filename: string;
  contentType: string;
  size: number;
  file?: string;
  bytes?: Buffer;
  /** Already in the attachment store under this checksum. */
  stored?: string;
}

function inspectAttachments(message: Message, baseDir: string, allowedDirs: string[] | undefined, store: AttachmentStore): AttachmentSource[] {
  return message.attachments.map((attachment, index) => {
    const field = `attachments[${index}]`;
    if (attachment.sha256 !== undefined) {
      let size: number;
      try {
        size = fs.statSync(store.pathFor(attachment.sha256)).size;
      } catch {
        throw invalidInput(`${field}.sha256`, 'no stored attachment has this checksum (it is removed once no unsent email needs it)');
      }
      const filename = attachment.filename as string;
      return { index, filename, contentType: attachment.contentType ?? detectMimeType(filename), size, stored: attachment.sha256 };
    }
    if (attachment.contentBase64 !== undefined) {
      const bytes = Buffer.from(attachment.contentBase64, 'base64');
      const filename = attachment.filename as string;
      return { index, filename, contentType: attachment.contentType ?? detectMimeType(filename), size: bytes.length, bytes };
    }
    const file = allowedDirs
      ? resolveAttachmentPath(attachment.path as string, { baseDir, allowed: allowedDirs }, `${field}.path`)
      : path.resolve(baseDir, attachment.path as string);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      throw invalidInput(`${field}.path`, `file not found: ${file}`);
    }
    if (stat.isDirectory()) throw invalidInput(`${field}.path`, `is a folder, not a file: ${file}`);
    if (!stat.isFile()) throw invalidInput(`${field}.path`, `is not a regular file: ${file}`);
    try {
      fs.accessSync(file, fs.constants.R_OK);
      fs.closeSync(fs.openSync(file, 'r'));
    } catch {
      throw invalidInput(`${field}.path`, `cannot be read (permission denied): ${file}`);
    }
    const filename = attachment.filename ?? path.basename(attachment.path as string);
    // A name given as `filename` was checked by the schema; the file's own name is checked here.
    const problem = attachment.filename === undefined ? attachmentNameProblem(filename) : null;
    if (problem) throw invalidInput(`${field}.path`, `the file's name ${problem}; give a filename`);
    return { index, filename, contentType: attachment.contentType ?? detectMimeType(filename), size: stat.size, file };
  });
}

/**
 * The field to blame for a message over the size limit: the body (`text` or `html`, the larger)
 * when it alone is over, else the attachments.
 */
export function oversizeField(message: Message, maxMessageBytes: number): 'text' | 'html' | 'attachments' {
  if (estimateSize(message, []) <= maxMessageBytes) return 'attachments';
  return Buffer.byteLength(message.html ?? '') > Buffer.byteLength(message.text ?? '') ? 'html' : 'text';
}

export function checkLimits(
  limits: AccountLimits,
  recipientCount: number,
  sizeBytes: number,
  accountEmail: string,
  oversize: 'text' | 'html' | 'attachments' = 'attachments',
): void {
  if (recipientCount > limits.maxRecipients) {
    throw invalidInput(
      'to',
      `${recipientCount} recipients is more than ${accountEmail} may send in one message (${limits.maxRecipients})`,
    );
  }
  if (sizeBytes > limits.maxMessageBytes) {
    throw invalidInput(
      oversize,
      `${oversize === 'attachments' ? 'the message' : `the ${oversize} body alone`} would be about ${formatBytes(sizeBytes)}, more than ${accountEmail} may send (${formatBytes(limits.maxMessageBytes)})`,
    );
  }
}

/**
 * Validates everything and copies attachments into the store. On failure, blobs this call
 * created are removed again: nothing is left behind.
 */
export async function prepareEmail(
  input: unknown,
  account: AccountRow,
  limits: AccountLimits,
  store: AttachmentStore,
  options: EnqueueOptions,
  now: number,
  defaultMaxAttempts: number,
): Promise<PreparedEmail> {
  const parsed = parseInput(messageInputSchema, input);
  // Stored HTML never carries anything active, whoever wrote it (html-policy.ts, MAIL profile).
  const message: Message = parsed.html ? { ...parsed, html: sanitiseStoredHtml(parsed.html) } : parsed;
  if (!account.active) throw invalidInput('account', `account ${account.email} is disabled; enable it before queueing mail`);
  const { sendAt, timeZone } = resolveSendAt(options, now);
  const maxAttempts = options.maxAttempts ?? defaultMaxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20) {
    throw invalidInput('maxAttempts', 'must be a whole number from 1 to 20');
  }
  const expiresAfterMinutes = options.expiresAfterMinutes ?? null;
  if (expiresAfterMinutes !== null && (!Number.isInteger(expiresAfterMinutes) || expiresAfterMinutes < 1 || expiresAfterMinutes > MAX_LATE_MINUTES)) {
    throw invalidInput('expiresAfter', `must be a whole number of minutes from 1 to ${MAX_LATE_MINUTES} (one week)`);
  }
  const sources = inspectAttachments(message, options.baseDir ?? process.cwd(), options.allowedDirs, store);
  const recipientCount = message.to.length + message.cc.length + message.bcc.length;
  const sizeBytes = estimateSize(message, sources.map((source) => source.size));
  checkLimits(limits, recipientCount, sizeBytes, account.email, oversizeField(message, limits.maxMessageBytes));

  const attachments: PreparedAttachment[] = [];
  try {
    for (const source of sources) {
      let blob: StoredBlob;
      try {
        if (source.stored) blob = { sha256: source.stored, size: source.size, created: false };
        else blob = source.bytes ? await store.putBuffer(source.bytes) : await store.putFile(source.file as string);
      } catch (error) {
        if (error instanceof FacteurError) throw error;
        throw invalidInput(`attachments[${source.index}].path`, `could not be read: ${(error as Error).message}`);
      }
      attachments.push({ blob, filename: source.filename, contentType: source.contentType });
    }
  } catch (error) {
    discardCreated(store, attachments);
    throw error;
  }
  const uid = randomUUID();
  return {
    uid,
    messageId: messageIdFor(uid, account.email),
    account,
    message,
    sendAt,
    timeZone,
    maxAttempts,
    expiresAfterMinutes,
    recipientCount,
    sizeBytes,
    attachments,
  };
}

export function discardCreated(store: AttachmentStore, attachments: PreparedAttachment[]): void {
  for (const attachment of attachments) if (attachment.blob.created) store.remove(attachment.blob.sha256);
}
