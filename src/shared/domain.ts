// Vocabulary shared by the engine, the CLI and the UI: providers, queue states, limits.
import { z } from 'zod';
import { EMAIL_STATUSES } from './email-statuses';
import { BUILT_IN_KINDS, providerKindSchema } from './providers/index';

/** The kinds built in (src/shared/providers/); a registered provider adds its own. */
export const PROVIDERS = BUILT_IN_KINDS;
/**
 * A provider's kind as stored in `accounts.provider`: a built-in one or one registered at run time
 * (checked against the registered descriptors by `providerKindSchema`).
 */
export type ProviderKind = string;
export { providerKindSchema };

/**
 * Queue states (listed in email-statuses.ts). `scheduled → queued → sending → sent`; `failed` is permanent (or attempts
 * exhausted), `held` waits for the account to be linked again, `uncertain` was in flight when the
 * process died and needs a decision (never re-sent blindly), `paused` belongs to a paused mail
 * merge and keeps its schedule until the batch is resumed.
 */
export { EMAIL_STATUSES, type EmailStatus, type StatusCounts } from './email-statuses';
export const emailStatusSchema = z.enum(EMAIL_STATUSES);

export { ACCOUNT_STATES, type AccountState } from './outcomes';

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

// The engine's answers (accounts, emails, attempts, runs) are declared once, as the contract's
// zod schemas: see output-schemas.ts.
export type { AccountSummary, AttemptRecord, EmailListItem, EmailWait, ProcessSummary, RecipientOutcome } from './output-schemas';

/** Why due mail has not left yet (queue/wait-reason.ts), and until when if known. */
export const EMAIL_WAIT_REASONS = ['retry-backoff', 'app-paused', 'account-disabled', 'provider-pause', 'per-minute', 'per-day', 'next-run', 'sending-window'] as const;
