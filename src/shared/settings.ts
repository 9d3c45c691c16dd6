// Application settings: what the Settings view edits and the engine obeys.
import { z } from 'zod';

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
};
