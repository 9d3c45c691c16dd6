// The compose form's state, where it came from, how it becomes a message for the engine, and its
// draft. Every compose has its own draft id: a new message `new-…`, an edit of unsent mail
// `edit-<email id>`, an edit-and-resend `resend-<email id>` — so an abandoned edit never comes back
// as "New message", and each edit finds its own draft again.
import { EDITABLE_IN_PLACE_STATUSES } from '../../shared/email-statuses';
import { messageInputSchema, type MessageInput } from '../../shared/message-schema';
import type { ComposeAttachment } from './compose-attachments';
import { formatChip, parseChip, splitRecipients, type Chip } from './recipient-chips';
import { firstProblem, type ComposeProblem } from './compose-problems';
import { htmlToText, isBlankHtml, sanitiseHtml } from './html-text';
import { NO_REPEAT, type RepeatChoice } from './repeat-rule';
import { inMinutes } from './schedule-time';
import type { EmailDetail } from './types';

/**
 * - new: queued as a new email.
 * - edit: unsent mail (scheduled, queued, held), saved over itself: same id, schedule, attachments.
 * - resend: sent or failed mail, written again; a failed one is replaced in place, a sent (or
 *   uncertain) one is queued as a new email.
 * - refused: sent mail, again to the recipients its server refused (queue:resendRefused: a new
 *   email, and the original's refusals are marked as resent).
 */
export type ComposeOrigin =
  | { kind: 'new' }
  | { kind: 'edit'; emailId: number; scheduled: boolean }
  | { kind: 'resend'; emailId: number; inPlace: boolean }
  | { kind: 'refused'; emailId: number };

export type SendWhen = 'now' | 'schedule';

export interface ComposeState {
  draftId: string;
  origin: ComposeOrigin;
  accountId: number | null;
  to: Chip[];
  cc: Chip[];
  bcc: Chip[];
  subject: string;
  html: string;
  text: string;
  textEdited: boolean;
  attachments: ComposeAttachment[];
  when: SendWhen;
  /** `YYYY-MM-DDTHH:mm`, read in `timeZone`. */
  sendAt: string;
  timeZone: string;
  /** "Don't send if more than … late" (minutes), for scheduled mail; null: the late-mail setting decides. */
  expiresAfterMinutes: number | null;
  /** "Repeat" (new mail only): kept with the form, so a draft comes back with it. */
  repeat: RepeatChoice;
}

const randomId = (): string => (globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`).replace(/[^\w-]/gu, '');

/** An empty new message, on "Send now". */
export function newCompose(timeZone: string): ComposeState {
  return {
    draftId: `new-${randomId()}`,
    origin: { kind: 'new' },
    accountId: null,
    to: [],
    cc: [],
    bcc: [],
    subject: '',
    html: '',
    text: '',
    textEdited: false,
    attachments: [],
    when: 'now',
    sendAt: '',
    timeZone,
    expiresAfterMinutes: null,
    repeat: NO_REPEAT,
  };
}

export function draftIdFor(origin: ComposeOrigin): string | null {
  return origin.kind === 'new' ? null : `${origin.kind}-${origin.emailId}`;
}

/** The HTML changed: regenerate the plain text unless the user has taken it over. */
export function withHtml(state: ComposeState, html: string): ComposeState {
  return { ...state, html, text: state.textEdited ? state.text : htmlToText(html) };
}

export type BuildResult = { ok: true; message: MessageInput } | { ok: false; problem: ComposeProblem };

export function buildMessage(state: ComposeState): BuildResult {
  const recipients = (chips: Chip[]) => chips.map((chip) => ({ address: chip.address.trim(), ...(chip.name ? { name: chip.name } : {}) }));
  const html = isBlankHtml(state.html) ? null : sanitiseHtml(state.html);
  const message: MessageInput = {
    to: recipients(state.to),
    cc: recipients(state.cc),
    bcc: recipients(state.bcc),
    subject: state.subject,
    html,
    text: state.text.trim() ? state.text : null,
    attachments: state.attachments.map((file) => {
      const contentType = file.contentType ? { contentType: file.contentType } : {};
      if (file.sha256 !== undefined) return { sha256: file.sha256, filename: file.filename, ...contentType };
      if (file.path !== undefined) return { path: file.path, filename: file.filename };
      return { contentBase64: file.contentBase64 ?? '', filename: file.filename, ...contentType };
    }),
  };
  const duplicate = duplicateRecipient(state);
  if (duplicate) return { ok: false, problem: duplicate };
  const parsed = messageInputSchema.safeParse(message);
  if (!parsed.success) return { ok: false, problem: firstProblem(parsed.error) };
  return { ok: true, message };
}

/** The same address twice (in any of To, Cc, Bcc) would be mailed twice: refused, named. */
function duplicateRecipient(state: ComposeState): ComposeProblem | null {
  const seen = new Set<string>();
  for (const field of ['to', 'cc', 'bcc'] as const) {
    for (const [index, chip] of state[field].entries()) {
      const key = chip.address.trim().toLowerCase();
      if (seen.has(key)) return { field, index, reason: 'duplicate', detail: chip.address };
      seen.add(key);
    }
  }
  return null;
}

/** The wall-clock time (`YYYY-MM-DDTHH:mm`) of an instant in a zone — what the picker shows. */
export function wallClock(iso: string, timeZone: string): string {
  return inMinutes(Date.parse(iso), timeZone, 0);
}

export interface FromEmailOptions {
  /** What the user chose the last time they sent (edit and resend starts from it). */
  last?: { when: SendWhen; timeZone: string };
  /** Only these recipients (send again to the refused ones): a `refused` compose. */
  only?: string[];
  now?: number;
}

const EDITABLE_IN_PLACE = new Set<string>(EDITABLE_IN_PLACE_STATUSES);

/** The form for an existing email: "Edit" for unsent mail, "Edit and resend" for the rest. */
export function fromEmail(email: EmailDetail, options: FromEmailOptions = {}): ComposeState {
  const keep = options.only ? new Set(options.only.map((address) => address.toLowerCase())) : null;
  const chips = (list: string[]) =>
    list
      .flatMap((entry) => splitRecipients(entry).map(parseChip))
      .filter((chip): chip is Chip => chip !== null && (keep === null || keep.has(chip.address.toLowerCase())));
  const html = sanitiseHtml(email.html ?? (email.text ?? '').split('\n').map((line) => `<div>${escapeHtml(line) || '<br>'}</div>`).join(''));
  const inPlace = EDITABLE_IN_PLACE.has(email.status) && !options.only;
  const scheduled = inPlace && Date.parse(email.sendAt) > (options.now ?? Date.now());
  const origin: ComposeOrigin = options.only
    ? { kind: 'refused', emailId: email.id }
    : inPlace
      ? { kind: 'edit', emailId: email.id, scheduled }
      : { kind: 'resend', emailId: email.id, inPlace: email.status === 'failed' };
  const last = options.last ?? { when: 'now', timeZone: email.timeZone };
  return {
    draftId: draftIdFor(origin) as string,
    origin,
    accountId: email.accountId,
    to: chips(email.to),
    cc: chips(email.cc),
    bcc: chips(email.bcc),
    subject: email.subject,
    html,
    text: email.text ?? htmlToText(html),
    textEdited: email.text !== null && email.html !== null,
    // The original's files stay in Facteur's store: the edit refers to them by checksum.
    attachments: email.attachments.map((file) => ({
      key: `${file.sha256}-${file.filename}`,
      filename: file.filename,
      size: file.size,
      sha256: file.sha256,
      contentType: file.contentType,
    })),
    // Unsent mail keeps its own time and zone; resent mail starts from the user's last choice.
    when: inPlace ? (scheduled ? 'schedule' : 'now') : last.when,
    sendAt: scheduled ? wallClock(email.sendAt, email.timeZone) : '',
    timeZone: inPlace ? email.timeZone : last.timeZone,
    expiresAfterMinutes: inPlace ? (email.expiresAfterMinutes ?? null) : null,
    // A series is made by new mail only; an edit or a resend is one mail.
    repeat: NO_REPEAT,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

export function isEmpty(state: ComposeState): boolean {
  return !state.to.length && !state.cc.length && !state.bcc.length && !state.subject && isBlankHtml(state.html) && !state.attachments.length;
}

export { formatChip };
