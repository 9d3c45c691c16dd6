// OutlookProvider against the local Microsoft fake: sending, large attachments, tokens,
// throttling, limits, and sign-in — all without a request to Microsoft's hosts.
import { describe, expect, it } from 'vitest';
import { FacteurError } from '../../src/main/core/errors';
import { ProviderError } from '../../src/main/core/providers/provider-error';
import { UPLOAD_CHUNK_BYTES } from '../../src/main/core/providers/outlook/graph-upload';
import { OUTLOOK_DEFAULT_LIMITS } from '../../src/main/core/providers/outlook/outlook-provider';
import { attachmentFile, CLIENT_ID, linkedAccount, message, sendContext, useOutlookHarnesses, type Harness } from './setup';

const outlook = useOutlookHarnesses('facteur-outlook-');

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('sending', () => {
  it('sends a small message through sendMail once, with a byte-identical attachment and the Message-ID', async () => {
    const h = await outlook.start();
    const account = await linkedAccount(h);
    const { bytes, attachment } = attachmentFile(outlook.dir, 100_000, 'report.pdf');
    const msg = message({ attachments: [attachment], bcc: [{ address: 'hidden@example.com', name: null }] });
    const result = await h.provider.send(msg, account, sendContext());
    expect(result.response).toMatch(/^202/u);
    expect(h.fake.sent).toHaveLength(1);
    const sent = h.fake.sent[0]!;
    expect(sent.via).toBe('sendMail');
    expect(sent.internetMessageId).toBe(msg.messageId);
    expect(sent.to).toEqual(['zoe@example.com']);
    expect(sent.bcc).toEqual(['hidden@example.com']);
    expect(sent.attachments).toHaveLength(1);
    expect(sent.attachments[0]!.name).toBe('report.pdf');
    expect(sent.attachments[0]!.bytes.equals(bytes)).toBe(true);
  });

  it('sends a 20 MB attachment through a draft and an upload session, in valid chunks, byte-identical', async () => {
    const h = await outlook.start();
    const account = await linkedAccount(h);
    h.fake.consent('ana@contoso.test', 'Mail.ReadWrite'); // large mail: the user allowed drafts
    const big = attachmentFile(outlook.dir, 20 * 1024 * 1024 + 12_345, 'big.bin');
    const small = attachmentFile(outlook.dir, 200_000, 'small.txt');
    const context = sendContext();
    await h.provider.send(message({ attachments: [big.attachment, small.attachment] }), account, context);
    expect(h.fake.uploadViolations).toEqual([]);
    expect(h.fake.sent).toHaveLength(1);
    const sent = h.fake.sent[0]!;
    expect(sent.via).toBe('draft');
    const byName = new Map(sent.attachments.map((a) => [a.name, a.bytes]));
    expect(byName.get('big.bin')?.equals(big.bytes)).toBe(true);
    expect(byName.get('small.txt')?.equals(small.bytes)).toBe(true);
    // Chunks: contiguous, each under 4 MB, multiples of 320 KiB except the last.
    const chunks = h.fake.chunks;
    expect(chunks.length).toBe(Math.ceil(big.attachment.size / UPLOAD_CHUNK_BYTES));
    chunks.forEach((chunk, i) => {
      expect(chunk.length).toBeLessThan(4 * 1024 * 1024);
      if (i < chunks.length - 1) expect(chunk.length % (320 * 1024)).toBe(0);
      expect(chunk.start).toBe(i === 0 ? 0 : chunks[i - 1]!.end + 1);
    });
    expect(chunks.at(-1)!.end + 1).toBe(big.attachment.size);
    expect(context.heartbeats).toBeGreaterThanOrEqual(chunks.length);
    expect(h.fake.count(201)).toBeGreaterThanOrEqual(2); // draft created, last chunk
  });

  it('refuses too many recipients and oversize mail as permanent, before any request', async () => {
    const h = await outlook.start();
    const account = await linkedAccount(h);
    const before = h.urls.length;
    const many = Array.from({ length: 501 }, (_, i) => ({ address: `r${i}@example.com`, name: null }));
    const tooMany = await rejection(h.provider.send(message({ to: many }), account, sendContext()));
    expect(tooMany).toBeInstanceOf(ProviderError);
    expect((tooMany as ProviderError).kind).toBe('permanent');
    expect((tooMany as ProviderError).code).toBe('too-many-recipients');
    const tooBig = await rejection(h.provider.send(message({ sizeBytes: 151 * 1024 * 1024 }), account, sendContext()));
    expect((tooBig as ProviderError).kind).toBe('permanent');
    expect((tooBig as ProviderError).code).toBe('message-too-large');
    expect(h.urls.length).toBe(before);
    expect(h.fake.sent).toHaveLength(0);
  });

  it('maps an invalid recipient (400 ErrorInvalidRecipients) to a permanent error', async () => {
    const h = await outlook.start();
    const account = await linkedAccount(h);
    const error = await rejection(h.provider.send(message({ to: [{ address: 'not-an-address', name: null }] }), account, sendContext()));
    expect((error as ProviderError).kind).toBe('permanent');
    expect((error as ProviderError).message).toContain('ErrorInvalidRecipients');
  });

  it('verifySent finds a sent message in Sent Items by internetMessageId, and not an unsent one', async () => {
    const h = await outlook.start();
    const account = await linkedAccount(h);
    const sent = message();
    await h.provider.send(sent, account, sendContext());
    expect(await h.provider.verifySent(sent, account, sendContext().log)).toBe('sent');
    expect(await h.provider.verifySent(message(), account, sendContext().log)).toBe('not-sent');
  });
});

describe('tokens', () => {
  it('refreshes an expired access token after a 401 and sends', async () => {
    const h = await outlook.start();
    const account = await linkedAccount(h);
    await h.provider.send(message(), account, sendContext());
    h.fake.expireAllAccessTokens();
    const refreshesBefore = h.fake.tokenGrants.filter((g) => g === 'refresh_token').length;
    await h.provider.send(message(), account, sendContext());
    expect(h.fake.count(401)).toBe(1);
    expect(h.fake.tokenGrants.filter((g) => g === 'refresh_token').length).toBe(refreshesBefore + 1);
    expect(h.fake.sent).toHaveLength(2);
    // The refreshed MSAL cache went back to the keychain entry.
    expect(await h.secrets.get(account.secretRef)).toContain('RefreshToken');
  });

  it('turns a revoked sign-in into ProviderError auth (outlook-reauth), in send', async () => {
    const h = await outlook.start();
    const account = await linkedAccount(h);
    h.fake.revoke();
    h.fake.expireAllAccessTokens();
    const error = await rejection(h.provider.send(message(), account, sendContext()));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('auth');
    expect((error as ProviderError).code).toBe('outlook-reauth');
    expect(h.fake.sent).toHaveLength(0);
  });

  it('prepare() refreshes a token near expiry, and reports a revoked sign-in as auth before any send', async () => {
    // 60 s tokens are inside MSAL's 5-minute refresh window, so every silent call redeems the refresh token.
    const h = await outlook.start({ accessTokenLifetimeSeconds: 60 });
    const account = await linkedAccount(h);
    const grants = h.fake.tokenGrants.length;
    await h.provider.prepare(account);
    expect(h.fake.tokenGrants.length).toBe(grants + 1);
    await h.provider.close();
    h.fake.revoke(undefined, 'expired');
    const prepared = await rejection(h.provider.prepare(account));
    expect(prepared).toBeInstanceOf(ProviderError);
    expect((prepared as ProviderError).kind).toBe('auth');
    expect((prepared as ProviderError).code).toBe('outlook-reauth');
    expect((prepared as ProviderError).message).toMatch(/AADSTS700082/u);
  });

  it('imports tokens: the secret is the MSAL cache, never the bare access token', async () => {
    const h = await outlook.start();
    const refreshToken = h.fake.issueRefreshToken('ana@contoso.test');
    const linked = await h.provider.importTokens({ accessToken: 'given-access-token', refreshToken, expiresAt: new Date().toISOString() }, 'ANA@contoso.test');
    expect(linked.email.toLowerCase()).toBe('ana@contoso.test');
    const cache = JSON.parse(linked.secret) as Record<string, unknown>;
    expect(Object.keys(cache)).toEqual(expect.arrayContaining(['Account', 'RefreshToken', 'AccessToken']));
    expect(linked.secret).not.toContain('given-access-token');
  });

  it('refuses imported tokens that belong to another account', async () => {
    const h = await outlook.start();
    const refreshToken = h.fake.issueRefreshToken('bob@contoso.test');
    const error = await rejection(h.provider.importTokens({ accessToken: 'x', refreshToken, expiresAt: new Date().toISOString() }, 'ana@contoso.test'));
    expect(error).toBeInstanceOf(FacteurError);
    expect((error as FacteurError).code).toBe('auth-required');
  });

  it('says FACTEUR_MS_CLIENT_ID is missing when it is', async () => {
    const h = await outlook.start({}, null);
    const error = await rejection(h.provider.importTokens({ accessToken: 'x', refreshToken: 'y', expiresAt: new Date().toISOString() }, 'ana@contoso.test'));
    expect(error).toBeInstanceOf(FacteurError);
    expect((error as FacteurError).code).toBe('invalid-input');
    expect((error as FacteurError).field).toBe('FACTEUR_MS_CLIENT_ID');
  });
});

describe('throttling', () => {
  it('reports 429 with Retry-After as rate-limited with that delay, and 503 as transient with its delay', async () => {
    const h = await outlook.start();
    const account = await linkedAccount(h);
    h.fake.failNext(429, 1, 7);
    const throttled = await rejection(h.provider.send(message(), account, sendContext()));
    expect((throttled as ProviderError).kind).toBe('rate-limited');
    expect((throttled as ProviderError).retryAfterMs).toBe(7000);
    h.fake.failNext(503, 1, 3);
    const unavailable = await rejection(h.provider.send(message(), account, sendContext()));
    expect((unavailable as ProviderError).kind).toBe('transient');
    expect((unavailable as ProviderError).retryAfterMs).toBe(3000);
    expect(h.fake.sent).toHaveLength(0);
  });

  it('gets ApplicationThrottled (MailboxConcurrency) when more than 4 sends run at once', async () => {
    const h = await outlook.start({ latencyMs: 300 });
    const account = await linkedAccount(h);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => h.provider.send(message(), account, sendContext())));
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as ProviderError);
    expect(rejected.length).toBeGreaterThanOrEqual(1);
    for (const error of rejected) {
      expect(error.kind).toBe('rate-limited');
      expect(error.message).toContain('ApplicationThrottled');
      expect(error.retryAfterMs).toBe(1000);
    }
    expect(h.fake.sent.length).toBe(6 - rejected.length);
  });

  it('keeps 4 concurrent large sends within 4 requests in flight (one request at a time per send)', async () => {
    const h = await outlook.start({ latencyMs: 20 });
    const account = await linkedAccount(h);
    h.fake.consent('ana@contoso.test', 'Mail.ReadWrite'); // large mail: the user allowed drafts
    const files = Array.from({ length: 4 }, () => attachmentFile(outlook.dir, 7 * 1024 * 1024));
    await Promise.all(files.map((f) => h.provider.send(message({ attachments: [f.attachment] }), account, sendContext())));
    expect(h.fake.count(429)).toBe(0);
    expect(h.fake.maxInFlight).toBeLessThanOrEqual(4);
    expect(h.fake.sent).toHaveLength(4);
    for (const f of files) expect(h.fake.sent.some((s) => s.attachments[0]?.bytes.equals(f.bytes))).toBe(true);
  });
});

describe('sign-in', () => {
  /** Plays the browser: follows the authorisation URL to the loopback redirect. */
  async function browse(h: Harness, url: string): Promise<number> {
    const authorize = await h.transport.request({ method: 'GET', url });
    expect(authorize.status).toBe(302);
    const location = authorize.headers['location'];
    if (!location) throw new Error('no redirect');
    expect(location.startsWith('http://127.0.0.1:')).toBe(true);
    const callback = await h.transport.request({ method: 'GET', url: location });
    return callback.status;
  }

  it('links interactively with PKCE and a loopback redirect, without any request to Microsoft', async () => {
    const h = await outlook.start();
    let opened = '';
    const linked = await h.provider.link({
      email: 'Ana@Contoso.test',
      openUrl: async (url) => {
        opened = url;
        expect(await browse(h, url)).toBe(200);
      },
    });
    const query = new URL(opened).searchParams;
    expect(query.get('client_id')).toBe(CLIENT_ID);
    expect(query.get('code_challenge_method')).toBe('S256');
    expect(query.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['Mail.Send', 'Mail.ReadBasic', 'offline_access', 'openid', 'email']));
    expect(linked.email.toLowerCase()).toBe('ana@contoso.test');
    expect(linked.displayName).toBe('Ana');
    expect(h.fake.tokenGrants).toEqual(['authorization_code']);
    // Then the linked secret sends mail.
    await h.secrets.set('ref-linked', linked.secret);
    await h.provider.send(message(), { id: 9, email: 'ana@contoso.test', displayName: null, provider: 'outlook', settings: {}, secretRef: 'ref-linked', limits: OUTLOOK_DEFAULT_LIMITS }, sendContext());
    expect(h.fake.sent).toHaveLength(1);
    // Every request went to the fake (or the loopback redirect): no discovery at Microsoft.
    expect(h.urls.length).toBeGreaterThan(0);
    for (const url of [...h.urls, opened]) expect(new URL(url).hostname).toBe('127.0.0.1');
    expect(h.fake.requests.some((r) => r.path.includes('openid-configuration'))).toBe(false);
  });

  it('refuses a sign-in with another account than the one being linked', async () => {
    const h = await outlook.start({ signInAs: 'bob@contoso.test' });
    const error = await rejection(h.provider.link({ email: 'ana@contoso.test', openUrl: async (url) => void (await browse(h, url)) }));
    expect(error).toBeInstanceOf(FacteurError);
    expect((error as FacteurError).code).toBe('auth-required');
    expect((error as FacteurError).message).toContain('bob@contoso.test');
  });
});
