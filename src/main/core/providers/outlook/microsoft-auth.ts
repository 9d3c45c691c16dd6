// Microsoft sign-in and tokens through @azure/msal-node: interactive authorisation code + PKCE
// with our loopback redirect, import of tokens obtained elsewhere, and silent access tokens for
// sending. Each account's MSAL cache lives in the keychain (msal-keychain-cache).
import type {
  PublicClientApplication,
  AccountInfo,
  AuthenticationResult,
  Configuration,
  INetworkModule,
  NetworkRequestOptions,
  NetworkResponse,
} from '@azure/msal-node';
import { sdk } from '../lazy-sdk';
import { FacteurError } from '../../errors';
import type { ImportedTokens, LinkedCredentials, LinkOptions, ProviderAccount } from '../email-provider';
import { HttpRequestError, type HttpTransport } from './graph-http';
import { ProviderError } from '../provider-error';
import type { SecretStore } from '../../secrets/secret-store';
import { startLoopbackRedirect } from '../oauth/loopback-redirect';
import { keychainCachePlugin } from './msal-keychain-cache';

/**
 * Delegated scopes, the minimum for what the provider does, asked for when the account is linked:
 * - Mail.Send: `POST /me/sendMail` and `POST /me/messages/{id}/send`.
 * - Mail.ReadBasic: the Sent Items check after an interrupted send (`verifySent`: list messages
 *   filtered by internetMessageId; Graph's least-privileged permission for listing messages — no
 *   bodies, no attachments).
 * - offline_access: a refresh token, so the queue can send while the user is away.
 * - openid, email: the signed-in address, checked against the account being linked.
 * (MSAL adds `profile` itself.)
 */
export const OUTLOOK_SCOPES = ['Mail.Send', 'Mail.ReadBasic', 'offline_access', 'openid', 'email'];
/**
 * Mail.ReadWrite (read and change the whole mailbox) is only needed for mail over sendMail's 4 MB
 * request limit: it is built as a draft, with attachments of 3 MB or more through
 * `createUploadSession`, which Graph documents as requiring Mail.ReadWrite. It is asked for
 * incrementally — at linking only when the user allows large attachments, and as a token only for
 * such a message.
 */
export const LARGE_MAIL_SCOPES = ['Mail.ReadWrite'];
/** What the consent step tells the user before the browser opens (the CLI prints it). */
export function outlookConsentNote(largeAttachments: boolean): string {
  const base =
    'Microsoft will ask you to let Facteur send mail as you (Mail.Send) and read the headers of your messages (Mail.ReadBasic), ' +
    'used only to look in Sent Items for a message whose send was interrupted, so it is never sent twice.';
  return largeAttachments
    ? `${base} You asked for large attachments: it will also ask to read and change your mailbox (Mail.ReadWrite), because Outlook builds mail over 4 MB as a draft with upload sessions.`
    : `${base} Mail over 4 MB needs more (Mail.ReadWrite, to build it as a draft); link again with --large-attachments when you need that.`;
}

/** What access tokens are requested for (MSAL keys cached tokens by resource scopes). */
const RESOURCE_SCOPES = ['Mail.Send', 'Mail.ReadBasic'];
const DRAFT_SCOPES = ['Mail.Send', 'Mail.ReadWrite'];

export interface MicrosoftAuthOptions {
  clientId: string | null;
  authority: string;
  secrets: SecretStore;
  http: HttpTransport;
}

export interface AccessToken {
  token: string;
  expiresOn: number;
}

/** MSAL's network calls go through our transport (same CA trust, same logging-free client). */
export function msalNetworkClient(http: HttpTransport): INetworkModule {
  const send = async <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    try {
      const response = await http.request({
        method,
        url,
        headers: options?.headers ?? {},
        ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
        timeoutMs: 30_000,
      });
      const text = response.body.toString('utf8');
      return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
    } catch (error) {
      // MSAL recognises network failures by this error code.
      throw new sdk.msal.AuthError('network_error', `Network request failed: ${(error as Error).message}`);
    }
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

const MICROSOFT_HOSTS = /(^|\.)(microsoftonline\.(com|us|de)|chinacloudapi\.cn|partner\.microsoftonline\.cn|login\.microsoft\.com)$/iu;

/**
 * MSAL options for an authority. For Microsoft's own hosts MSAL has built-in metadata. For any
 * other host (a local fake, a proxy) we hand MSAL the OpenID configuration and the cloud
 * discovery answer ourselves, so it never asks login.microsoftonline.com about the authority.
 */
export function msalAuthOptions(clientId: string, authority: string): Configuration['auth'] {
  const url = new URL(authority);
  if (MICROSOFT_HOSTS.test(url.hostname)) return { clientId, authority };
  const base = authority.replace(/\/+$/u, '');
  const host = url.host;
  return {
    clientId,
    authority: base,
    knownAuthorities: [host],
    authorityMetadata: JSON.stringify({
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      issuer: `${base}/v2.0`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
    }),
    cloudDiscoveryMetadata: JSON.stringify({
      tenant_discovery_endpoint: `${base}/v2.0/.well-known/openid-configuration`,
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    }),
  };
}

const REAUTH_CODES = new Set([
  'invalid_grant',
  'interaction_required',
  'consent_required',
  'login_required',
  'bad_token',
  'no_tokens_found',
  'refresh_token_expired',
  'no_account_in_silent_request',
  'no_account_found',
]);

/** What an MSAL failure means for sending: re-link (auth) or try again later (transient). */
export function classifyMsalError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof sdk.msal.InteractionRequiredAuthError || (error instanceof sdk.msal.AuthError && REAUTH_CODES.has(error.errorCode))) {
    return new ProviderError('auth', `Microsoft sign-in must be renewed: ${error.errorMessage || error.errorCode}`, {
      code: 'outlook-reauth',
      providerCode: error.errorCode,
      cause: error,
    });
  }
  const message = error instanceof sdk.msal.AuthError ? `${error.errorCode}: ${error.errorMessage}` : (error as Error).message;
  return new ProviderError('transient', `could not get a Microsoft access token (${message})`, { code: 'outlook-token', cause: error });
}

const sameAddress = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Every address the identity platform vouched for (username is preferred_username / upn). */
function accountAddresses(account: AccountInfo): string[] {
  const claims = account.idTokenClaims ?? {};
  const email = typeof claims['email'] === 'string' ? claims['email'] : null;
  return [account.username, email].filter((value): value is string => Boolean(value));
}

export class MicrosoftAuth {
  private readonly clients = new Map<string, PublicClientApplication>();
  private readonly tokens = new Map<string, AccessToken>();

  constructor(private readonly options: MicrosoftAuthOptions) {}

  private clientId(): string {
    if (!this.options.clientId) {
      throw new FacteurError(
        'invalid-input',
        'FACTEUR_MS_CLIENT_ID is not set — register an app in Microsoft Entra (see docs/outlook.md) and put its client id in .env',
        'FACTEUR_MS_CLIENT_ID',
      );
    }
    return this.options.clientId;
  }

  private createClient(secretRef: string | null): PublicClientApplication {
    return new sdk.msal.PublicClientApplication({
      auth: msalAuthOptions(this.clientId(), this.options.authority),
      ...(secretRef ? { cache: { cachePlugin: keychainCachePlugin(this.options.secrets, secretRef) } } : {}),
      system: { networkClient: msalNetworkClient(this.options.http) },
    });
  }

  /** Checks the signed-in account is the expected one and packs the MSAL cache as the secret. */
  private credentials(client: PublicClientApplication, result: AuthenticationResult | null, email: string): LinkedCredentials {
    const account = result?.account;
    if (!account) throw new FacteurError('auth-required', 'Microsoft sign-in returned no account');
    const addresses = accountAddresses(account);
    if (!addresses.some((address) => sameAddress(address, email))) {
      throw new FacteurError(
        'auth-required',
        `signed in as ${addresses[0] ?? 'an unknown account'}, but this account is ${email}: sign in with ${email}`,
      );
    }
    return { email: addresses.find((a) => sameAddress(a, email)) ?? email, displayName: account.name ?? null, secret: client.getTokenCache().serialize() };
  }

  /** Interactive sign-in: browser → authorisation code with PKCE → loopback redirect → tokens. */
  async link(options: LinkOptions): Promise<LinkedCredentials> {
    const client = this.createClient(null);
    const crypto = new sdk.msal.CryptoProvider();
    const pkce = await crypto.generatePkceCodes();
    const state = crypto.createNewGuid();
    const redirect = await startLoopbackRedirect({ state, ...(options.signal ? { signal: options.signal } : {}) });
    try {
      const scopes = options.largeAttachments ? [...OUTLOOK_SCOPES, ...LARGE_MAIL_SCOPES] : OUTLOOK_SCOPES;
      const url = await client.getAuthCodeUrl({
        scopes,
        redirectUri: redirect.redirectUri,
        codeChallenge: pkce.challenge,
        codeChallengeMethod: 'S256',
        state,
        loginHint: options.email,
        prompt: 'select_account',
      });
      await options.openUrl(url);
      const code = await redirect.waitForCode();
      const result = await client.acquireTokenByCode({ code, scopes, redirectUri: redirect.redirectUri, codeVerifier: pkce.verifier });
      return this.credentials(client, result, options.email);
    } catch (error) {
      if (error instanceof FacteurError) throw error;
      throw new FacteurError('auth-required', `Microsoft sign-in failed: ${describe(error)}`, undefined, { cause: error });
    } finally {
      redirect.close();
    }
  }

  /**
   * Imports tokens obtained elsewhere. MSAL cannot adopt a bare access token (it needs the
   * account and scopes the token endpoint reports), so the refresh token is redeemed once
   * (`acquireTokenByRefreshToken`, `forceCache` so the result seeds an empty cache) and the given
   * access token is not used.
   */
  async importTokens(tokens: ImportedTokens, email: string): Promise<LinkedCredentials> {
    const client = this.createClient(null);
    try {
      const result = await client.acquireTokenByRefreshToken({ refreshToken: tokens.refreshToken, scopes: OUTLOOK_SCOPES, forceCache: true });
      return this.credentials(client, result, email);
    } catch (error) {
      if (error instanceof FacteurError) throw error;
      throw new FacteurError('auth-required', `the Microsoft refresh token was refused: ${describe(error)}`, undefined, { cause: error });
    }
  }

  private clientFor(account: ProviderAccount): PublicClientApplication {
    const key = `${account.id}:${account.secretRef}`;
    let client = this.clients.get(key);
    if (!client) {
      client = this.createClient(account.secretRef);
      this.clients.set(key, client);
    }
    return client;
  }

  /**
   * An access token for the account: from memory while it has more than 5 minutes left, else
   * through MSAL (which refreshes it and writes the new cache to the keychain). `forceRefresh`
   * after Graph answered 401.
   */
  async accessToken(account: ProviderAccount, now: number, options: { forceRefresh?: boolean; drafts?: boolean } = {}): Promise<AccessToken> {
    const key = `${account.id}:${account.secretRef}${options.drafts ? ':drafts' : ''}`;
    const held = this.tokens.get(key);
    if (!options.forceRefresh && held && held.expiresOn - now > 5 * 60_000) return held;
    const client = this.clientFor(account);
    try {
      const accounts = await client.getAllAccounts();
      const match = accounts.find((candidate) => accountAddresses(candidate).some((a) => sameAddress(a, account.email))) ?? (accounts.length === 1 ? accounts[0] : undefined);
      if (!match) {
        throw new ProviderError('auth', `no Microsoft sign-in is stored for ${account.email}; link the account again`, { code: 'outlook-reauth' });
      }
      const result = await client.acquireTokenSilent({ account: match, scopes: options.drafts ? DRAFT_SCOPES : RESOURCE_SCOPES, forceRefresh: options.forceRefresh ?? false });
      const token = { token: result.accessToken, expiresOn: result.expiresOn?.getTime() ?? now + 60 * 60_000 };
      this.tokens.set(key, token);
      return token;
    } catch (error) {
      this.tokens.delete(key);
      if (options.drafts && error instanceof sdk.msal.InteractionRequiredAuthError && /consent|65001/iu.test(`${error.subError} ${error.errorMessage}`)) {
        // Only this message needs the wider permission: it fails alone (retry it after linking
        // again), the account's other mail keeps going.
        throw new ProviderError(
          'permanent',
          `this message is over 4 MB, so Outlook needs it built as a draft, which needs permission to read and change the mailbox (Mail.ReadWrite); Facteur asks for that only when it is needed — link the account again allowing large attachments, then retry`,
          { code: 'outlook-consent-required', providerCode: error.errorCode, cause: error },
        );
      }
      throw classifyMsalError(error);
    }
  }

  /** Forgets tokens and clients held in memory (end of a batch, or after a relink). */
  reset(): void {
    this.clients.clear();
    this.tokens.clear();
  }
}

function describe(error: unknown): string {
  if (error instanceof sdk.msal.AuthError) return error.errorMessage || error.errorCode;
  if (error instanceof HttpRequestError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
