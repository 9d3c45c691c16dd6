// A local stand-in for the Microsoft identity platform (authority) and Microsoft Graph mail, over
// HTTPS on 127.0.0.1, faithful to what Microsoft documents: authorisation code + PKCE, refresh
// tokens and invalid_grant AADSTS errors; sendMail (202), drafts (201), attachments, upload
// sessions (320 KiB multiples, < 4 MB, contiguous Content-Range, 200 then 201), send (202),
// Sent Items search by internetMessageId; 401 InvalidAuthenticationToken for expired tokens;
// 429 ApplicationThrottled over 4 concurrent requests per mailbox or over a per-window rate.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TestCa } from './test-ca';

export interface FakeUser {
  email: string;
  name: string;
  oid: string;
  tid: string;
}

export interface SentRecord {
  via: 'sendMail' | 'draft';
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  internetMessageId: string | null;
  body: { contentType: string; content: string };
  attachments: Array<{ name: string; contentType: string; bytes: Buffer }>;
}

export interface ChunkRecord {
  start: number;
  end: number;
  total: number;
  length: number;
}

interface Grant {
  user: FakeUser;
  clientId: string;
  scope: string[];
  revoked: 'revoked' | 'expired' | null;
}

interface Draft {
  id: string;
  user: FakeUser;
  message: GraphMessage;
  attachments: SentRecord['attachments'];
}

interface GraphMessage {
  subject?: string;
  body?: { contentType: string; content: string };
  toRecipients?: Array<{ emailAddress: { address: string } }>;
  ccRecipients?: Array<{ emailAddress: { address: string } }>;
  bccRecipients?: Array<{ emailAddress: { address: string } }>;
  internetMessageId?: string;
  attachments?: Array<{ name: string; contentType?: string; contentBytes: string }>;
}

const MB = 1024 * 1024;
const OIDC = ['openid', 'profile', 'offline_access', 'email'];

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

export interface FakeMicrosoftOptions {
  ca: TestCa;
  clientId: string;
  tenant?: string;
  users: Array<{ email: string; name?: string }>;
  /** The account the browser "signs in" as at /authorize. Default: the first user. */
  signInAs?: string;
  accessTokenLifetimeSeconds?: number;
  /** How long Graph holds each request (so concurrency is observable). */
  latencyMs?: number;
  concurrencyLimit?: number;
  maxRecipients?: number;
}

export class FakeMicrosoft {
  url = '';
  readonly clientId: string;
  readonly tenant: string;
  readonly users = new Map<string, FakeUser>();
  signInAs: string;
  accessTokenLifetimeSeconds: number;
  latencyMs: number;
  concurrencyLimit: number;
  maxRecipients: number;

  /** Everything accepted for delivery, once per message. */
  readonly sent: SentRecord[] = [];
  readonly chunks: ChunkRecord[] = [];
  readonly uploadViolations: string[] = [];
  readonly statusCounts = new Map<number, number>();
  /** Every request: method, path, answered status, time. */
  readonly requests: Array<{ method: string; path: string; status: number; at: number }> = [];
  readonly tokenGrants: string[] = [];
  maxInFlight = 0;

  private server: https.Server | null = null;
  private readonly codes = new Map<string, { clientId: string; redirectUri: string; challenge: string; scope: string[]; user: FakeUser; used: boolean }>();
  private readonly refreshTokens = new Map<string, Grant>();
  /**
   * What each user consented to for this app, as the identity platform keeps it: a refresh token
   * can be redeemed for any consented scope, and for nothing else (AADSTS65001 consent_required,
   * which MSAL turns into InteractionRequiredAuthError) until the user signs in and consents.
   */
  private readonly consents = new Map<string, Set<string>>();
  /** The scopes of every access token issued, in order (tests check what was asked for). */
  readonly issuedScopes: string[][] = [];
  private readonly accessTokens = new Map<string, { user: FakeUser; scope: string[]; expiresAt: number }>();
  private readonly drafts = new Map<string, Draft>();
  private readonly sessions = new Map<string, { draft: Draft; name: string; contentType: string; size: number; received: Buffer[]; next: number }>();
  private readonly inFlight = new Map<string, number>();
  private readonly sendTimes: number[] = [];
  private rate: { max: number; windowMs: number; retryAfterSeconds: number } | null = null;
  private failures: Array<{ status: number; retryAfter: string | null }> = [];

  constructor(private readonly options: FakeMicrosoftOptions) {
    this.clientId = options.clientId;
    this.tenant = options.tenant ?? 'common';
    for (const user of options.users) {
      this.users.set(user.email.toLowerCase(), { email: user.email, name: user.name ?? user.email, oid: randomUUID(), tid: randomUUID() });
    }
    this.signInAs = options.signInAs ?? options.users[0]?.email ?? '';
    this.accessTokenLifetimeSeconds = options.accessTokenLifetimeSeconds ?? 3600;
    this.latencyMs = options.latencyMs ?? 0;
    this.concurrencyLimit = options.concurrencyLimit ?? 4;
    this.maxRecipients = options.maxRecipients ?? 500;
  }

  get authority(): string {
    return `${this.url}/${this.tenant}`;
  }

  get graphUrl(): string {
    return `${this.url}/v1.0`;
  }

  async start(): Promise<this> {
    this.server = https.createServer({ key: this.options.ca.serverKeyPem, cert: this.options.ca.serverCertPem }, (req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.json(req, res, 500, { error: { code: 'InternalServerError', message: String(error) } });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ——— controls ———

  /** A refresh token for `email`, as if issued to this app earlier (for --tokens-stdin). */
  issueRefreshToken(email: string, scope = ['Mail.Send', 'Mail.ReadBasic', ...OIDC]): string {
    const user = this.user(email);
    this.consent(email, ...scope);
    const token = `rt-${randomBytes(16).toString('hex')}`;
    this.refreshTokens.set(token, { user, clientId: this.clientId, scope, revoked: null });
    return token;
  }

  /** Records the user's consent to more scopes (as a later interactive sign-in would). */
  consent(email: string, ...scopes: string[]): void {
    const key = email.toLowerCase();
    const set = this.consents.get(key) ?? new Set<string>();
    for (const scope of scopes) set.add(scope.toLowerCase());
    this.consents.set(key, set);
  }

  /** Revokes one refresh token's grant, or every grant (the user changed password / revoked consent). */
  revoke(refreshToken?: string, reason: 'revoked' | 'expired' = 'revoked'): void {
    for (const [token, grant] of this.refreshTokens) {
      if (refreshToken === undefined || token === refreshToken) grant.revoked = reason;
    }
  }

  expireAllAccessTokens(): void {
    for (const token of this.accessTokens.values()) token.expiresAt = 0;
  }

  /** At most `max` sends (sendMail or draft send) per mailbox in any `windowMs`; beyond → 429. */
  setRateLimit(limit: { max: number; windowMs: number; retryAfterSeconds: number } | null): void {
    this.rate = limit;
  }

  /** The next `count` Graph requests answer `status` (with Retry-After when given). */
  failNext(status: number, count = 1, retryAfterSeconds?: number): void {
    for (let i = 0; i < count; i += 1) this.failures.push({ status, retryAfter: retryAfterSeconds === undefined ? null : String(retryAfterSeconds) });
  }

  count(status: number): number {
    return this.statusCounts.get(status) ?? 0;
  }

  // ——— plumbing ———

  private user(email: string): FakeUser {
    const user = this.users.get(email.toLowerCase());
    if (!user) throw new Error(`fake-microsoft: no user ${email}`);
    return user;
  }

  private record(req: IncomingMessage, status: number): void {
    this.statusCounts.set(status, (this.statusCounts.get(status) ?? 0) + 1);
    this.requests.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0] ?? '', status, at: Date.now() });
  }

  private json(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.record(req, status);
    const text = body === null ? '' : JSON.stringify(body);
    res.writeHead(status, { ...(text ? { 'content-type': 'application/json' } : {}), ...headers });
    res.end(text);
  }

  private graphError(req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
    this.json(req, res, status, { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID() } } }, headers);
  }

  private async readBody(req: IncomingMessage, limit = 8 * MB): Promise<Buffer | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    }
    return size > limit ? null : Buffer.concat(chunks);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname.startsWith(`/${this.tenant}/`)) return this.handleAuthority(req, res, url);
    if (url.pathname.startsWith('/v1.0/') || url.pathname.startsWith('/upload/')) return this.handleGraph(req, res, url);
    this.json(req, res, 404, { error: { code: 'NotFound', message: url.pathname } });
  }

  // ——— identity platform ———

  private async handleAuthority(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const rest = url.pathname.slice(this.tenant.length + 1);
    if (rest === '/v2.0/.well-known/openid-configuration') {
      return this.json(req, res, 200, {
        authorization_endpoint: `${this.authority}/oauth2/v2.0/authorize`,
        token_endpoint: `${this.authority}/oauth2/v2.0/token`,
        end_session_endpoint: `${this.authority}/oauth2/v2.0/logout`,
        issuer: `${this.authority}/v2.0`,
        jwks_uri: `${this.authority}/discovery/v2.0/keys`,
      });
    }
    if (rest === '/oauth2/v2.0/authorize' && req.method === 'GET') return this.authorize(req, res, url.searchParams);
    if (rest === '/oauth2/v2.0/token' && req.method === 'POST') {
      const body = new URLSearchParams((await this.readBody(req))?.toString('utf8') ?? '');
      return this.token(req, res, body);
    }
    this.json(req, res, 404, { error: 'not_found' });
  }

  private authorize(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    const page = (status: number, text: string): void => {
      this.record(req, status);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
    };
    if (query.get('client_id') !== this.clientId) return page(400, `AADSTS700016: Application with identifier '${query.get('client_id')}' was not found.`);
    const redirectUri = query.get('redirect_uri') ?? '';
    let redirect: URL;
    try {
      redirect = new URL(redirectUri);
    } catch {
      return page(400, 'AADSTS50011: The redirect URI is not valid.');
    }
    if (redirect.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(redirect.hostname)) {
      return page(400, `AADSTS50011: The redirect URI '${redirectUri}' does not match a loopback redirect URI registered for the application.`);
    }
    const scope = (query.get('scope') ?? '').split(' ').filter(Boolean);
    if (query.get('response_type') !== 'code') return page(400, 'AADSTS900144: response_type must be code.');
    if (!scope.includes('Mail.Send') || !scope.includes('openid') || !scope.includes('offline_access')) {
      return page(400, `AADSTS65001: scope ${scope.join(' ')} lacks Mail.Send, openid or offline_access.`);
    }
    const challenge = query.get('code_challenge');
    if (!challenge || query.get('code_challenge_method') !== 'S256') return page(400, 'AADSTS501491: PKCE with code_challenge_method=S256 is required.');
    const state = query.get('state');
    if (!state) return page(400, 'state is required by this fake (CSRF protection).');
    const code = `code-${randomBytes(16).toString('hex')}`;
    this.codes.set(code, { clientId: this.clientId, redirectUri, challenge, scope, user: this.user(this.signInAs), used: false });
    redirect.searchParams.set('code', code);
    redirect.searchParams.set('state', state);
    redirect.searchParams.set('session_state', randomUUID());
    this.record(req, 302);
    res.writeHead(302, { location: redirect.toString() }).end();
  }

  private tokenError(req: IncomingMessage, res: ServerResponse, error: string, aadsts: number, description: string, suberror?: string): void {
    this.json(req, res, 400, {
      error,
      error_description: `AADSTS${aadsts}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
      error_codes: [aadsts],
      timestamp: new Date().toISOString(),
      trace_id: randomUUID(),
      correlation_id: randomUUID(),
      ...(suberror ? { suberror } : {}),
    });
  }

  private token(req: IncomingMessage, res: ServerResponse, body: URLSearchParams): void {
    const grantType = body.get('grant_type') ?? '';
    this.tokenGrants.push(grantType);
    if (body.get('client_id') !== this.clientId) return this.tokenError(req, res, 'unauthorized_client', 700016, `Application with identifier '${body.get('client_id')}' was not found in the directory.`);
    if (grantType === 'authorization_code') {
      const entry = this.codes.get(body.get('code') ?? '');
      if (!entry || entry.used) return this.tokenError(req, res, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired or has already been used.');
      entry.used = true;
      this.consent(entry.user.email, ...entry.scope);
      if (body.get('redirect_uri') !== entry.redirectUri) return this.tokenError(req, res, 'invalid_grant', 70001, 'The redirect_uri does not match the one in the authorization request.');
      const verifier = body.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== entry.challenge) {
        return this.tokenError(req, res, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
      }
      const refreshToken = `rt-${randomBytes(16).toString('hex')}`;
      this.refreshTokens.set(refreshToken, { user: entry.user, clientId: entry.clientId, scope: entry.scope, revoked: null });
      return this.issue(req, res, entry.user, entry.scope, refreshToken);
    }
    if (grantType === 'refresh_token') {
      const grant = this.refreshTokens.get(body.get('refresh_token') ?? '');
      if (!grant) return this.tokenError(req, res, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
      if (grant.revoked === 'revoked') {
        return this.tokenError(req, res, 'invalid_grant', 50173, "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.", 'bad_token');
      }
      if (grant.revoked === 'expired') return this.tokenError(req, res, 'invalid_grant', 700082, 'The refresh token has expired due to inactivity.');
      // Microsoft issues a new refresh token on each redemption; the old one keeps working.
      const next = `rt-${randomBytes(16).toString('hex')}`;
      this.refreshTokens.set(next, grant);
      const requested = (body.get('scope') ?? '').split(' ').filter(Boolean);
      const consented = this.consents.get(grant.user.email.toLowerCase()) ?? new Set<string>();
      const missing = requested.filter((scope) => !OIDC.includes(scope) && !consented.has(scope.toLowerCase()));
      if (missing.length > 0) {
        return this.tokenError(
          req,
          res,
          'invalid_grant',
          65001,
          `The user or administrator has not consented to use the application with ID '${this.clientId}' for ${missing.join(' ')}. Send an interactive authorization request for this user and resource.`,
          'consent_required',
        );
      }
      return this.issue(req, res, grant.user, requested.length > 0 ? requested : grant.scope, next);
    }
    this.tokenError(req, res, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
  }

  private issue(req: IncomingMessage, res: ServerResponse, user: FakeUser, scope: string[], refreshToken: string): void {
    const accessToken = `at-${randomBytes(24).toString('hex')}`;
    const lifetime = this.accessTokenLifetimeSeconds;
    this.accessTokens.set(accessToken, { user, scope, expiresAt: Date.now() + lifetime * 1000 });
    this.issuedScopes.push(scope);
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      aud: this.clientId,
      iss: `${this.url}/${user.tid}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      name: user.name,
      oid: user.oid,
      preferred_username: user.email,
      email: user.email,
      sub: createHash('sha256').update(user.oid).digest('base64url'),
      tid: user.tid,
      ver: '2.0',
    };
    const idToken = `${b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: 'fake' }))}.${b64url(JSON.stringify(claims))}.${b64url('signature')}`;
    this.json(req, res, 200, {
      token_type: 'Bearer',
      scope: scope.join(' '),
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
      client_info: b64url(JSON.stringify({ uid: user.oid, utid: user.tid })),
    });
  }

  // ——— Graph ———

  private async handleGraph(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let user: FakeUser;
    let scope: string[] = [];
    const isUpload = url.pathname.startsWith('/upload/');
    const session = isUpload ? this.sessions.get(url.pathname.slice('/upload/'.length)) : undefined;
    if (isUpload) {
      if (!session || url.searchParams.get('authtoken') === null) return this.graphError(req, res, 404, 'ErrorItemNotFound', 'The upload session does not exist.');
      // Graph: the upload URL carries its own token; an Authorization header is refused.
      if (req.headers.authorization) return this.graphError(req, res, 401, 'InvalidAuthenticationToken', 'Do not send an Authorization header to the upload URL.');
      user = session.draft.user;
    } else {
      const header = req.headers.authorization ?? '';
      const token = header.startsWith('Bearer ') ? this.accessTokens.get(header.slice(7)) : undefined;
      if (!token) return this.graphError(req, res, 401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.', { 'www-authenticate': 'Bearer' });
      if (token.expiresAt <= Date.now()) {
        return this.graphError(req, res, 401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.', { 'www-authenticate': 'Bearer error="invalid_token"' });
      }
      user = token.user;
      scope = token.scope;
    }
    const key = user.email.toLowerCase();
    const inFlight = (this.inFlight.get(key) ?? 0) + 1;
    this.inFlight.set(key, inFlight);
    this.maxInFlight = Math.max(this.maxInFlight, inFlight);
    try {
      const body = await this.readBody(req);
      if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      if (inFlight > this.concurrencyLimit) {
        return this.graphError(req, res, 429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', { 'retry-after': '1' });
      }
      const failure = this.failures.shift();
      if (failure) {
        const code = failure.status === 429 ? 'ApplicationThrottled' : failure.status >= 500 ? 'ServiceUnavailable' : 'ErrorInvalidRequest';
        return this.graphError(req, res, failure.status, code, `injected ${failure.status}`, failure.retryAfter ? { 'retry-after': failure.retryAfter } : {});
      }
      if (body === null || (!isUpload && body.length > 4 * MB)) return this.graphError(req, res, 413, 'RequestEntityTooLarge', 'The request body exceeds 4 MB.');
      if (isUpload && session) return this.uploadChunk(req, res, session, body);
      await this.route(req, res, url, user, scope, body);
    } finally {
      this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
    }
  }

  private needs(req: IncomingMessage, res: ServerResponse, scope: string[], ...any: string[]): boolean {
    if (any.some((s) => scope.some((granted) => granted.toLowerCase() === s.toLowerCase()))) return true;
    this.graphError(req, res, 403, 'ErrorAccessDenied', `Access is denied. Check credentials and try again. (needs ${any.join(' or ')})`);
    return false;
  }

  private rateLimited(req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.rate) return false;
    const now = Date.now();
    while (this.sendTimes.length > 0 && (this.sendTimes[0] ?? 0) <= now - this.rate.windowMs) this.sendTimes.shift();
    if (this.sendTimes.length < this.rate.max) {
      this.sendTimes.push(now);
      return false;
    }
    const oldest = this.sendTimes[0] ?? now;
    const wait = Math.max(this.rate.retryAfterSeconds, Math.ceil((oldest + this.rate.windowMs - now) / 1000));
    this.graphError(req, res, 429, 'ApplicationThrottled', 'Application is over its MailboxSendRate limit.', { 'retry-after': String(wait) });
    return true;
  }

  /** Validates a message's recipients the way Exchange does; answers and returns false if bad. */
  private recipientsOk(req: IncomingMessage, res: ServerResponse, message: GraphMessage): boolean {
    const all = [...(message.toRecipients ?? []), ...(message.ccRecipients ?? []), ...(message.bccRecipients ?? [])];
    if (all.length === 0) return (this.graphError(req, res, 400, 'ErrorInvalidRecipients', 'At least one recipient is not valid., Recipient is missing.'), false);
    if (all.length > this.maxRecipients) {
      return (this.graphError(req, res, 400, 'ErrorTooManyRecipients', `The message has ${all.length} recipients; the limit is ${this.maxRecipients}.`), false);
    }
    if (all.some((r) => !/^[^@\s]+@[^@\s]+$/u.test(r.emailAddress.address))) {
      return (this.graphError(req, res, 400, 'ErrorInvalidRecipients', 'At least one recipient is not valid.'), false);
    }
    return true;
  }

  private accept(user: FakeUser, via: SentRecord['via'], message: GraphMessage, attachments: SentRecord['attachments']): void {
    const addresses = (list: GraphMessage['toRecipients']): string[] => (list ?? []).map((r) => r.emailAddress.address);
    this.sent.push({
      via,
      from: user.email,
      to: addresses(message.toRecipients),
      cc: addresses(message.ccRecipients),
      bcc: addresses(message.bccRecipients),
      subject: message.subject ?? '',
      internetMessageId: message.internetMessageId ?? null,
      body: message.body ?? { contentType: 'Text', content: '' },
      attachments,
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse, url: URL, user: FakeUser, scope: string[], body: Buffer): Promise<void> {
    const path = url.pathname.slice('/v1.0'.length);
    const parse = (): Record<string, unknown> | null => {
      try {
        return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      } catch {
        return null;
      }
    };
    let match: RegExpMatchArray | null;
    if (req.method === 'POST' && path === '/me/sendMail') {
      if (!this.needs(req, res, scope, 'Mail.Send')) return;
      const message = parse()?.['message'] as GraphMessage | undefined;
      if (!message) return this.graphError(req, res, 400, 'ErrorInvalidRequest', 'message is required.');
      if (!this.recipientsOk(req, res, message) || this.rateLimited(req, res)) return;
      const attachments = (message.attachments ?? []).map((a) => ({ name: a.name, contentType: a.contentType ?? '', bytes: Buffer.from(a.contentBytes, 'base64') }));
      this.accept(user, 'sendMail', message, attachments);
      return this.json(req, res, 202, null);
    }
    if (req.method === 'POST' && path === '/me/messages') {
      if (!this.needs(req, res, scope, 'Mail.ReadWrite')) return;
      const message = parse() as GraphMessage | null;
      if (!message) return this.graphError(req, res, 400, 'ErrorInvalidRequest', 'Invalid JSON.');
      const draft: Draft = { id: `AAMk${randomBytes(12).toString('hex')}`, user, message, attachments: [] };
      this.drafts.set(draft.id, draft);
      return this.json(req, res, 201, { id: draft.id, isDraft: true, internetMessageId: message.internetMessageId ?? null, subject: message.subject });
    }
    if ((match = path.match(/^\/me\/messages\/([^/]+)(\/.*)?$/u))) {
      const draft = this.drafts.get(decodeURIComponent(match[1] ?? ''));
      if (!draft || draft.user !== user) return this.graphError(req, res, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      const sub = match[2] ?? '';
      if (req.method === 'DELETE' && sub === '') {
        this.drafts.delete(draft.id);
        return this.json(req, res, 204, null);
      }
      if (!this.needs(req, res, scope, sub === '/send' ? 'Mail.Send' : 'Mail.ReadWrite')) return;
      if (req.method === 'POST' && sub === '/attachments') {
        const a = parse() as { name?: string; contentType?: string; contentBytes?: string } | null;
        if (!a?.name || typeof a.contentBytes !== 'string') return this.graphError(req, res, 400, 'ErrorInvalidRequest', 'name and contentBytes are required.');
        const bytes = Buffer.from(a.contentBytes, 'base64');
        if (bytes.length >= 3 * MB) return this.graphError(req, res, 413, 'ErrorRequestEntityTooLarge', 'Attachments of 3 MB or more need an upload session.');
        draft.attachments.push({ name: a.name, contentType: a.contentType ?? '', bytes });
        return this.json(req, res, 201, { id: randomUUID(), name: a.name, size: bytes.length });
      }
      if (req.method === 'POST' && sub === '/attachments/createUploadSession') {
        const item = (parse()?.['AttachmentItem'] ?? null) as { attachmentType?: string; name?: string; size?: number; contentType?: string } | null;
        if (item?.attachmentType !== 'file' || !item.name || typeof item.size !== 'number') return this.graphError(req, res, 400, 'ErrorInvalidRequest', 'AttachmentItem is invalid.');
        if (item.size > 150 * MB) return this.graphError(req, res, 400, 'ErrorAttachmentSizeLimitExceeded', 'The attachment is over 150 MB.');
        const id = randomUUID();
        this.sessions.set(id, { draft, name: item.name, contentType: item.contentType ?? '', size: item.size, received: [], next: 0 });
        return this.json(req, res, 201, {
          uploadUrl: `${this.url}/upload/${id}?authtoken=${randomBytes(8).toString('hex')}`,
          expirationDateTime: new Date(Date.now() + 15 * 60_000).toISOString(),
          nextExpectedRanges: ['0-'],
        });
      }
      if (req.method === 'POST' && sub === '/send') {
        if (!this.recipientsOk(req, res, draft.message) || this.rateLimited(req, res)) return;
        if ([...this.sessions.values()].some((s) => s.draft === draft)) return this.graphError(req, res, 400, 'ErrorInvalidRequest', 'An attachment upload is still in progress.');
        this.drafts.delete(draft.id);
        this.accept(user, 'draft', draft.message, draft.attachments);
        return this.json(req, res, 202, null);
      }
    }
    if (req.method === 'GET' && (match = path.match(/^\/me\/mailFolders\/(\w+)\/messages$/u))) {
      // Graph: list messages needs Mail.ReadBasic at least (Mail.Read, Mail.ReadWrite also do).
      if (!this.needs(req, res, scope, 'Mail.ReadBasic', 'Mail.Read', 'Mail.ReadWrite')) return;
      const filter = url.searchParams.get('$filter') ?? '';
      const wanted = filter.match(/^internetMessageId eq '(.*)'$/u)?.[1]?.replace(/''/gu, "'");
      const folder = (match[1] ?? '').toLowerCase();
      const value = folder === 'sentitems' ? this.sent.filter((s) => s.from === user.email && (wanted === undefined || s.internetMessageId === wanted)) : [];
      return this.json(req, res, 200, { value: value.map((s) => ({ id: randomUUID(), internetMessageId: s.internetMessageId, subject: s.subject })) });
    }
    this.graphError(req, res, 400, 'BadRequest', `Unsupported ${req.method} ${path}`);
  }

  private uploadChunk(req: IncomingMessage, res: ServerResponse, session: NonNullable<ReturnType<FakeMicrosoft['sessions']['get']>>, body: Buffer): void {
    const violation = (message: string): void => {
      this.uploadViolations.push(message);
      this.graphError(req, res, 400, 'InvalidRequest', message);
    };
    const range = (req.headers['content-range'] ?? '').match(/^bytes (\d+)-(\d+)\/(\d+)$/u);
    if (!range) return violation(`bad Content-Range: ${req.headers['content-range']}`);
    const [start, end, total] = [Number(range[1]), Number(range[2]), Number(range[3])];
    const length = end - start + 1;
    this.chunks.push({ start, end, total, length });
    if (total !== session.size) return violation(`total ${total} differs from the session's size ${session.size}`);
    if (start !== session.next) return violation(`range starts at ${start}, expected ${session.next}`);
    if (length !== body.length) return violation(`range says ${length} bytes, body has ${body.length}`);
    if (length >= 4 * MB) return violation(`chunk of ${length} bytes is not under 4 MB`);
    const last = end + 1 === total;
    if (!last && length % (320 * 1024) !== 0) return violation(`chunk of ${length} bytes is not a multiple of 320 KiB`);
    if (end >= total) return violation(`range ends past the file (${end} >= ${total})`);
    session.received.push(Buffer.from(body));
    session.next = end + 1;
    if (!last) {
      return this.json(req, res, 200, { expirationDateTime: new Date(Date.now() + 15 * 60_000).toISOString(), nextExpectedRanges: [String(session.next)] });
    }
    const id = [...this.sessions.entries()].find(([, s]) => s === session)?.[0];
    if (id) this.sessions.delete(id);
    session.draft.attachments.push({ name: session.name, contentType: session.contentType, bytes: Buffer.concat(session.received) });
    this.json(req, res, 201, null, { location: `${this.graphUrl}/me/messages('${session.draft.id}')/attachments('${randomUUID()}')` });
  }
}
