// Gmail through the Gmail API (`users.messages.send`, scope gmail.send): the MIME is built once by
// the base provider, sent as `raw` JSON when small and through the /upload endpoint (multipart)
// when large; tokens are refreshed before expiry and once on a 401.
import { Readable, Transform } from 'node:stream';
import type { gmail_v1 } from 'googleapis/build/src/apis/gmail';
import type { AccountLimits } from '../../../../shared/domain';
import { GMAIL_MAX_MESSAGE_BYTES, gmailDescriptor } from '../../../../shared/providers/gmail';

export { GMAIL_MAX_MESSAGE_BYTES };
import {
  httpFailure,
  linkGoogleAccount,
  parseStoredTokens,
  refreshGoogleTokens,
  validateImportedTokens,
  type GoogleTokens,
} from './google-oauth';
import type { Logger } from '../../logger';
import { BaseEmailProvider, mimeBuffer, mimeStream } from '../base-email-provider';
import { sdk } from '../lazy-sdk';
import type {
  ImportedTokens,
  LinkedCredentials,
  LinkOptions,
  OutgoingMessage,
  ProviderAccount,
  SendContext,
  SendResult,
} from '../email-provider';
import { ProviderError, kindForHttpStatus, parseRetryAfter } from '../provider-error';

/**
 * Above this, the message goes through the /upload URI. Google's upload guide calls the simple
 * (non-resumable) paths fit "for smaller files, for example, 5 MB or less"; a `raw` JSON body is
 * also 4/3 the message size once base64url-encoded.
 */
export const GMAIL_SIMPLE_UPLOAD_MAX_BYTES = 5 * 1024 * 1024;
/** Refresh an access token this long before it expires, so it never dies mid-request. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
/** Per-second/minute rate limits clear quickly; wait a minute when Google does not say. */
const RATE_LIMIT_BACKOFF_MS = 60_000;
/** Daily sending limits clear as the rolling 24 h window moves; retry hourly when Google does not say. */
const DAILY_LIMIT_BACKOFF_MS = 60 * 60_000;
const HEARTBEAT_EVERY_BYTES = 1024 * 1024;

/** Google's documented per-user sending limits (the descriptor says which and why). */
export function gmailDefaultLimits(settings: Record<string, unknown>): AccountLimits {
  return gmailDescriptor.defaultLimits(settings);
}

/** A 401 from the API: the caller refreshes once and retries. */
class Unauthorized extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

interface GoogleErrorBody {
  error?: { code?: number; message?: string; status?: string; errors?: Array<{ reason?: string; domain?: string; message?: string }> };
}

type Adapter = NonNullable<gmail_v1.Options['adapter']>;

export class GmailProvider extends BaseEmailProvider {
  readonly kind = 'gmail' as const;
  private api: gmail_v1.Gmail | null = null;
  /** One refresh at a time per account: concurrent sends share it. */
  private readonly refreshes = new Map<string, Promise<GoogleTokens>>();

  defaultLimits(settings: Record<string, unknown>): AccountLimits {
    return gmailDefaultLimits(settings);
  }

  private client(): gmail_v1.Gmail {
    // No auth client: we attach the bearer token ourselves, so the library never refreshes or
    // retries behind our back (token lifecycle and retries belong to this provider and the processor).
    this.api ??= sdk.gmail.gmail({ version: 'v1', rootUrl: `${this.deps.endpoints.gmailApi}/` });
    return this.api;
  }

  async prepare(account: ProviderAccount, log: Logger): Promise<void> {
    await this.validTokens(account, log);
  }

  async link(options: LinkOptions): Promise<LinkedCredentials> {
    const { identity, tokens } = await linkGoogleAccount(this.deps, options);
    return {
      email: identity.email,
      displayName: identity.name,
      secret: JSON.stringify(tokens),
      settings: identity.hostedDomain ? { workspace: true, hostedDomain: identity.hostedDomain } : { workspace: false },
    };
  }

  async importTokens(tokens: ImportedTokens, email: string): Promise<LinkedCredentials> {
    // async so a validation error is a rejection, like every other provider failure.
    // Checked locally only: with the gmail.send scope alone there is no Gmail call that could
    // confirm the address without sending mail. A bad token shows up at the first send.
    const valid = validateImportedTokens(tokens);
    return { email, displayName: null, secret: JSON.stringify(valid) };
  }

  /**
   * The account's tokens, refreshed first when they expire within the margin or when `stale` (the
   * access token the API just refused) is still the stored one. New tokens go to the keychain.
   */
  private async validTokens(account: ProviderAccount, log: Logger, stale?: string, signal?: AbortSignal): Promise<GoogleTokens> {
    const stored = parseStoredTokens(await this.deps.secrets.get(account.secretRef));
    const expiring = Date.parse(stored.expiresAt) - this.deps.clock.now() <= TOKEN_REFRESH_MARGIN_MS;
    const refused = stale !== undefined && stored.accessToken === stale;
    if (!expiring && !refused) return stored;

    const running = this.refreshes.get(account.secretRef);
    if (running) return running;
    const refresh = (async () => {
      log.info({ accountId: account.id, reason: refused ? 'refused' : 'expiring' }, 'refreshing the Google access token');
      const fresh = await refreshGoogleTokens(this.deps, stored, signal);
      await this.deps.secrets.set(account.secretRef, JSON.stringify(fresh));
      return fresh;
    })();
    this.refreshes.set(account.secretRef, refresh);
    try {
      return await refresh;
    } finally {
      this.refreshes.delete(account.secretRef);
    }
  }

  protected async deliver(message: OutgoingMessage, account: ProviderAccount, context: SendContext): Promise<SendResult> {
    let tokens = await this.validTokens(account, context.log, undefined, context.signal);
    // Built once: the retry after a 401 sends the very same bytes. Gmail strips the Bcc header
    // itself but needs it in the raw message to deliver to Bcc recipients, hence keepBcc.
    const raw = message.sizeBytes <= GMAIL_SIMPLE_UPLOAD_MAX_BYTES ? await mimeBuffer(message, { keepBcc: true }) : null;
    try {
      return await this.sendOnce(message, raw, tokens.accessToken, context);
    } catch (error) {
      if (!(error instanceof Unauthorized)) throw error;
      context.log.info({ emailId: message.emailId }, 'Gmail refused the access token; refreshing it and trying once more');
      tokens = await this.validTokens(account, context.log, tokens.accessToken, context.signal);
      try {
        return await this.sendOnce(message, raw, tokens.accessToken, context);
      } catch (retryError) {
        if (retryError instanceof Unauthorized) {
          throw new ProviderError('auth', `Gmail refused a freshly refreshed token (${retryError.detail}); link the account again`, {
            code: 'gmail-unauthorized',
            providerCode: 401,
          });
        }
        throw retryError;
      }
    }
  }

  private async sendOnce(message: OutgoingMessage, raw: Buffer | null, accessToken: string, context: SendContext): Promise<SendResult> {
    // Know when the last byte of the request left: a failure after that may mean Gmail sent the
    // mail, so it becomes "uncertain" and is never re-sent blindly.
    let bodySent = false;
    let counted = 0;
    let sinceHeartbeat = 0;
    const adapter: Adapter = (options, defaultAdapter) => {
      const body: unknown = options.body;
      const source =
        body instanceof Readable ? body : typeof body === 'string' || body instanceof Uint8Array ? Readable.from([Buffer.from(body)]) : null;
      if (!source) return defaultAdapter(options);
      // Counting in a transform (not a 'data' listener, which would drain the stream itself).
      const tracked = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          counted += chunk.length;
          sinceHeartbeat += chunk.length;
          if (sinceHeartbeat >= HEARTBEAT_EVERY_BYTES) {
            sinceHeartbeat = 0;
            context.heartbeat();
          }
          callback(null, chunk);
        },
      });
      tracked.on('end', () => {
        bodySent = true;
      });
      source.on('error', (error) => tracked.destroy(error));
      source.pipe(tracked);
      // Node's fetch (undici) takes a Node stream as a body, as gaxios itself relies on; the DOM
      // BodyInit type does not say so. gaxios has already set `duplex: 'half'` for a body.
      return defaultAdapter({ ...options, body: tracked as unknown as BodyInit });
    };
    const options = {
      // The media (/upload) URL is built from the per-call rootUrl, not the client's.
      rootUrl: `${this.deps.endpoints.gmailApi}/`,
      headers: { authorization: `Bearer ${accessToken}` },
      retry: false,
      signal: context.signal,
      adapter,
    };
    try {
      const users = this.client().users.messages;
      const response = raw
        ? await users.send({ userId: 'me', requestBody: { raw: raw.toString('base64url') } }, options)
        : await users.send(
            { userId: 'me', requestBody: {}, media: { mimeType: 'message/rfc822', body: mimeStream(message, { keepBcc: true }) } },
            options,
          );
      const id = response.data.id ?? null;
      return { providerMessageId: id, response: `HTTP ${response.status}${id ? ` id ${id}` : ''}` };
    } catch (error) {
      context.log.debug({ emailId: message.emailId, bytesSent: counted, bodySent }, 'Gmail send failed');
      throw classifyGmailError(error, { bodySent, aborted: context.signal.aborted, now: this.deps.clock.now() });
    }
  }
}

/** "User-rate limit exceeded.  Retry after 2024-05-01T10:00:00.000Z (Mail sending)" → ms from now. */
function retryAfterFromMessage(message: string, now: number): number | null {
  const match = /retry after (\d{4}-\d{2}-\d{2}T[\d:.]+Z)/iu.exec(message);
  if (!match?.[1]) return null;
  const at = Date.parse(match[1]);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Maps a failed Gmail API call to what the processor should do about it. */
export function classifyGmailError(error: unknown, state: { bodySent: boolean; aborted: boolean; now: number }): Error {
  if (error instanceof ProviderError) return error;
  const failure = httpFailure(error);
  if (!failure) {
    const cause = describeNetworkError(error);
    // The HTTP client takes a small body before it has even connected, so "body consumed" alone
    // does not prove it left: a failure to connect at all means nothing reached Gmail.
    if (state.bodySent && !networkCodes(error).some((code) => CONNECT_FAILURES.has(code))) {
      return new ProviderError('uncertain', `the connection to Gmail ended after the whole message was sent, before Gmail answered (${cause})`, {
        code: 'gmail-no-confirmation',
        cause: error,
      });
    }
    return new ProviderError('transient', `${state.aborted ? 'the send was interrupted' : 'could not reach Gmail'} (${cause})`, {
      code: state.aborted ? 'gmail-aborted' : 'gmail-network',
      cause: error,
    });
  }
  const { status } = failure;
  const body = (typeof failure.data === 'object' && failure.data !== null ? failure.data : {}) as GoogleErrorBody;
  const reasons = (body.error?.errors ?? []).map((entry) => entry.reason ?? '');
  const detail = body.error?.message ?? (typeof failure.data === 'string' && failure.data ? failure.data : `HTTP ${status}`);
  const common = { providerCode: status, cause: error };

  if (status === 401) return new Unauthorized(detail);

  const rateReasons = ['rateLimitExceeded', 'userRateLimitExceeded', 'dailyLimitExceeded', 'quotaExceeded'];
  if (status === 429 || (status === 403 && reasons.some((reason) => rateReasons.includes(reason)))) {
    // Gmail's mail-sending limit answers 429 "User-rate limit exceeded ... (Mail sending)" with the
    // time to retry in the message; dailyLimitExceeded is the daily cap. Both last hours.
    const daily = reasons.includes('dailyLimitExceeded') || /mail sending|daily/iu.test(detail);
    const retryAfterMs =
      parseRetryAfter(failure.header('retry-after'), state.now) ??
      retryAfterFromMessage(detail, state.now) ??
      (daily ? DAILY_LIMIT_BACKOFF_MS : RATE_LIMIT_BACKOFF_MS);
    return new ProviderError('rate-limited', `Gmail asked to slow down: ${detail}`, {
      ...common,
      code: daily ? 'gmail-daily-limit' : 'gmail-rate-limited',
      retryAfterMs,
    });
  }
  if (status === 403 && (reasons.includes('insufficientPermissions') || /scope/iu.test(detail))) {
    return new ProviderError('auth', `Gmail says Facteur may not send for this account (${detail}); link it again`, {
      ...common,
      code: 'gmail-insufficient-scope',
    });
  }
  if (status === 400 && /invalid (to|cc|bcc|from) header|recipient address|invalid.*address/iu.test(detail)) {
    return new ProviderError('permanent', `Gmail refused a recipient: ${detail}`, { ...common, code: 'gmail-invalid-recipient' });
  }
  if (status === 413) {
    return new ProviderError('permanent', `Gmail refused the message as too large: ${detail}`, { ...common, code: 'message-too-large' });
  }
  const kind = kindForHttpStatus(status);
  return new ProviderError(kind === 'auth' ? 'permanent' : kind, `Gmail answered ${status}: ${detail}`, { ...common, code: `gmail-${status}` });
}

/** Errors raised before a connection existed: the request cannot have reached Gmail. */
const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function networkCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

function describeNetworkError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${current.message} [${code}]` : current.message);
    current = current.cause;
  }
  return parts.join(': ') || String(error);
}
