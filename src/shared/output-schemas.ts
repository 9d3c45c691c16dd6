// What the engine answers, as zod schemas: the IPC contract's outputs, the CLI's `--json` shapes
// and the engine's own return types are all this one declaration (`z.infer`), so a field exists
// in one place. The IPC layer parses handler outputs against these in development and tests
// (core/ipc/output-check.ts): a field the engine adds and a schema lacks fails there.
import { z } from 'zod';
import { accountLimitOverridesSchema, accountLimitsSchema, EMAIL_STATUSES, EMAIL_WAIT_REASONS, emailStatusSchema } from './domain';
import { providerKindSchema } from './providers/index';
import { ACCOUNT_STATES, ATTEMPT_OUTCOMES, RECIPIENT_KINDS, RECIPIENT_OUTCOMES, SERIES_STATES, STOP_REASONS } from './outcomes';
import { sendingWindowSchema } from './sending-window';

const id = z.number().int().positive();
const isoDate = z.string();
const count = z.number().int();

export const accountSummarySchema = z.object({
  id,
  email: z.string(),
  provider: providerKindSchema,
  displayName: z.string().nullable(),
  active: z.boolean(),
  state: z.enum(ACCOUNT_STATES),
  stateReason: z.string().nullable(),
  limits: accountLimitsSchema,
  limitOverrides: accountLimitOverridesSchema,
  /** Messages sent in the last 24 hours, against `limits.perDay`. */
  quotaUsed: count,
  pausedUntil: isoDate.nullable(),
  /** When mail may leave (days, hours, zone); null: any time. */
  sendingWindow: sendingWindowSchema.nullable(),
  createdAt: isoDate,
});
export type AccountSummary = z.infer<typeof accountSummarySchema>;

export const emailListItemSchema = z.object({
  id,
  accountId: id,
  accountEmail: z.string(),
  status: emailStatusSchema,
  subject: z.string(),
  to: z.array(z.string()),
  attempts: count,
  maxAttempts: count,
  sendAt: isoDate,
  timeZone: z.string(),
  nextAttemptAt: isoDate.nullable(),
  lastError: z.string().nullable(),
  lastErrorCode: z.string().nullable(),
  messageId: z.string(),
  createdAt: isoDate,
  sentAt: isoDate.nullable(),
  /** Recipients refused for good; a sent email with any is counted in `attention`. */
  refusedCount: count,
  /** `--expires-after`: not sent if it would leave more than this many minutes late (null: the late-mail setting). */
  expiresAfterMinutes: count.nullable(),
  /** The repeating series this email is one occurrence of (null for one-off mail). */
  seriesId: count.nullish(),
});
export type EmailListItem = z.infer<typeof emailListItemSchema>;

/** What happened to one recipient: `pending` until a server accepted or refused it for good. */
export const recipientOutcomeSchema = z.object({
  address: z.string(),
  kind: z.enum(RECIPIENT_KINDS),
  outcome: z.enum(RECIPIENT_OUTCOMES),
  reason: z.string().nullable(),
  /** A refused recipient the user sent the mail to again ("Send again to the refused recipients"): that email's id. */
  resentAs: count.optional(),
});
export type RecipientOutcome = z.infer<typeof recipientOutcomeSchema>;

export const attemptRecordSchema = z.object({
  /**
   * Which of the email's counted tries this was (the number `maxAttempts` is measured against).
   * "Retry" starts the count again and a postponed try gives its number back, so this can repeat
   * within one history: to number the tries for a person, use their place in the history.
   */
  attempt: count,
  startedAt: isoDate,
  finishedAt: isoDate.nullable(),
  outcome: z.enum(ATTEMPT_OUTCOMES),
  errorCode: z.string().nullable(),
  providerCode: z.string().nullable(),
  message: z.string().nullable(),
});
export type AttemptRecord = z.infer<typeof attemptRecordSchema>;

export const seriesInfoSchema = z.object({
  id: count,
  rule: z.string(),
  timeZone: z.string(),
  state: z.enum(SERIES_STATES),
  /** The next (up to) five times, ISO with the zone's offset; empty once stopped or finished. */
  upcoming: z.array(z.string()),
});
export type SeriesInfo = z.infer<typeof seriesInfoSchema>;

/** Why due mail has not left yet (queue/wait-reason.ts), and until when if known. */
export const emailWaitSchema = z.object({
  reason: z.enum(EMAIL_WAIT_REASONS),
  until: isoDate.nullable(),
  /** For `sending-window`: the opening on the window's own clock ("Mon 09:00") and its zone. */
  opens: z.object({ label: z.string(), timeZone: z.string() }).optional(),
});
export type EmailWait = z.infer<typeof emailWaitSchema>;

export const emailDetailSchema = emailListItemSchema.extend({
  cc: z.array(z.string()),
  bcc: z.array(z.string()),
  replyTo: z.string().nullable(),
  text: z.string().nullable(),
  html: z.string().nullable(),
  attachments: z.array(z.object({ filename: z.string(), contentType: z.string(), size: count, sha256: z.string() })),
  history: z.array(attemptRecordSchema),
  recipients: z.array(recipientOutcomeSchema),
  /** Why mail whose time has come is still waiting (pacing, a pause), or null. Added by the window's `queue:get`. */
  waiting: emailWaitSchema.nullish(),
  /** The repeating series (rule, zone, the next five times with their offset); null for one-off mail. */
  series: seriesInfoSchema.nullish(),
});
export type EmailDetail = z.infer<typeof emailDetailSchema>;

export const statusCountsSchema = z.object(
  Object.fromEntries(EMAIL_STATUSES.map((status) => [status, count])) as Record<(typeof EMAIL_STATUSES)[number], typeof count>,
);

export const queueCountsSchema = z.object({
  counts: statusCountsSchema,
  /** Waiting mail whose time has come (the tray's "due"). */
  due: count,
  /** Failed + held + uncertain + sent with refused recipients. */
  attention: count,
});
export type QueueCounts = z.infer<typeof queueCountsSchema>;

export const processProgressSchema = z.object({
  sent: count,
  failed: count,
  retrying: count,
  held: count,
  uncertain: count,
  inFlight: count,
  claimed: count,
  batchSize: count,
});
export type ProcessProgress = z.infer<typeof processProgressSchema>;

export const processSummarySchema = z.object({
  sent: count,
  failed: count,
  retrying: count,
  held: count,
  deferred: count,
  uncertain: count,
  /** Recipients refused for good on mail that reached its other recipients (counted in attention). */
  refused: count.optional(),
  /** Set when due mail could not be sent because a local service (the keychain) did not answer. */
  unavailable: z.string().optional(),
  /** Why the run ended. */
  stoppedBy: z.enum(STOP_REASONS),
});
export type ProcessSummary = z.infer<typeof processSummarySchema>;

/** `process-queue --json`: the run's summary, plus what still waits (queued or scheduled) and the earliest time one may leave. */
export const processQueueJsonSchema = processSummarySchema.extend({ waiting: count, nextAt: z.string().nullable() });

export const pickedFileSchema = z.object({ path: z.string(), name: z.string(), size: count });

export const draftIdSchema = z.string().min(1).max(100).regex(/^[\w-]+$/u, 'must be letters, digits, - or _');

export const draftSchema = z.object({
  id: draftIdSchema,
  /** Whatever the compose form holds; the engine stores it as is (it is validated on enqueue). */
  content: z.record(z.string(), z.unknown()),
  updatedAt: isoDate,
});
export type Draft = z.infer<typeof draftSchema>;
