// The compose form's state, how it becomes a message for the engine, and its draft form.
import { describeZodError, messageInputSchema, type MessageInput } from '../../shared/message-schema';
import type { ComposeAttachment } from '../components/attachment-list';
import { formatChip, parseChip, splitRecipients, type Chip } from '../components/recipient-input';
import { htmlToText, isBlankHtml, sanitiseHtml } from './html-text';
import type { DraftContent, EmailDetail } from './types';

export interface ComposeState {
  accountId: number | null;
  to: Chip[];
  cc: Chip[];
  bcc: Chip[];
  subject: string;
  html: string;
  text: string;
  textEdited: boolean;
  attachments: ComposeAttachment[];
  editingId: number | null;
  /** "Send again to the refused recipients" of this sent email: queued as a new email. */
  resendRefusedOf?: number | null;
}

export const EMPTY_COMPOSE: ComposeState = {
  accountId: null,
  to: [],
  cc: [],
  bcc: [],
  subject: '',
  html: '',
  text: '',
  textEdited: false,
  attachments: [],
  editingId: null,
};

/** The HTML changed: regenerate the plain text unless the user has taken it over. */
export function withHtml(state: ComposeState, html: string): ComposeState {
  return { ...state, html, text: state.textEdited ? state.text : htmlToText(html) };
}

export type BuildResult = { ok: true; message: MessageInput } | { ok: false; field: string; message: string };

export function buildMessage(state: ComposeState): BuildResult {
  const recipients = (chips: Chip[]) => chips.map((chip) => ({ address: chip.address, ...(chip.name ? { name: chip.name } : {}) }));
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
  const parsed = messageInputSchema.safeParse(message);
  if (!parsed.success) return { ok: false, ...describeZodError(parsed.error) };
  return { ok: true, message };
}

export function toDraft(state: ComposeState): DraftContent {
  return {
    accountId: state.accountId,
    to: state.to,
    cc: state.cc,
    bcc: state.bcc,
    subject: state.subject,
    html: state.html,
    text: state.text,
    textEdited: state.textEdited,
    attachmentPaths: state.attachments.flatMap((file) => (file.path ? [{ path: file.path, name: file.filename, size: file.size }] : [])),
    editingId: state.editingId,
  };
}

export function fromDraft(draft: DraftContent): ComposeState {
  return {
    accountId: draft.accountId,
    to: draft.to,
    cc: draft.cc,
    bcc: draft.bcc,
    subject: draft.subject,
    html: draft.html,
    text: draft.text,
    textEdited: draft.textEdited,
    attachments: (draft.attachmentPaths ?? []).map((file) => ({ key: file.path, filename: file.name, size: file.size, path: file.path })),
    editingId: draft.editingId ?? null,
  };
}

/** "Edit and resend": the failed email's content back in the form. */
export function fromEmail(email: EmailDetail): ComposeState {
  const chips = (list: string[]) => list.flatMap((entry) => splitRecipients(entry).map(parseChip)).filter((chip): chip is Chip => chip !== null);
  const html = email.html ?? (email.text ?? '').split('\n').map((line) => `<div>${escapeHtml(line) || '<br>'}</div>`).join('');
  return {
    ...EMPTY_COMPOSE,
    accountId: email.accountId,
    to: chips(email.to),
    cc: chips(email.cc),
    bcc: chips(email.bcc),
    subject: email.subject,
    html,
    text: email.text ?? htmlToText(html),
    textEdited: email.text !== null && email.html !== null,
    editingId: email.id,
    // The original's files stay in Facteur's store: the edit refers to them by checksum.
    attachments: email.attachments.map((file) => ({
      key: `${file.sha256}-${file.filename}`,
      filename: file.filename,
      size: file.size,
      sha256: file.sha256,
      contentType: file.contentType,
    })),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

export function isEmpty(state: ComposeState): boolean {
  return !state.to.length && !state.cc.length && !state.bcc.length && !state.subject && isBlankHtml(state.html) && !state.attachments.length;
}

export { formatChip };
