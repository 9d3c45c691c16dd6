// Value-based redaction: every secret Facteur handles (keychain entries as they are read or
// written, the OAuth client secret) is remembered for the life of the process, and removed from
// any text before it is stored or logged — in the forms a request carries it (as is, URL-encoded
// in a form body, JSON-escaped). Key-name redaction in the logger cannot see a refresh token that
// a server quoted back inside an error message; this can.
import type { SecretStore } from '../secrets/secret-store';

export const REDACTED = '[redacted]';
/** What is kept of a provider's error: enough to say what happened, not a page of echo. */
export const MAX_ERROR_CHARS = 500;
/** Shorter values would mangle ordinary words; keychain secrets are never this short in practice. */
const MIN_SECRET_CHARS = 4;
/**
 * JSON keys whose own string value is a secret (our token JSON; MSAL's cache keeps each token in a
 * `secret` field). Matched on the key itself, not its parents: MSAL's `AccessToken` section also
 * holds the client id, the authority host and the scopes, which must stay readable in errors.
 */
const SECRET_KEY = /^(?:access_?token|refresh_?token|id_?token|secret|client_?secret|password|code_?verifier|assertion)$/iu;

export class SecretRedactor {
  private readonly forms = new Set<string>();
  /** Longest first, so a secret containing another is removed whole. */
  private ordered: string[] = [];

  /** Remembers a secret; a JSON document contributes its secret-looking string fields too. */
  add(secret: string | null | undefined): void {
    if (!secret) return;
    this.addValue(secret);
    if (secret.startsWith('{')) {
      try {
        this.addFields(JSON.parse(secret) as unknown);
      } catch {
        // not JSON after all: the whole value is remembered already
      }
    }
  }

  redact(text: string): string {
    let result = text;
    for (const form of this.ordered) if (result.includes(form)) result = result.split(form).join(REDACTED);
    return result;
  }

  /** A provider's error as Facteur keeps it: secrets removed, then cut to MAX_ERROR_CHARS. */
  errorText(text: string): string {
    const clean = this.redact(text);
    return clean.length <= MAX_ERROR_CHARS ? clean : `${clean.slice(0, MAX_ERROR_CHARS - 1)}…`;
  }

  private addFields(value: unknown): void {
    if (Array.isArray(value)) {
      for (const item of value) this.addFields(item);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (typeof item === 'string') {
          if (SECRET_KEY.test(key)) this.addValue(item);
        } else {
          this.addFields(item);
        }
      }
    }
  }

  private addValue(value: string): void {
    if (value.length < MIN_SECRET_CHARS) return;
    const before = this.forms.size;
    const forms = [value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2), JSON.stringify(value).slice(1, -1)];
    for (const form of forms) this.forms.add(form);
    if (this.forms.size !== before) this.ordered = [...this.forms].sort((a, b) => b.length - a.length);
  }
}

/** A secret store that tells the redactor every value that passes through it. */
export function redactingSecretStore(inner: SecretStore, redactor: SecretRedactor): SecretStore {
  return {
    async get(ref) {
      const value = await inner.get(ref);
      redactor.add(value);
      return value;
    },
    async set(ref, value) {
      redactor.add(value);
      await inner.set(ref, value);
    },
    delete: (ref) => inner.delete(ref),
  };
}
