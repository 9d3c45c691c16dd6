// A compose form as a draft the engine keeps (opaque content, see drafts/draft-store.ts), and
// which draft a compose restores: "New message" only ever a new message's draft (never an edit's),
// an edit only its own. Drafts written before drafts had an origin are read too.
import type { Chip } from './recipient-chips';
import type { ComposeAttachment } from './compose-attachments';
import { draftIdFor, type ComposeOrigin, type ComposeState, type SendWhen } from './compose-state';
import { sanitiseHtml } from './html-text';
import { NO_REPEAT, REPEAT_KINDS, type RepeatChoice } from './repeat-rule';
import type { StoredDraft } from './types';

interface DraftFile {
  filename: string;
  size: number;
  sha256?: string;
  path?: string;
  contentType?: string;
}

/**
 * What a draft keeps: the form as the user left it, minus its own id (the draft's key) and with
 * attachments reduced to what can be found again. A field added to the form is kept with it.
 */
export type DraftContent = Omit<ComposeState, 'draftId' | 'attachments'> & {
  version: 2;
  /** Stored files (by checksum, pinned to the draft) and, from older drafts, picked paths. */
  files: DraftFile[];
};

export function toDraft(state: ComposeState): DraftContent {
  const { draftId: _key, attachments, ...form } = state;
  return {
    version: 2,
    ...form,
    // Bytes that could not be stored (the engine did not answer) are not kept in a draft.
    files: attachments.flatMap((file) =>
      file.sha256 !== undefined || file.path !== undefined
        ? [{ filename: file.filename, size: file.size, ...pick(file, ['sha256', 'path', 'contentType']) }]
        : [],
    ),
  };
}

function pick(file: ComposeAttachment, keys: Array<'sha256' | 'path' | 'contentType'>): Partial<DraftFile> {
  return Object.fromEntries(keys.flatMap((key) => (file[key] === undefined ? [] : [[key, file[key]]])));
}

const isChips = (value: unknown): value is Chip[] =>
  Array.isArray(value) && value.every((chip) => typeof chip === 'object' && chip !== null && typeof (chip as Chip).address === 'string');
const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);

function originOf(content: Record<string, unknown>): ComposeOrigin | null {
  const origin = content.origin as ComposeOrigin | undefined;
  if (origin && typeof origin === 'object' && (origin.kind === 'new' || ((origin.kind === 'edit' || origin.kind === 'resend') && Number.isInteger(origin.emailId)))) {
    return origin;
  }
  // Before drafts had an origin: `editingId` marked an edit, which a new message must not take.
  if (content.version === undefined) return content.editingId === null || content.editingId === undefined ? { kind: 'new' } : null;
  return null;
}

/** The draft back in the form; its HTML is cleaned again on the way into the editor. */
export function fromDraft(draft: StoredDraft, timeZone: string): ComposeState | null {
  const content = draft.content;
  const origin = originOf(content);
  if (!origin || !isChips(content.to) || typeof content.html !== 'string') return null;
  const legacyPaths = Array.isArray(content.attachmentPaths) ? (content.attachmentPaths as Array<{ path: string; name: string; size: number }>) : [];
  const files: DraftFile[] = Array.isArray(content.files)
    ? (content.files as DraftFile[])
    : legacyPaths.map((file) => ({ filename: file.name, size: file.size, path: file.path }));
  return {
    draftId: draftIdFor(origin) ?? draft.id,
    origin,
    accountId: typeof content.accountId === 'number' ? content.accountId : null,
    to: content.to,
    cc: isChips(content.cc) ? content.cc : [],
    bcc: isChips(content.bcc) ? content.bcc : [],
    subject: str(content.subject),
    html: sanitiseHtml(content.html),
    text: str(content.text),
    textEdited: content.textEdited === true,
    attachments: files
      .filter((file) => typeof file.filename === 'string' && (typeof file.sha256 === 'string' || typeof file.path === 'string'))
      .map((file) => ({ key: `${file.sha256 ?? file.path}-${file.filename}`, ...file })),
    when: content.when === 'schedule' ? 'schedule' : 'now',
    sendAt: str(content.sendAt),
    timeZone: str(content.timeZone, timeZone),
    expiresAfterMinutes: Number.isInteger(content.expiresAfterMinutes) ? (content.expiresAfterMinutes as number) : null,
    repeat: repeatOf(content.repeat),
  };
}

/** The draft's "Repeat" choice, or no repeat when it has none or it does not read as one. */
function repeatOf(value: unknown): RepeatChoice {
  if (typeof value !== 'object' || value === null) return NO_REPEAT;
  const choice = value as Record<string, unknown>;
  const kind = REPEAT_KINDS.find((k) => k === choice.kind);
  const end = (['never', 'until', 'count'] as const).find((e) => e === choice.end);
  if (!kind || !end || typeof choice.custom !== 'string' || typeof choice.until !== 'string') return NO_REPEAT;
  const count = Number.isInteger(choice.count) && (choice.count as number) > 0 ? (choice.count as number) : NO_REPEAT.count;
  return { kind, custom: choice.custom, end, until: choice.until, count };
}

/** The draft this compose should restore: the newest new-message draft, or the edit's own. */
export function pickDraft(drafts: StoredDraft[], origin: ComposeOrigin, timeZone: string): ComposeState | null {
  const wanted = draftIdFor(origin);
  const newest = [...drafts].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  for (const draft of newest) {
    if (wanted !== null && draft.id !== wanted) continue;
    const state = fromDraft(draft, timeZone);
    if (state && state.origin.kind === origin.kind) return state;
  }
  return null;
}

const LAST_CHOICE = 'facteur.compose.last';

/** What the user chose the last time they sent: edit and resend starts from it. */
export function lastChoice(fallbackZone: string): { when: SendWhen; timeZone: string } {
  try {
    const saved = JSON.parse(globalThis.localStorage?.getItem(LAST_CHOICE) ?? 'null') as { when?: unknown; timeZone?: unknown } | null;
    return { when: saved?.when === 'schedule' ? 'schedule' : 'now', timeZone: typeof saved?.timeZone === 'string' ? saved.timeZone : fallbackZone };
  } catch {
    return { when: 'now', timeZone: fallbackZone };
  }
}

export function rememberChoice(when: SendWhen, timeZone: string): void {
  try {
    globalThis.localStorage?.setItem(LAST_CHOICE, JSON.stringify({ when, timeZone }));
  } catch {
    // Storage refused (private mode): the next resend simply starts from "Send now".
  }
}
