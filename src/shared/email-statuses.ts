// The queue states, in display order, with no dependencies: the CLI's fast path (status --json)
// reads them without loading the validation library. Described in domain.ts.
export const EMAIL_STATUSES = ['scheduled', 'queued', 'sending', 'sent', 'failed', 'cancelled', 'held', 'uncertain', 'paused'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];
export type StatusCounts = Record<EmailStatus, number>;
