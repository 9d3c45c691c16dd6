// What "find my SMTP settings from the address" answers inside the engine and the CLI: the
// proposed server, where it came from, and what was tried and set aside. The window gets it as
// the generic settings-lookup.ts shape (the SMTP provider's `findSettings`).
import { z } from 'zod';
import { AUTOCONFIG_SOURCES, autoconfigAttemptSchema } from './settings-lookup';

export { AUTOCONFIG_SOURCES, type AutoconfigAttempt, type AutoconfigSource } from './settings-lookup';

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

export const smtpAutoconfigResultSchema = z
  .object({
    found: smtpSuggestionSchema.nullable(),
    /** Every source asked and why it gave nothing usable (not found, timed out, cleartext only…). */
    tried: z.array(autoconfigAttemptSchema),
  })
  .strict();
export type SmtpAutoconfigResult = z.infer<typeof smtpAutoconfigResultSchema>;
