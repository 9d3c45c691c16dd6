// The closed lists of words the engine stores and the UI and the CLI show — account states,
// attempt outcomes, recipient outcomes, series states, why a run stopped — declared once, with no
// dependencies: the database schema's enums, the contract's zod enums and the TypeScript types
// are all read from here, so a word added in one place is added everywhere.

export const ACCOUNT_STATES = ['ok', 'needs-reauth'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

/** One try of one email (the `attempts` table): `in-flight` until its outcome is recorded. */
export const ATTEMPT_OUTCOMES = ['in-flight', 'sent', 'retry', 'failed', 'held', 'deferred', 'uncertain'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** What one recipient's server said: `pending` until it accepted or refused for good. */
export const RECIPIENT_OUTCOMES = ['accepted', 'refused', 'pending'] as const;
export type RecipientOutcomeKind = (typeof RECIPIENT_OUTCOMES)[number];

export const RECIPIENT_KINDS = ['to', 'cc', 'bcc'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/** `finished`: the rule has no occurrence left; `stopped`: the user stopped it. */
export const SERIES_STATES = ['active', 'stopped', 'finished'] as const;
export type SeriesState = (typeof SERIES_STATES)[number];

/** Why a `process-queue` run ended. */
export const STOP_REASONS = ['done', 'batch-size', 'max-runtime', 'memory-limit', 'signal', 'locked'] as const;
export type StopReason = (typeof STOP_REASONS)[number];
