// Outlook / Microsoft 365 over Microsoft Graph: `sendMail` when the request fits Graph's 4 MB
// limit, else draft + attachments (upload sessions above 3 MB) + send. Tokens via MicrosoftAuth.
//
// Format choice: the JSON message resource, not base64 MIME. Both paths (sendMail and the draft
// that large attachments need) then describe the message the same way; Bcc is an explicit
// field instead of a header we would have to keep in the MIME and trust Graph to strip; and
// the deterministic Message-ID goes in `internetMessageId`, which Graph accepts on create and
// which `verifySent` searches for. The cost: Graph bodies are one content type, so when a
// message has both, the HTML is sent and Exchange derives the plain-text alternative.
import fs from 'node:fs/promises';
import type { AccountLimits } from '../../../../shared/domain';
import type { Recipient } from '../../../../shared/message-schema';
import { MicrosoftAuth, outlookConsentNote } from './microsoft-auth';
import { outlookDescriptor } from '../../../../shared/providers/outlook';
import type { Logger } from '../../logger';
import { BaseEmailProvider } from '../base-email-provider';
import type {
  DeliveryCheck,
  ImportedTokens,
  LinkedCredentials,
  LinkOptions,
  OutgoingMessage,
  ProviderAccount,
  ProviderDeps,
  SendContext,
  SendResult,
} from '../email-provider';
import { createHttpTransport, HttpRequestError, jsonBody, type HttpRequest, type HttpResponse, type HttpTransport } from './graph-http';
import { attachFile, type GraphCall } from './graph-upload';
import { kindForHttpStatus, parseRetryAfter, ProviderError } from '../provider-error';

/** Exchange Online's documented limits (the descriptor says which and why). */
export const OUTLOOK_DEFAULT_LIMITS: AccountLimits = outlookDescriptor.defaultLimits();

/** Graph refuses requests over 4 MB; keep a margin for headers and JSON escaping slack. */
export const SEND_MAIL_MAX_REQUEST_BYTES = 4 * 1024 * 1024 - 256 * 1024;

export interface OutlookProviderOptions {
  /** The HTTP client (e.g. with an agent trusting a private CA). Default: node:https, global agent. */
  http?: HttpTransport;
}

const recipients = (list: Recipient[]) => list.map((r) => ({ emailAddress: r.name ? { address: r.address, name: r.name } : { address: r.address } }));
const base64Length = (bytes: number): number => 4 * Math.ceil(bytes / 3);

/** The Graph message resource for `message`, without attachments. */
export function graphMessage(message: OutgoingMessage): Record<string, unknown> {
  return {
    subject: message.subject,
    body: message.html !== null ? { contentType: 'HTML', content: message.html } : { contentType: 'Text', content: message.text ?? '' },
    toRecipients: recipients(message.to),
    ccRecipients: recipients(message.cc),
    bccRecipients: recipients(message.bcc),
    replyTo: message.replyTo ? recipients([message.replyTo]) : [],
    internetMessageId: message.messageId,
  };
}

interface GraphErrorBody {
  error?: { code?: string; message?: string };
}

/** What a non-2xx Graph answer means for the processor. */
export function classifyGraphResponse(response: HttpResponse, now: number): ProviderError {
  const error = (jsonBody(response) as GraphErrorBody | null)?.error;
  const graphCode = error?.code ?? `HTTP ${response.status}`;
  const detail = `${graphCode}${error?.message ? `: ${error.message}` : ''}`;
  const retryAfterMs = parseRetryAfter(response.headers['retry-after'], now);
  const options = { providerCode: response.status, retryAfterMs };
  if (response.status === 429) {
    return new ProviderError('rate-limited', `Microsoft Graph is throttling this mailbox (${detail})`, { ...options, code: 'outlook-throttled' });
  }
  if (response.status === 401) {
    return new ProviderError('auth', `Microsoft Graph refused the access token (${detail})`, { ...options, code: 'outlook-reauth' });
  }
  // Exchange's daily sending quota: waiting helps, failing would not.
  if (/SubmissionQuotaExceeded|ExceededMessageLimit|QuotaExceeded/iu.test(graphCode)) {
    return new ProviderError('rate-limited', `the mailbox reached its sending limit (${detail})`, {
      ...options,
      retryAfterMs: retryAfterMs ?? 60 * 60_000,
      code: 'outlook-quota',
    });
  }
  const kind = kindForHttpStatus(response.status);
  return new ProviderError(kind, `Microsoft Graph answered ${response.status} (${detail})`, { ...options, code: `outlook-${response.status}` });
}

export class OutlookProvider extends BaseEmailProvider {
  readonly kind = 'outlook' as const;
  private readonly http: HttpTransport;
  private authentication: MicrosoftAuth | null = null;

  constructor(deps: ProviderDeps, options: OutlookProviderOptions = {}) {
    super(deps);
    this.http = options.http ?? createHttpTransport();
  }

  defaultLimits(): AccountLimits {
    return OUTLOOK_DEFAULT_LIMITS;
  }

  private get auth(): MicrosoftAuth {
    this.authentication ??= new MicrosoftAuth({
      clientId: this.deps.oauth.microsoft.clientId,
      authority: this.deps.endpoints.msAuthority,
      secrets: this.deps.secrets,
      http: this.http,
    });
    return this.authentication;
  }

  linkNote(options: Pick<LinkOptions, 'largeAttachments'>): string {
    return outlookConsentNote(options.largeAttachments === true);
  }

  link(options: LinkOptions): Promise<LinkedCredentials> {
    return this.auth.link(options);
  }

  importTokens(tokens: ImportedTokens, email: string): Promise<LinkedCredentials> {
    return this.auth.importTokens(tokens, email);
  }

  /** Refreshes the token before the batch, so a revoked sign-in holds mail before any send. */
  async prepare(account: ProviderAccount): Promise<void> {
    await this.auth.accessToken(account, this.deps.clock.now());
  }

  close(): Promise<void> {
    this.authentication?.reset();
    return Promise.resolve();
  }

  /**
   * A Graph request with the account's token; on 401 the token is refreshed once and the request
   * repeated (nothing was accepted on a 401). Network failures: before the whole body was sent,
   * transient; after, `uncertain` when `accepting` (sendMail / send), else transient.
   */
  private caller(account: ProviderAccount, accepting: boolean, drafts = false): GraphCall {
    return async ({ authenticated = true, ...request }) => {
      const attempt = async (forceRefresh: boolean): Promise<HttpResponse> => {
        const headers = { ...request.headers };
        if (authenticated) {
          const { token } = await this.auth.accessToken(account, this.deps.clock.now(), { forceRefresh, drafts });
          headers['authorization'] = `Bearer ${token}`;
        }
        try {
          return await this.http.request({ ...request, headers });
        } catch (error) {
          throw networkError(error, accepting);
        }
      };
      let response = await attempt(false);
      if (response.status === 401 && authenticated) response = await attempt(true);
      if (response.status < 200 || response.status >= 300) throw classifyGraphResponse(response, this.deps.clock.now());
      return response;
    };
  }

  protected async deliver(message: OutgoingMessage, account: ProviderAccount, context: SendContext): Promise<SendResult> {
    const graph = this.deps.endpoints.graphApi;
    const resource = graphMessage(message);
    const plainSize = Buffer.byteLength(JSON.stringify({ message: resource, saveToSentItems: true }));
    const requestSize = message.attachments.reduce((sum, a) => sum + base64Length(a.size) + Buffer.byteLength(a.filename) + 200, plainSize);
    if (requestSize <= SEND_MAIL_MAX_REQUEST_BYTES) {
      const attachments = [];
      for (const attachment of message.attachments) {
        attachments.push({
          '@odata.type': '#microsoft.graph.fileAttachment',
          name: attachment.filename,
          contentType: attachment.contentType,
          contentBytes: (await fs.readFile(attachment.path)).toString('base64'),
        });
      }
      const response = await this.caller(account, true)({
        method: 'POST',
        url: `${graph}/me/sendMail`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: { ...resource, attachments }, saveToSentItems: true }),
        signal: context.signal,
      });
      return { providerMessageId: null, response: `${response.status} Accepted (sendMail)` };
    }
    return this.deliverAsDraft(message, account, context, resource);
  }

  /** Large mail: draft, attachments one by one, then send the draft. */
  private async deliverAsDraft(
    message: OutgoingMessage,
    account: ProviderAccount,
    context: SendContext,
    resource: Record<string, unknown>,
  ): Promise<SendResult> {
    const graph = this.deps.endpoints.graphApi;
    // Drafts need Mail.ReadWrite, asked for only now (see LARGE_MAIL_SCOPES).
    const prepareCall = this.caller(account, false, true);
    const created = await prepareCall({
      method: 'POST',
      url: `${graph}/me/messages`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(resource),
      signal: context.signal,
    });
    const draftId = (jsonBody(created) as { id?: unknown } | null)?.id;
    if (typeof draftId !== 'string') throw new ProviderError('transient', 'Graph created a draft without an id', { code: 'outlook-draft' });
    context.log.debug({ draftId, attachments: message.attachments.length }, 'outlook draft created');
    try {
      for (const attachment of message.attachments) {
        await attachFile(attachment, { graphBase: graph, messageId: draftId, call: prepareCall, heartbeat: context.heartbeat, signal: context.signal });
        context.heartbeat();
      }
    } catch (error) {
      // Nothing was sent: remove the half-built draft so retries do not litter Drafts.
      await prepareCall({ method: 'DELETE', url: `${graph}/me/messages/${encodeURIComponent(draftId)}` }).catch(() => undefined);
      throw error;
    }
    const sent = await this.caller(account, true, true)({
      method: 'POST',
      url: `${graph}/me/messages/${encodeURIComponent(draftId)}/send`,
      signal: context.signal,
    });
    return { providerMessageId: draftId, response: `${sent.status} Accepted (draft send)` };
  }

  /**
   * Looks for the Message-ID in Sent Items, then in the Outbox (submitted, not yet sent). Found
   * in Sent Items: sent. In the Outbox: unknown (it is still going out; never send it again).
   * In neither: not sent. Any failure to ask: unknown.
   */
  async verifySent(message: OutgoingMessage, account: ProviderAccount, log: Logger): Promise<DeliveryCheck> {
    const filter = encodeURIComponent(`internetMessageId eq '${message.messageId.replace(/'/gu, "''")}'`);
    const search = async (folder: string): Promise<boolean> => {
      const response = await this.caller(account, false)({
        method: 'GET',
        url: `${this.deps.endpoints.graphApi}/me/mailFolders/${folder}/messages?$filter=${filter}&$select=id,internetMessageId&$top=1`,
      });
      const value = (jsonBody(response) as { value?: unknown } | null)?.value;
      return Array.isArray(value) && value.length > 0;
    };
    try {
      if (await search('sentitems')) return 'sent';
      if (await search('outbox')) return 'unknown';
      return 'not-sent';
    } catch (error) {
      log.warn({ err: (error as Error).message }, 'outlook verifySent could not ask Graph');
      return 'unknown';
    }
  }
}

function networkError(error: unknown, accepting: boolean): ProviderError {
  if (error instanceof ProviderError) return error;
  const sent = error instanceof HttpRequestError && error.bodySent;
  const message = (error as Error).message;
  if (sent && accepting) {
    return new ProviderError('uncertain', `the connection to Microsoft Graph was lost after the message was sent, before Graph confirmed it (${message})`, {
      code: 'outlook-no-confirmation',
      cause: error,
    });
  }
  return new ProviderError('transient', `could not reach Microsoft Graph (${message})`, { code: 'outlook-network', cause: error });
}

export type { HttpRequest };
