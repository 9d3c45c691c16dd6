// What "find my SMTP settings from the address" answers, shared by the engine, the CLI and the
// "Add SMTP" form: the proposed server, where it came from, and what was tried and set aside.
import { z } from 'zod';

/** Where a proposal came from, in the order they are preferred. */
export const AUTOCONFIG_SOURCES = ['table', 'autoconfig', 'ispdb', 'srv'] as const;
export type AutoconfigSource = (typeof AUTOCONFIG_SOURCES)[number];

export const smtpSuggestionSchema = z
  .object({
    host: z.string(),
    port: z.number().int().min(1).max(65535),
    /** Implicit TLS (465); false means STARTTLS. A cleartext-only server is never proposed. */
    secure: z.boolean(),
    /** The login, placeholders already filled in; null when the server takes mail without one. */
    username: z.string().nullable(),
    source: z.enum(AUTOCONFIG_SOURCES),
    /** The URL or DNS record it was read from; for the table, the service's name. */
    from: z.string(),
    /** Set when the domain was matched through its mail server (MX), e.g. a custom domain at Google. */
    viaMx: z.string().nullable(),
    /** What the user must know, e.g. that Gmail wants an app password. */
    note: z.string().nullable(),
  })
  .strict();
export type SmtpSuggestion = z.infer<typeof smtpSuggestionSchema>;

export const autoconfigAttemptSchema = z.object({ from: z.string(), outcome: z.string() }).strict();
export type AutoconfigAttempt = z.infer<typeof autoconfigAttemptSchema>;

export const smtpAutoconfigResultSchema = z
  .object({
    found: smtpSuggestionSchema.nullable(),
    /** Every source asked and why it gave nothing usable (not found, timed out, cleartext only…). */
    tried: z.array(autoconfigAttemptSchema),
  })
  .strict();
export type SmtpAutoconfigResult = z.infer<typeof smtpAutoconfigResultSchema>;
