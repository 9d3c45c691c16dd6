// Application settings: what the Settings view edits and the engine obeys.
import { z } from 'zod';

/** A quick time the user made: "Friday 16:00", "Tomorrow 07:30" — a day and a wall-clock time. */
export const QUICK_TIME_DAYS = ['today', 'tomorrow', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const quickTimeSchema = z
  .object({
    label: z.string().trim().min(1).max(40),
    day: z.enum(QUICK_TIME_DAYS),
    time: z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/u, 'must be a time such as 07:30'),
  })
  .strict();
export type QuickTime = z.infer<typeof quickTimeSchema>;

/**
 * What happens to scheduled mail whose time passed by more than `lateAfterMinutes` while nothing
 * ran (computer off, Facteur quit): sent at once, held for the user, or not sent (failed, `expired`).
 */
export const LATE_MAIL_RULES = ['send', 'hold', 'expire'] as const;
export type LateMailRule = (typeof LATE_MAIL_RULES)[number];
/** Longest lateness a rule or a per-mail expiry may name: one week. */
export const MAX_LATE_MINUTES = 7 * 24 * 60;

export const settingsSchema = z
  .object({
    /** Emails one processing run may send. */
    batchSize: z.number().int().min(1).max(10_000),
    /** Tries before a transiently failing email is marked failed. */
    maxAttempts: z.number().int().min(1).max(20),
    /** First retry delay; doubles each attempt (with jitter), capped at retryMaxSeconds. */
    retryBaseSeconds: z.number().int().min(1).max(86_400),
    retryMaxSeconds: z.number().int().min(1).max(7 * 86_400),
    /** The background tick, as a node-cron expression (default: every minute). */
    schedulerCron: z.string().min(9).max(100),
    /** When true the app sends nothing until resumed (the queue keeps filling). */
    paused: z.boolean(),
    startAtLogin: z.boolean(),
    language: z.enum(['en', 'fr']),
    /** "Send now" in the window waits this long, with an Undo button, before the mail may leave. */
    undoSendSeconds: z.number().int().min(0).max(60),
    /** The user's own quick times in the schedule picker, besides the built-in ones. */
    quickTimes: z.array(quickTimeSchema).max(8),
    /** `system` follows the OS's light or dark appearance. */
    theme: z.enum(['system', 'light', 'dark']),
    /** The late-mail rule (see LATE_MAIL_RULES). */
    lateMail: z.enum(LATE_MAIL_RULES, { error: 'must be send, hold or expire' }),
    /** How late (minutes past its time) scheduled mail must be for `lateMail` to apply. */
    lateAfterMinutes: z
      .number({ error: 'must be a number of minutes' })
      .int('must be a whole number of minutes')
      .min(1, 'must be at least 1 minute')
      .max(MAX_LATE_MINUTES, `must be at most ${MAX_LATE_MINUTES} minutes (one week)`),
  })
  .strict();
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  batchSize: 100,
  maxAttempts: 3,
  retryBaseSeconds: 60,
  retryMaxSeconds: 3_600,
  schedulerCron: '* * * * *',
  paused: false,
  startAtLogin: false,
  language: 'en',
  undoSendSeconds: 10,
  quickTimes: [],
  theme: 'system',
  lateMail: 'send',
  lateAfterMinutes: 60,
};
