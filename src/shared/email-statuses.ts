// The queue states, in display order, with no dependencies: the CLI's fast path (status --json)
// reads them without loading the validation library. Described in domain.ts.
export const EMAIL_STATUSES = ['scheduled', 'queued', 'sending', 'sent', 'failed', 'cancelled', 'held', 'uncertain', 'paused'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];
export type StatusCounts = Record<EmailStatus, number>;

/** Statuses a user may cancel or reschedule: anything not sent, not already gone, not in flight. */
export const CHANGEABLE_STATUSES: readonly EmailStatus[] = ['scheduled', 'queued', 'held', 'failed', 'uncertain'];
/** Mail edited in place ("Edit"); sent, failed and uncertain mail is edited and resent instead. */
export const EDITABLE_IN_PLACE_STATUSES: readonly EmailStatus[] = ['scheduled', 'queued', 'held'];
