// Vocabulary shared by the engine, the CLI and the UI: providers, queue states, limits.
import { z } from 'zod';
import { EMAIL_STATUSES, type EmailStatus } from './email-statuses';
import type { SendingWindow } from './sending-window';

export const PROVIDERS = ['smtp', 'gmail', 'outlook'] as const;
export type ProviderKind = (typeof PROVIDERS)[number];
export const providerKindSchema = z.enum(PROVIDERS);

/**
 * Queue states (listed in email-statuses.ts). `scheduled → queued → sending → sent`; `failed` is permanent (or attempts
 * exhausted), `held` waits for the account to be linked again, `uncertain` was in flight when the
 * process died and needs a decision (never re-sent blindly), `paused` belongs to a paused mail
 * merge and keeps its schedule until the batch is resumed.
 */
export { EMAIL_STATUSES, type EmailStatus, type StatusCounts } from './email-statuses';
export const emailStatusSchema = z.enum(EMAIL_STATUSES);

export const ACCOUNT_STATES = ['ok', 'needs-reauth'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

/** Per-account sending limits. Every field is optional in overrides; providers supply defaults. */
export const accountLimitsSchema = z
  .object({
    /** Messages in any rolling 24 hours. */
    perDay: z.number().int().positive().max(1_000_000),
    /** Messages in any rolling minute. */
    perMinute: z.number().int().positive().max(10_000),
    /** Recipients (to + cc + bcc, summed over messages) in any rolling 24 hours. */
    recipientsPerDay: z.number().int().positive().max(10_000_000),
    /** Recipients in one message. */
    maxRecipients: z.number().int().positive().max(100_000),
    /** Size of one message, MIME-encoded, in bytes. */
    maxMessageBytes: z.number().int().positive().max(1024 * 1024 * 1024),
    /** Messages in flight at once for this account. */
    concurrency: z.number().int().positive().max(32),
  })
  .strict();
export type AccountLimits = z.infer<typeof accountLimitsSchema>;
export const accountLimitOverridesSchema = accountLimitsSchema.partial();
export type AccountLimitOverrides = z.infer<typeof accountLimitOverridesSchema>;

export interface AccountSummary {
  id: number;
  email: string;
  provider: ProviderKind;
  displayName: string | null;
  active: boolean;
  state: AccountState;
  stateReason: string | null;
  limits: AccountLimits;
  limitOverrides: AccountLimitOverrides;
  /** Messages sent in the last 24 hours, against `limits.perDay`. */
  quotaUsed: number;
  pausedUntil: string | null;
  /** When mail may leave (days, hours, zone); null: any time. */
  sendingWindow: SendingWindow | null;
  createdAt: string;
}


export interface EmailListItem {
  id: number;
  accountId: number;
  accountEmail: string;
  status: EmailStatus;
  subject: string;
  to: string[];
  attempts: number;
  maxAttempts: number;
  sendAt: string;
  timeZone: string;
  nextAttemptAt: string | null;
  lastError: string | null;
  lastErrorCode: string | null;
  messageId: string;
  createdAt: string;
  sentAt: string | null;
  /** Recipients the server refused for good (the mail needs attention when it was sent anyway). */
  refusedCount: number;
  /** `--expires-after`: not sent if it would leave more than this many minutes late (null: the late-mail setting). */
  expiresAfterMinutes: number | null;
  /** The repeating series this email is one occurrence of (null for one-off mail). */
  seriesId?: number | null | undefined;
}

/** What happened to one recipient: `pending` until a server accepted or refused it for good. */
export interface RecipientOutcome {
  address: string;
  kind: 'to' | 'cc' | 'bcc';
  outcome: 'accepted' | 'refused' | 'pending';
  reason: string | null;
  /** A refused recipient the user sent the mail to again: the id of that new email. */
  resentAs?: number;
}

export interface AttemptRecord {
  attempt: number;
  startedAt: string;
  finishedAt: string | null;
  outcome: 'sent' | 'retry' | 'failed' | 'held' | 'deferred' | 'uncertain' | 'in-flight';
  errorCode: string | null;
  providerCode: string | null;
  message: string | null;
}

export interface ProcessSummary {
  sent: number;
  failed: number;
  retrying: number;
  held: number;
  deferred: number;
  uncertain: number;
  /** Recipients refused for good on mail that reached its other recipients (counted in attention). */
  refused?: number;
  /** Set when due mail could not be sent because a local service (the keychain) did not answer. */
  unavailable?: string;
  /** Why the run ended. */
  stoppedBy: 'done' | 'batch-size' | 'max-runtime' | 'memory-limit' | 'signal' | 'locked';
}

/** Why due mail has not left yet (queue/wait-reason.ts), and until when if known. */
export const EMAIL_WAIT_REASONS = ['retry-backoff', 'app-paused', 'account-disabled', 'provider-pause', 'per-minute', 'per-day', 'next-run', 'sending-window'] as const;
export interface EmailWait {
  reason: (typeof EMAIL_WAIT_REASONS)[number];
  until: string | null;
  /** For `sending-window`: the opening on the window's own clock ("Mon 09:00") and its zone. */
  opens?: { label: string; timeZone: string };
}
