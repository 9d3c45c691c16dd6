// The background job as the UI and the CLI see it: which OS scheduler runs it, how often, and
// the files that make it up.
import { z } from 'zod';

export const BACKGROUND_KINDS = ['systemd', 'cron', 'launchd', 'schtasks'] as const;
export type BackgroundKind = (typeof BACKGROUND_KINDS)[number];

/** Minutes between runs; cron's `*\/N` is only regular for N up to 60, so that is the range. */
export const DEFAULT_EVERY_MINUTES = 5;
export const MAX_EVERY_MINUTES = 60;

export const backgroundStatusSchema = z.object({
  installed: z.boolean(),
  kind: z.enum(BACKGROUND_KINDS).nullable(),
  every: z.number().int().nullable(),
  files: z.array(z.string()),
});
export type BackgroundStatus = z.infer<typeof backgroundStatusSchema>;

export const backgroundSetSchema = z
  .object({ enabled: z.boolean(), every: z.number().int().min(1).max(MAX_EVERY_MINUTES).optional() })
  .strict();
