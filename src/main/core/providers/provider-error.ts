// How a provider tells the processor what a failure means; the processor decides what to do.
import type { RecipientResult } from './email-provider';

export type ProviderErrorKind =
  /** Network trouble, 5xx, 4xx SMTP replies: try again later (counts as an attempt). */
  | 'transient'
  /** Bad recipient, message too big, 4xx HTTP other than 408/429: never going to work. */
  | 'permanent'
  /** 429, daily quota, concurrent-request limit: wait `retryAfterMs`; does not use up an attempt. */
  | 'rate-limited'
  /** Token revoked or password refused: the account must be linked again; mail is held. */
  | 'auth'
  /** The message may have reached the provider (connection lost after the last byte). */
  | 'uncertain';

export interface ProviderErrorOptions {
  /** Short machine code shown in the UI and `lastErrorCode` (e.g. `smtp-550`, `gmail-quota`). */
  code: string;
  /** The provider's own status: SMTP reply code or HTTP status. */
  providerCode?: string | number | null;
  retryAfterMs?: number | null;
  cause?: unknown;
  /** Every recipient refused at the envelope: what the server said to each. */
  recipients?: RecipientResult[];
}

export class ProviderError extends Error {
  readonly code: string;
  readonly providerCode: string | null;
  readonly retryAfterMs: number | null;
  readonly recipients: RecipientResult[] | null;

  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    options: ProviderErrorOptions,
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProviderError';
    this.code = options.code;
    this.providerCode = options.providerCode === undefined || options.providerCode === null ? null : String(options.providerCode);
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.recipients = options.recipients ?? null;
  }
}

/**
 * Parses an HTTP `Retry-After` value (delay-seconds or an HTTP-date) into milliseconds from `now`.
 * Returns null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/u.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** The generic meaning of an HTTP status for a send request (providers refine it). */
export function kindForHttpStatus(status: number): ProviderErrorKind {
  if (status === 401) return 'auth';
  if (status === 429) return 'rate-limited';
  if (status === 408 || status >= 500) return 'transient';
  return 'permanent';
}
