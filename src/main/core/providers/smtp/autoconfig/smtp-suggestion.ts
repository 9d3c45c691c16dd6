// What "find my SMTP settings from the address" answers inside the engine and the CLI: the
// proposed server, where it came from, and what was tried and set aside. The window receives it
// through the SMTP provider's `findSettings`, in the generic shape of shared/settings-lookup.ts.
import type { AutoconfigAttempt, AutoconfigSource } from '../../../../../shared/settings-lookup';

export type { AutoconfigAttempt, AutoconfigSource } from '../../../../../shared/settings-lookup';

export interface SmtpSuggestion {
  host: string;
  port: number;
  /** Implicit TLS (465); false means STARTTLS. A cleartext-only server is never proposed. */
  secure: boolean;
  /** The login, placeholders already filled in; null when the server takes mail without one. */
  username: string | null;
  source: AutoconfigSource;
  /** The URL or DNS record it was read from; for the table, the service's name. */
  from: string;
  /** Set when the domain was matched through its mail server (MX), e.g. a custom domain at Google. */
  viaMx: string | null;
  /** What the user must know, e.g. that Gmail wants an app password. */
  note: string | null;
}

export interface SmtpAutoconfigResult {
  found: SmtpSuggestion | null;
  /** Every source asked and why it gave nothing usable (not found, timed out, cleartext only…). */
  tried: AutoconfigAttempt[];
}
