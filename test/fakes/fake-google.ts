// A local stand-in for Google's OAuth and Gmail API servers, faithful to their documented
// behaviour (token endpoint errors, Google's JSON error bodies, upload endpoints, sending limits),
// so the Gmail provider and the CLI can be tested end to end without touching Google.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGoogleOptions {
  clientId?: string;
  clientSecret?: string | null;
  /** The address that "signs in" at the authorisation endpoint. */
  userEmail?: string;
  /** Set for a Google Workspace account (the id_token's `hd` claim). */
  hostedDomain?: string | null;
  /** Access-token lifetime in seconds (Google: 3599). */
  accessTokenLifetime?: number;
  /** Largest accepted message (Gmail: 35 MB). */
  maxMessageBytes?: number;
  /** The fake's own clock (it is a server: real time by default). */
  now?: () => number;
}

export interface QuotaOptions {
  /** Messages per rolling 24 h; null = unlimited. */
  perDay?: number | null;
  /** Messages per rolling minute; null = unlimited. */
  perMinute?: number | null;
  /**
   * How the daily cap answers: Google's usageLimits 403 `dailyLimitExceeded`, or the mail-sending
   * limit's 429 "User-rate limit exceeded. Retry after … (Mail sending)".
   */
  dailyStyle?: 'daily-limit-403' | 'mail-sending-429';
}

export interface AcceptedMessage {
  id: string;
  /** The decoded message bytes exactly as the client sent them. */
  raw: Buffer;
  via: 'json' | 'multipart' | 'media';
  accessToken: string;
}

export type Failure = number | 'drop-before-body' | 'drop-after-body';

interface Grant {
  refreshToken: string;
  email: string;
  scope: string;
  revoked: boolean;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
  email: string;
  used: boolean;
}

const REQUIRED_SCOPE = 'https://www.googleapis.com/auth/gmail.send';

/** Google's JSON error body (developers.google.com/gmail/api/guides/handle-errors). */
function googleError(code: number, message: string, reason: string, domain = 'global', status?: string): string {
  return JSON.stringify({ error: { code, message, errors: [{ message, domain, reason }], ...(status ? { status } : {}) } });
}

function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

function isLoopbackRedirect(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  } catch {
    return false;
  }
}

/** Minimal header reader for the accepted message (unfolds continuation lines). */
function headerValue(raw: Buffer, name: string): string | null {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end < 0 ? raw.length : end).toString('utf8').replace(/\r\n[ \t]+/gu, ' ');
  const match = new RegExp(`^${name}:[ \\t]*(.*)$`, 'imu').exec(head);
  return match?.[1] ?? null;
}

function addressesIn(value: string): string[] {
  const found: string[] = [];
  for (const piece of value.split(',')) {
    const angle = /<([^>]*)>/u.exec(piece);
    const address = (angle?.[1] ?? piece).trim();
    if (address) found.push(address);
  }
  return found;
}

const VALID_ADDRESS = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/u;

export class FakeGoogle {
  readonly clientId: string;
  readonly clientSecret: string | null;
  userEmail: string;
  hostedDomain: string | null;
  accessTokenLifetime: number;
  maxMessageBytes: number;
  private readonly now: () => number;
  private server: http.Server | null = null;
  url = '';

  /** Every message Gmail accepted, in order. */
  readonly accepted: AcceptedMessage[] = [];
  /** Status codes sent by the Gmail send endpoints. */
  readonly sendStatuses = new Map<number, number>();
  /** Status codes sent by the token endpoint, by grant type. */
  readonly tokenStatuses = new Map<string, number>();
  /** Every request the fake answered: `METHOD path status`. */
  readonly log: string[] = [];
  /**
   * An echoing server (a debugging proxy, a misconfigured gateway): token requests are answered
   * 400 invalid_request quoting the whole form (refresh token, client secret) and the headers;
   * with `echoSends`, a send is answered 400 quoting its Authorization header. Both pad the
   * quote to a few KB, as a stack trace would.
   */
  echoTokenRequests = false;
  echoSends = false;
  /** Called after each accepted message (tests use it to act mid-batch). */
  onAccepted: ((count: number) => void) | null = null;

  private readonly grants = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, { grant: Grant; expiresAt: number }>();
  private readonly codes = new Map<string, PendingCode>();
  private readonly sentAt: number[] = [];
  private quota: Required<QuotaOptions> = { perDay: null, perMinute: null, dailyStyle: 'daily-limit-403' };
  private failures: Array<{ failure: Failure; retryAfter: string | null; reason: string | null; message: string | null }> = [];

  constructor(options: FakeGoogleOptions = {}) {
    this.clientId = options.clientId ?? 'fake-client-id.apps.googleusercontent.com';
    this.clientSecret = options.clientSecret === undefined ? 'fake-desktop-secret' : options.clientSecret;
    this.userEmail = options.userEmail ?? 'ana@example.com';
    this.hostedDomain = options.hostedDomain ?? null;
    this.accessTokenLifetime = options.accessTokenLifetime ?? 3599;
    this.maxMessageBytes = options.maxMessageBytes ?? 35 * 1024 * 1024;
    this.now = options.now ?? (() => Date.now());
  }

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
        response.end(googleError(500, `fake failure: ${String(error)}`, 'backendError'));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** FACTEUR_* variables pointing the app at this fake. */
  env(): Record<string, string> {
    return {
      FACTEUR_GMAIL_API_URL: this.url,
      FACTEUR_GOOGLE_TOKEN_URL: `${this.url}/token`,
      FACTEUR_GOOGLE_AUTH_URL: `${this.url}/o/oauth2/v2/auth`,
      FACTEUR_GOOGLE_CLIENT_ID: this.clientId,
      ...(this.clientSecret ? { FACTEUR_GOOGLE_CLIENT_SECRET: this.clientSecret } : {}),
    };
  }

  endpoints(): { gmailApi: string; googleToken: string; googleAuth: string } {
    return { gmailApi: this.url, googleToken: `${this.url}/token`, googleAuth: `${this.url}/o/oauth2/v2/auth` };
  }

  /** Mints tokens as if the user had consented elsewhere (for `--tokens-stdin`). */
  issueTokens(email = this.userEmail): { accessToken: string; refreshToken: string; expiresAt: string } {
    const grant: Grant = { refreshToken: `1//fake-refresh-${randomBytes(12).toString('hex')}`, email, scope: `${REQUIRED_SCOPE} openid email`, revoked: false };
    this.grants.set(grant.refreshToken, grant);
    const access = this.mintAccess(grant);
    return { accessToken: access.token, refreshToken: grant.refreshToken, expiresAt: new Date(access.expiresAt).toISOString() };
  }

  issuedRefreshTokens(): string[] {
    return [...this.grants.keys()];
  }

  revoke(refreshToken: string): void {
    const grant = this.grants.get(refreshToken);
    if (!grant) throw new Error('unknown refresh token');
    grant.revoked = true;
    for (const [token, entry] of this.accessTokens) if (entry.grant === grant) this.accessTokens.delete(token);
  }

  expireAllAccessTokens(): void {
    for (const entry of this.accessTokens.values()) entry.expiresAt = this.now() - 1;
  }

  setQuota(quota: QuotaOptions): void {
    this.quota = { ...this.quota, ...quota };
  }

  /** The next `n` Gmail send requests fail this way (status with Google's error body, or a dropped connection). */
  failNext(failure: Failure, n = 1, options: { retryAfter?: string; reason?: string; message?: string } = {}): void {
    for (let i = 0; i < n; i += 1) {
      this.failures.push({ failure, retryAfter: options.retryAfter ?? null, reason: options.reason ?? null, message: options.message ?? null });
    }
  }

  sendCount(status: number): number {
    return this.sendStatuses.get(status) ?? 0;
  }

  tokenCount(grantType: string, status = 200): number {
    return this.tokenStatuses.get(`${grantType} ${status}`) ?? 0;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = null;
  }

  private mintAccess(grant: Grant): { token: string; expiresAt: number } {
    const token = `ya29.fake-${randomBytes(16).toString('hex')}`;
    const expiresAt = this.now() + this.accessTokenLifetime * 1000;
    this.accessTokens.set(token, { grant, expiresAt });
    return { token, expiresAt };
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const send = (status: number, body: string, headers: Record<string, string> = {}): void => {
      this.log.push(`${request.method} ${url.pathname} ${status}`);
      response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers }).end(body);
    };
    if (request.method === 'GET' && url.pathname === '/o/oauth2/v2/auth') return this.authorize(url, request, response);
    if (request.method === 'POST' && url.pathname === '/token') return this.token(request, send);
    if (request.method === 'POST' && url.pathname === '/gmail/v1/users/me/messages/send') return this.gmailSend(request, response, send, 'json');
    if (request.method === 'POST' && url.pathname === '/upload/gmail/v1/users/me/messages/send') {
      const type = url.searchParams.get('uploadType');
      if (type !== 'multipart' && type !== 'media') {
        await readBody(request, Infinity);
        return send(400, googleError(400, `Invalid upload type: ${type ?? '(none)'}`, 'invalid', 'global', 'INVALID_ARGUMENT'));
      }
      return this.gmailSend(request, response, send, type);
    }
    await readBody(request, Infinity);
    send(404, googleError(404, 'Not Found', 'notFound'));
  }

  /** The consent page, reduced to its outcome: checks the request, then 302s back with a code. */
  private authorize(url: URL, request: http.IncomingMessage, response: http.ServerResponse): void {
    const page = (status: number, text: string): void => {
      this.log.push(`GET ${url.pathname} ${status}`);
      response.writeHead(status, { 'content-type': 'text/html' }).end(`<h1>${text}</h1>`);
    };
    const q = url.searchParams;
    // Google shows an error page (no redirect) for an unknown client or a bad redirect URI.
    if (q.get('client_id') !== this.clientId) return page(401, 'Error 401: invalid_client');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!isLoopbackRedirect(redirectUri)) return page(400, 'Error 400: redirect_uri_mismatch');
    const problems: string[] = [];
    if (q.get('response_type') !== 'code') problems.push('response_type');
    const scopes = (q.get('scope') ?? '').split(' ');
    if (!scopes.includes(REQUIRED_SCOPE) || !scopes.includes('openid') || !scopes.includes('email')) problems.push('scope');
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) problems.push('code_challenge');
    if (!q.get('state')) problems.push('state');
    if (problems.length > 0) return page(400, `Error 400: invalid_request (${problems.join(', ')})`);
    void request;
    const code = `4/fake-code-${randomBytes(12).toString('hex')}`;
    this.codes.set(code, {
      clientId: this.clientId,
      redirectUri,
      challenge: q.get('code_challenge') ?? '',
      scope: scopes.join(' '),
      email: this.userEmail,
      used: false,
    });
    const back = new URL(redirectUri);
    back.searchParams.set('state', q.get('state') ?? '');
    back.searchParams.set('code', code);
    back.searchParams.set('scope', scopes.join(' '));
    this.log.push(`GET ${url.pathname} 302`);
    response.writeHead(302, { location: back.toString() }).end();
  }

  private async token(request: http.IncomingMessage, send: (status: number, body: string) => void): Promise<void> {
    const raw = (await readBody(request, 1024 * 1024)).body.toString('utf8');
    const form = new URLSearchParams(raw);
    const grantType = form.get('grant_type') ?? '';
    const answer = (status: number, body: Record<string, unknown>): void => {
      const key = `${grantType} ${status}`;
      this.tokenStatuses.set(key, (this.tokenStatuses.get(key) ?? 0) + 1);
      send(status, JSON.stringify(body));
    };
    if (this.echoTokenRequests) {
      const quoted = `${raw} decoded=${JSON.stringify(Object.fromEntries(form))} headers=${JSON.stringify(request.headers)}`;
      return answer(400, { error: 'invalid_request', error_description: `Could not parse the request: ${quoted} ${'.'.repeat(3000)}` });
    }
    if (!/application\/x-www-form-urlencoded/u.test(request.headers['content-type'] ?? '')) {
      return answer(400, { error: 'invalid_request', error_description: 'Invalid content type.' });
    }
    if (form.get('client_id') !== this.clientId || (this.clientSecret !== null && form.get('client_secret') !== this.clientSecret)) {
      return answer(401, { error: 'invalid_client', error_description: 'Unauthorized' });
    }
    if (grantType === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      if (!code || code.used) return answer(400, { error: 'invalid_grant', error_description: 'Malformed auth code.' });
      code.used = true;
      if (form.get('redirect_uri') !== code.redirectUri) return answer(400, { error: 'redirect_uri_mismatch', error_description: 'Bad Request' });
      const verifier = form.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) {
        return answer(400, { error: 'invalid_grant', error_description: 'Invalid code verifier.' });
      }
      const grant: Grant = { refreshToken: `1//fake-refresh-${randomBytes(12).toString('hex')}`, email: code.email, scope: code.scope, revoked: false };
      this.grants.set(grant.refreshToken, grant);
      const access = this.mintAccess(grant);
      return answer(200, {
        access_token: access.token,
        expires_in: this.accessTokenLifetime,
        refresh_token: grant.refreshToken,
        scope: code.scope,
        token_type: 'Bearer',
        id_token: this.idToken(grant),
      });
    }
    if (grantType === 'refresh_token') {
      const grant = this.grants.get(form.get('refresh_token') ?? '');
      if (!grant || grant.revoked) return answer(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      const access = this.mintAccess(grant);
      return answer(200, { access_token: access.token, expires_in: this.accessTokenLifetime, scope: grant.scope, token_type: 'Bearer', id_token: this.idToken(grant) });
    }
    answer(400, { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${grantType}` });
  }

  /** Unsigned: the provider only decodes id_tokens it received straight from the token endpoint. */
  private idToken(grant: Grant): string {
    const now = Math.floor(this.now() / 1000);
    return unsignedJwt({
      iss: 'https://accounts.google.com',
      aud: this.clientId,
      sub: createHash('sha256').update(grant.email).digest('hex').slice(0, 21),
      email: grant.email,
      email_verified: true,
      ...(this.hostedDomain ? { hd: this.hostedDomain } : {}),
      iat: now,
      exp: now + 3600,
    });
  }

  private async gmailSend(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    send: (status: number, body: string, headers?: Record<string, string>) => void,
    via: AcceptedMessage['via'],
  ): Promise<void> {
    const answer = (status: number, body: string, headers: Record<string, string> = {}): void => {
      this.sendStatuses.set(status, (this.sendStatuses.get(status) ?? 0) + 1);
      send(status, body, headers);
    };
    const injected = this.failures.shift();
    if (injected?.failure === 'drop-before-body') {
      this.log.push(`POST ${request.url ?? ''} dropped-before-body`);
      request.socket.destroy();
      return;
    }
    // Google checks the token before reading the upload.
    const bearer = /^Bearer (.+)$/u.exec(request.headers.authorization ?? '')?.[1];
    const access = bearer ? this.accessTokens.get(bearer) : undefined;
    if (!bearer || !access || access.expiresAt <= this.now()) {
      await readBody(request, this.maxMessageBytes * 2);
      return answer(401, googleError(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.', 'authError', 'global', 'UNAUTHENTICATED'), {
        'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
      });
    }
    if (this.echoSends) {
      await readBody(request, this.maxMessageBytes * 2);
      return answer(400, googleError(400, `Bad request from ${request.headers.authorization ?? ''}: ${'.'.repeat(3000)}`, 'badRequest'));
    }
    // Base64url makes a `raw` JSON body 4/3 the message; allow for it before decoding.
    const { body, tooLarge } = await readBody(request, Math.ceil(this.maxMessageBytes * 1.4) + 64 * 1024);
    if (injected?.failure === 'drop-after-body') {
      this.log.push(`POST ${request.url ?? ''} dropped-after-body`);
      request.socket.destroy();
      return;
    }
    if (typeof injected?.failure === 'number') {
      const status = injected.failure;
      const reason = injected.reason ?? (status === 429 ? 'rateLimitExceeded' : status >= 500 ? 'backendError' : 'failedPrecondition');
      const message = injected.message ?? (status === 429 ? 'Rate Limit Exceeded' : status >= 500 ? 'Backend Error' : 'Precondition check failed.');
      const domain = ['rateLimitExceeded', 'userRateLimitExceeded', 'dailyLimitExceeded'].includes(reason) ? 'usageLimits' : 'global';
      return answer(status, googleError(status, message, reason, domain), injected.retryAfter ? { 'retry-after': injected.retryAfter } : {});
    }
    if (tooLarge) return answer(413, googleError(413, `Request payload size exceeds the limit: ${this.maxMessageBytes} bytes.`, 'uploadTooLarge'));

    let raw: Buffer;
    try {
      raw = decodeSendBody(via, request.headers['content-type'] ?? '', body);
    } catch (error) {
      return answer(400, googleError(400, (error as Error).message, 'invalidArgument', 'global', 'INVALID_ARGUMENT'));
    }
    if (raw.length > this.maxMessageBytes) {
      return answer(413, googleError(413, `Request payload size exceeds the limit: ${this.maxMessageBytes} bytes.`, 'uploadTooLarge'));
    }
    const recipients: string[] = [];
    for (const name of ['To', 'Cc', 'Bcc']) {
      const value = headerValue(raw, name);
      if (value === null) continue;
      const addresses = addressesIn(value);
      if (addresses.some((address) => !VALID_ADDRESS.test(address))) {
        return answer(400, googleError(400, `Invalid ${name} header`, 'invalidArgument', 'global', 'INVALID_ARGUMENT'));
      }
      recipients.push(...addresses);
    }
    if (recipients.length === 0) return answer(400, googleError(400, 'Recipient address required', 'invalidArgument', 'global', 'INVALID_ARGUMENT'));

    const now = this.now();
    while (this.sentAt.length > 0 && (this.sentAt[0] ?? 0) <= now - 86_400_000) this.sentAt.shift();
    if (this.quota.perDay !== null && this.sentAt.length >= this.quota.perDay) {
      const retryAt = new Date((this.sentAt[0] ?? now) + 86_400_000).toISOString();
      if (this.quota.dailyStyle === 'mail-sending-429') {
        const message = `User-rate limit exceeded.  Retry after ${retryAt} (Mail sending)`;
        return answer(429, googleError(429, message, 'rateLimitExceeded', 'usageLimits', 'RESOURCE_EXHAUSTED'));
      }
      return answer(403, googleError(403, 'Daily Limit Exceeded', 'dailyLimitExceeded', 'usageLimits'));
    }
    const lastMinute = this.sentAt.filter((at) => at > now - 60_000);
    if (this.quota.perMinute !== null && lastMinute.length >= this.quota.perMinute) {
      const waitSeconds = Math.max(1, Math.ceil(((lastMinute[0] ?? now) + 60_000 - now) / 1000));
      return answer(429, googleError(429, 'Rate Limit Exceeded', 'rateLimitExceeded', 'usageLimits', 'RESOURCE_EXHAUSTED'), {
        'retry-after': String(waitSeconds),
      });
    }
    this.sentAt.push(now);
    const id = randomBytes(8).toString('hex');
    this.accepted.push({ id, raw, via, accessToken: bearer });
    void response;
    answer(200, JSON.stringify({ id, threadId: id, labelIds: ['SENT'] }));
    this.onAccepted?.(this.accepted.length);
  }
}

/** Reads a request body, stopping (but draining) past `limit` bytes. */
async function readBody(request: http.IncomingMessage, limit: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) tooLarge = true;
    else chunks.push(buffer);
  }
  return { body: Buffer.concat(chunks), tooLarge };
}

/** The message bytes from a send request: `{raw}` JSON, multipart/related (metadata + message), or media. */
function decodeSendBody(via: AcceptedMessage['via'], contentType: string, body: Buffer): Buffer {
  if (via === 'json') {
    if (!/application\/json/u.test(contentType)) throw new Error('Invalid JSON payload received.');
    const parsed = JSON.parse(body.toString('utf8')) as { raw?: unknown };
    if (typeof parsed.raw !== 'string' || parsed.raw.length === 0) throw new Error("'raw' RFC822 payload message string or uploading message via /upload/* URL required");
    if (!/^[A-Za-z0-9_-]*={0,2}$/u.test(parsed.raw)) throw new Error('Invalid value at \'message.raw\' (TYPE_BYTES), Base64 decoding failed');
    return Buffer.from(parsed.raw, 'base64url');
  }
  if (via === 'media') {
    if (!/^message\//u.test(contentType)) throw new Error(`Media type '${contentType}' is not supported. Valid media types: [message/*]`);
    return body;
  }
  const boundary = /boundary="?([^";]+)"?/u.exec(contentType)?.[1];
  if (!/^multipart\/related/u.test(contentType) || !boundary) throw new Error('Invalid multipart request');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    parts.push(body.subarray(start + delimiter.length, next));
    start = next;
  }
  if (parts.length !== 2) throw new Error(`Invalid multipart request with ${parts.length} mime parts.`);
  const media = parts[1] as Buffer;
  const headerEnd = media.indexOf('\r\n\r\n');
  const headers = media.subarray(0, headerEnd).toString('utf8');
  if (!/content-type:\s*message\//iu.test(headers)) throw new Error('Media type is not supported. Valid media types: [message/*]');
  // A part's content ends before the CRLF that precedes the next delimiter.
  let content = media.subarray(headerEnd + 4);
  if (content.subarray(-2).toString() === '\r\n') content = content.subarray(0, -2);
  return content;
}
