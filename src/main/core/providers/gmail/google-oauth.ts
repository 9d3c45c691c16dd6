// Google OAuth 2 for desktop sign-in: authorisation code + PKCE (S256) through a loopback redirect,
// the code exchange, refreshing access tokens, and the token record kept in the keychain.
import { randomBytes } from 'node:crypto';
import type { OAuth2Client } from 'google-auth-library';
import { z } from 'zod';
import type { Clock } from '../../clock';
import type { Endpoints, OAuthClients } from '../../config';
import { FacteurError } from '../../errors';
import type { ImportedTokens, LinkOptions } from '../email-provider';
import { sdk } from '../lazy-sdk';
import { ProviderError, parseRetryAfter } from '../provider-error';
import { startLoopbackRedirect } from '../oauth/loopback-redirect';

/**
 * The only scopes Facteur asks for: `gmail.send` lets it send and nothing else (it never reads
 * mail); `openid email` only let it confirm which address was linked.
 */
export const GOOGLE_SCOPES = ['https://www.googleapis.com/auth/gmail.send', 'openid', 'email'] as const;

/** What goes to the keychain for a Gmail account (JSON). Never logged. */
export const googleTokensSchema = z
  .object({
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1),
    /** ISO-8601 instant the access token stops working. */
    expiresAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type GoogleTokens = z.infer<typeof googleTokensSchema>;

export interface GoogleOAuthDeps {
  endpoints: Endpoints;
  oauth: OAuthClients;
  clock: Clock;
}

/** The identity the id_token vouches for. */
export interface GoogleIdentity {
  email: string;
  name: string | null;
  /** Google Workspace domain (`hd` claim); absent for consumer accounts. */
  hostedDomain: string | null;
}

interface TokenResponse {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  id_token?: string;
  scope?: string;
  token_type?: string;
}

interface TokenErrorBody {
  error?: string;
  error_description?: string;
}

function clientId(deps: GoogleOAuthDeps): string {
  const id = deps.oauth.google.clientId;
  if (!id) {
    throw new FacteurError(
      'invalid-input',
      'FACTEUR_GOOGLE_CLIENT_ID is not set: create a Google OAuth client ("Desktop app") and put its id in .env (see docs/gmail.md)',
      'FACTEUR_GOOGLE_CLIENT_ID',
    );
  }
  return id;
}

/** An OAuth2Client aimed at the configured (possibly fake) Google endpoints. */
export function createGoogleClient(deps: GoogleOAuthDeps, redirectUri?: string): OAuth2Client {
  return new sdk.googleAuth.OAuth2Client({
    clientId: clientId(deps),
    // Desktop-app clients get a "secret" that Google documents as not confidential; PKCE is what
    // protects the code. It is still sent because Google's token endpoint requires it for them.
    ...(deps.oauth.google.clientSecret ? { clientSecret: deps.oauth.google.clientSecret } : {}),
    ...(redirectUri ? { redirectUri } : {}),
    endpoints: {
      oauth2TokenUrl: deps.endpoints.googleToken,
      oauth2AuthBaseUrl: deps.endpoints.googleAuth,
    },
  });
}

/**
 * POSTs to the token endpoint through the client's own transporter. We do not use
 * `getToken`/`refreshAccessToken` because they stamp expiry with the wall clock (the engine's clock
 * is injected) and retry POSTs on their own (the processor owns retries).
 */
async function tokenRequest(client: OAuth2Client, form: Record<string, string>, signal?: AbortSignal): Promise<TokenResponse> {
  const response = await client.transporter.request<TokenResponse>({
    url: client.endpoints.oauth2TokenUrl.toString(),
    method: 'POST',
    data: new URLSearchParams(form),
    responseType: 'json',
    retry: false,
    ...(signal ? { signal } : {}),
  });
  return response.data;
}

/** The HTTP answer inside a gaxios error, if there was one (duck-typed: several gaxios copies exist). */
export function httpFailure(error: unknown): { status: number; data: unknown; header: (name: string) => string | null } | null {
  if (typeof error !== 'object' || error === null || !('response' in error)) return null;
  const response = (error as { response?: { status?: unknown; data?: unknown; headers?: unknown } }).response;
  if (!response || typeof response.status !== 'number') return null;
  // gaxios answers with node-fetch's or the global fetch's Headers, depending on the copy.
  const headers = response.headers as { get?: unknown } | undefined;
  const header = (name: string): string | null => {
    if (!headers || typeof headers.get !== 'function') return null;
    const value: unknown = (headers.get as (key: string) => unknown).call(headers, name);
    return typeof value === 'string' ? value : null;
  };
  return { status: response.status, data: response.data, header };
}

function tokenError(error: unknown): { status: number | null; body: TokenErrorBody; retryAfter: string | null } {
  const failure = httpFailure(error);
  if (!failure) return { status: null, body: {}, retryAfter: null };
  const body: TokenErrorBody = typeof failure.data === 'object' && failure.data !== null ? (failure.data as TokenErrorBody) : {};
  return { status: failure.status, body, retryAfter: failure.header('retry-after') };
}

function expiresAt(clock: Clock, expiresInSeconds: number | undefined): string {
  // Google documents 3599 s; assume an hour if a server leaves it out.
  return new Date(clock.now() + (expiresInSeconds ?? 3600) * 1000).toISOString();
}

/**
 * Exchanges a refresh token for a new access token. `invalid_grant` (revoked, expired, password
 * changed) means the user must link the account again: ProviderError kind `auth`.
 */
export async function refreshGoogleTokens(deps: GoogleOAuthDeps, tokens: GoogleTokens, signal?: AbortSignal): Promise<GoogleTokens> {
  const client = createGoogleClient(deps);
  const form: Record<string, string> = {
    grant_type: 'refresh_token',
    refresh_token: tokens.refreshToken,
    client_id: clientId(deps),
  };
  if (deps.oauth.google.clientSecret) form.client_secret = deps.oauth.google.clientSecret;
  let answer: TokenResponse;
  try {
    answer = await tokenRequest(client, form, signal);
  } catch (error) {
    const { status, body, retryAfter } = tokenError(error);
    const detail = body.error_description ?? body.error ?? (error as Error).message;
    if (body.error === 'invalid_grant') {
      throw new ProviderError('auth', `Google refused the saved sign-in (${detail}); link the account again`, {
        code: 'gmail-invalid-grant',
        providerCode: status,
        cause: error,
      });
    }
    if (body.error === 'invalid_client' || body.error === 'unauthorized_client') {
      throw new ProviderError('auth', `Google refused Facteur's OAuth client (${detail}); check FACTEUR_GOOGLE_CLIENT_ID/SECRET`, {
        code: 'gmail-invalid-client',
        providerCode: status,
        cause: error,
      });
    }
    if (status === 429) {
      throw new ProviderError('rate-limited', `Google's token endpoint asked to slow down (${detail})`, {
        code: 'gmail-token-rate-limited',
        providerCode: status,
        retryAfterMs: parseRetryAfter(retryAfter, deps.clock.now()) ?? 60_000,
        cause: error,
      });
    }
    // 5xx or no answer at all: nothing was sent yet, so trying again later is safe.
    throw new ProviderError('transient', `could not refresh the Google access token (${detail})`, {
      code: status === null ? 'gmail-token-network' : `gmail-token-${status}`,
      providerCode: status,
      cause: error,
    });
  }
  if (!answer.access_token) {
    throw new ProviderError('transient', 'Google answered the token refresh without an access token', { code: 'gmail-token-malformed' });
  }
  return {
    accessToken: answer.access_token,
    // Google normally keeps the same refresh token; store a new one when it sends one.
    refreshToken: answer.refresh_token ?? tokens.refreshToken,
    expiresAt: expiresAt(deps.clock, answer.expires_in),
  };
}

/**
 * Reads the claims of an id_token WITHOUT checking its signature. That is sound here only because
 * the token came straight from the token endpoint, over TLS (or loopback), in answer to our own
 * code exchange (OpenID Connect Core §3.1.3.7; Google's OpenID guide says the same). Never use this
 * on an id_token that reached us any other way.
 */
export function readIdTokenClaims(idToken: string): Record<string, unknown> {
  const payload = idToken.split('.')[1];
  if (!payload) throw new FacteurError('auth-required', 'Google returned a malformed id_token');
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims !== 'object' || claims === null) throw new Error('not an object');
    return claims as Record<string, unknown>;
  } catch (error) {
    throw new FacteurError('auth-required', 'Google returned an unreadable id_token', undefined, { cause: error });
  }
}

function identityFrom(answer: TokenResponse): GoogleIdentity {
  if (!answer.id_token) {
    throw new FacteurError('auth-required', 'Google did not say which address signed in (no id_token; was the "email" scope refused?)');
  }
  const claims = readIdTokenClaims(answer.id_token);
  const email = typeof claims.email === 'string' ? claims.email : null;
  if (!email) throw new FacteurError('auth-required', 'Google did not share the signed-in address (the "email" scope was refused)');
  if (claims.email_verified === false) {
    throw new FacteurError('auth-required', `Google has not verified the address ${email}; it cannot be linked`);
  }
  return {
    email,
    name: typeof claims.name === 'string' ? claims.name : null,
    hostedDomain: typeof claims.hd === 'string' ? claims.hd : null,
  };
}

export interface GoogleLinkResult {
  identity: GoogleIdentity;
  tokens: GoogleTokens;
}

/**
 * Interactive sign-in: opens Google's consent page, waits on the loopback redirect, exchanges the
 * code with the PKCE verifier and refuses a sign-in with another address than `options.email`.
 */
export async function linkGoogleAccount(deps: GoogleOAuthDeps, options: LinkOptions): Promise<GoogleLinkResult> {
  clientId(deps);
  const state = randomBytes(24).toString('base64url');
  const loopback = await startLoopbackRedirect(options.signal ? { state, signal: options.signal } : { state });
  try {
    const client = createGoogleClient(deps, loopback.redirectUri);
    const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
    if (!codeChallenge) throw new FacteurError('internal', 'could not derive the PKCE code challenge');
    const url = client.generateAuthUrl({
      scope: [...GOOGLE_SCOPES],
      // offline + consent: Google only returns a refresh token with both (a re-link included).
      access_type: 'offline',
      prompt: 'consent',
      state,
      code_challenge: codeChallenge,
      code_challenge_method: sdk.googleAuth.CodeChallengeMethod.S256,
      login_hint: options.email,
    });
    // Listen before opening the browser so a fast answer is never missed.
    const code = loopback.waitForCode();
    await options.openUrl(url);
    const authorisationCode = await code;

    const form: Record<string, string> = {
      grant_type: 'authorization_code',
      code: authorisationCode,
      code_verifier: codeVerifier,
      redirect_uri: loopback.redirectUri,
      client_id: clientId(deps),
    };
    if (deps.oauth.google.clientSecret) form.client_secret = deps.oauth.google.clientSecret;
    let answer: TokenResponse;
    try {
      answer = await tokenRequest(client, form, options.signal);
    } catch (error) {
      const { body } = tokenError(error);
      const detail = body.error_description ?? body.error ?? (error as Error).message;
      throw new FacteurError('auth-required', `Google refused the sign-in: ${detail}`, undefined, { cause: error });
    }
    const identity = identityFrom(answer);
    if (identity.email.toLowerCase() !== options.email.toLowerCase()) {
      throw new FacteurError(
        'auth-required',
        `you signed in as ${identity.email}, but this account is ${options.email}; sign in with ${options.email}`,
      );
    }
    if (!answer.access_token || !answer.refresh_token) {
      throw new FacteurError('auth-required', 'Google did not return a refresh token; remove Facteur from your Google account permissions and try again');
    }
    const granted = (answer.scope ?? '').split(' ');
    if (answer.scope !== undefined && !granted.includes(GOOGLE_SCOPES[0])) {
      throw new FacteurError('auth-required', 'permission to send mail was not granted; tick "Send email on your behalf" when signing in');
    }
    return {
      identity,
      tokens: { accessToken: answer.access_token, refreshToken: answer.refresh_token, expiresAt: expiresAt(deps.clock, answer.expires_in) },
    };
  } finally {
    loopback.close();
  }
}

/** Checks tokens obtained elsewhere (`accounts add --tokens-stdin`) and normalises them. */
export function validateImportedTokens(tokens: ImportedTokens): GoogleTokens {
  const parsed = googleTokensSchema.safeParse(tokens);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue ? issue.path.map(String).join('.') : 'tokens';
    throw new FacteurError('invalid-input', `tokens.${field}: ${issue?.message ?? 'invalid'}`, `tokens.${field}`);
  }
  return { ...parsed.data, expiresAt: new Date(parsed.data.expiresAt).toISOString() };
}

/** Parses the keychain entry; a damaged one means the account must be linked again. */
export function parseStoredTokens(secret: string | null): GoogleTokens {
  if (secret === null) {
    throw new ProviderError('auth', 'no Google tokens in the keychain for this account; link it again', { code: 'gmail-no-tokens' });
  }
  try {
    return googleTokensSchema.parse(JSON.parse(secret));
  } catch (error) {
    throw new ProviderError('auth', 'the Google tokens in the keychain are unreadable; link the account again', {
      code: 'gmail-bad-tokens',
      cause: error,
    });
  }
}
