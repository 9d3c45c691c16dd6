// What "find the settings for this address" answers, for any provider whose descriptor says its
// settings can be looked up (`settingsFromAddress`; SMTP's autoconfig): the proposed settings by
// field key, where they came from, and what was tried and set aside. Shared by the engine's
// `accounts:findSettings` channel and the add form.
import { z } from 'zod';

/** Where a proposal came from, in the order they are preferred. */
export const AUTOCONFIG_SOURCES = ['table', 'autoconfig', 'ispdb', 'srv'] as const;
export type AutoconfigSource = (typeof AUTOCONFIG_SOURCES)[number];

export const autoconfigAttemptSchema = z.object({ from: z.string(), outcome: z.string() }).strict();
export type AutoconfigAttempt = z.infer<typeof autoconfigAttemptSchema>;

export const foundSettingsSchema = z
  .object({
    /** By the descriptor's field keys; the form fills its fields with them, the user confirms. */
    settings: z.record(z.string(), z.unknown()),
    source: z.enum(AUTOCONFIG_SOURCES),
    /** The URL or DNS record it was read from; for the table, the service's name. */
    from: z.string(),
    /** Set when the domain was matched through its mail server (MX), e.g. a custom domain at Google. */
    viaMx: z.string().nullable(),
    /** What the user must know, e.g. that Gmail wants an app password. */
    note: z.string().nullable(),
  })
  .strict();
export type FoundSettings = z.infer<typeof foundSettingsSchema>;

export const settingsLookupSchema = z
  .object({
    found: foundSettingsSchema.nullable(),
    /** Every source asked and why it gave nothing usable (not found, timed out, cleartext only…). */
    tried: z.array(autoconfigAttemptSchema),
  })
  .strict();
export type SettingsLookup = z.infer<typeof settingsLookupSchema>;
