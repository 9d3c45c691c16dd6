// The renderer's view of the engine: exactly the contract-derived client (shared/ipc-client.ts),
// plus the few shapes the views build on top of it. Views never name a channel that the contract
// does not define: a renamed channel fails to compile here.
import type { FacteurApi } from '../../shared/ipc-client';
import type { RequestInput, RequestOutput } from '../../shared/ipc-contract';

export type { FacteurApi };
export type EmailDetail = RequestOutput<'queue:get'>;
export type PickedFile = RequestOutput<'dialog:openFiles'>[number];
export type StoredDraft = RequestOutput<'drafts:list'>[number];
export type QueueCounts = RequestOutput<'queue:counts'>;
export type ListInput = RequestInput<'queue:list'>;

/** What the compose form keeps in a draft (stored by the engine as opaque content). */
export interface DraftContent {
  accountId: number | null;
  to: Array<{ name: string | null; address: string }>;
  cc: Array<{ name: string | null; address: string }>;
  bcc: Array<{ name: string | null; address: string }>;
  subject: string;
  html: string;
  text: string;
  /** True once the user edited the plain text: it is no longer regenerated from the HTML. */
  textEdited: boolean;
  /** Attachments chosen by path survive in a draft; dropped bytes do not (too big for a draft). */
  attachmentPaths: Array<{ path: string; name: string; size: number }>;
  /** When resending an email: its id (the form then edits it instead of queueing a new one). */
  editingId: number | null;
}

export function isDraftContent(value: Record<string, unknown>): value is Record<string, unknown> & DraftContent {
  return typeof value.subject === 'string' && Array.isArray(value.to) && typeof value.html === 'string';
}
