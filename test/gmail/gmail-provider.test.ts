// The Gmail provider against the fake Google: sending (small, attachments, upload path), the token
// lifecycle, and how every documented failure is classified.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/main/core/config';
import { FacteurError } from '../../src/main/core/errors';
import { GMAIL_SIMPLE_UPLOAD_MAX_BYTES, gmailDefaultLimits } from '../../src/main/core/providers/gmail/gmail-provider';
import { ProviderError } from '../../src/main/core/providers/provider-error';
import { FakeGoogle } from '../fakes/fake-google';
import { attachmentsOf, parseMime } from '../helpers/mime';
import { attachment, context, harness, importInto, message, storedTokens, type Harness } from './support';

let fake: FakeGoogle;
let h: Harness;

beforeEach(async () => {
  fake = await new FakeGoogle().start();
  h = harness(fake);
  await importInto(h, fake.issueTokens());
});

afterEach(async () => {
  await fake.close();
});

async function sendError(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('sending', () => {
  it('sends a small message as raw JSON, with the Bcc header Gmail needs, and returns Gmail\'s id', async () => {
    const mail = await message({ bcc: [{ address: 'hidden@example.net', name: null }] });
    const result = await h.provider.send(mail, h.account, context());
    expect(fake.accepted).toHaveLength(1);
    const accepted = fake.accepted[0];
    expect(accepted?.via).toBe('json');
    expect(result.providerMessageId).toBe(accepted?.id);
    const parsed = parseMime(accepted?.raw ?? Buffer.alloc(0));
    expect(parsed.headers.get('message-id')).toBe(mail.messageId);
    expect(parsed.headers.get('subject')).toBe(mail.subject);
    expect(parsed.headers.get('bcc')).toContain('hidden@example.net');
    expect(fake.sendCount(200)).toBe(1);
  });

  it('delivers attachments byte for byte', async () => {
    const binary = randomBytes(48 * 1024);
    const text = Buffer.from('a,b,c\n1,2,3\n', 'utf8');
    const mail = await message({
      attachments: [attachment('data.bin', binary), attachment('table.csv', text, 'text/csv')],
    });
    await h.provider.send(mail, h.account, context());
    const files = attachmentsOf(fake.accepted[0]?.raw ?? Buffer.alloc(0));
    expect(files.get('data.bin')?.equals(binary)).toBe(true);
    expect(files.get('table.csv')?.equals(text)).toBe(true);
  });

  it('sends a message above the simple-upload size through the /upload endpoint, streaming it', async () => {
    const big = randomBytes(GMAIL_SIMPLE_UPLOAD_MAX_BYTES + 512 * 1024);
    const mail = await message({ attachments: [attachment('big.bin', big)] });
    expect(mail.sizeBytes).toBeGreaterThan(GMAIL_SIMPLE_UPLOAD_MAX_BYTES);
    const ctx = context();
    await h.provider.send(mail, h.account, ctx);
    expect(fake.accepted).toHaveLength(1);
    expect(fake.accepted[0]?.via).toBe('multipart');
    expect(fake.log.some((line) => line.startsWith('POST /upload/gmail/v1/users/me/messages/send 200'))).toBe(true);
    const raw = fake.accepted[0]?.raw ?? Buffer.alloc(0);
    expect(parseMime(raw).headers.get('message-id')).toBe(mail.messageId);
    expect(attachmentsOf(raw).get('big.bin')?.equals(big)).toBe(true);
    // The lease is kept alive while megabytes go out.
    expect(ctx.beats()).toBeGreaterThan(0);
  });
});

describe('tokens', () => {
  it('refreshes an access token that expires within five minutes before sending, and stores the new one', async () => {
    const before = storedTokens(h);
    await h.secrets.set(h.account.secretRef, JSON.stringify({ ...before, expiresAt: new Date(h.clock.now() + 4 * 60_000).toISOString() }));
    await h.provider.send(await message(), h.account, context());
    expect(fake.tokenCount('refresh_token')).toBe(1);
    const after = storedTokens(h);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).toBe(before.refreshToken);
    expect(Date.parse(after.expiresAt)).toBe(h.clock.now() + fake.accessTokenLifetime * 1000);
    expect(fake.accepted[0]?.accessToken).toBe(after.accessToken);
  });

  it('does not refresh a token with more than five minutes left', async () => {
    await h.secrets.set(h.account.secretRef, JSON.stringify({ ...storedTokens(h), expiresAt: new Date(h.clock.now() + 6 * 60_000).toISOString() }));
    await h.provider.prepare(h.account, h.deps.logger);
    await h.provider.send(await message(), h.account, context());
    expect(fake.tokenCount('refresh_token')).toBe(0);
  });

  it('prepare() refreshes once the injected clock nears expiry', async () => {
    const before = storedTokens(h);
    h.clock.advance(Date.parse(before.expiresAt) - h.clock.now() - 60_000);
    await h.provider.prepare(h.account, h.deps.logger);
    expect(fake.tokenCount('refresh_token')).toBe(1);
    expect(storedTokens(h).accessToken).not.toBe(before.accessToken);
  });

  it('shares one refresh between concurrent sends', async () => {
    await h.secrets.set(h.account.secretRef, JSON.stringify({ ...storedTokens(h), expiresAt: new Date(h.clock.now() + 60_000).toISOString() }));
    await Promise.all([h.provider.send(await message(), h.account, context()), h.provider.send(await message(), h.account, context())]);
    expect(fake.tokenCount('refresh_token')).toBe(1);
    expect(fake.accepted).toHaveLength(2);
  });

  it('on a 401 refreshes once and sends again, successfully', async () => {
    fake.expireAllAccessTokens();
    await h.provider.send(await message(), h.account, context());
    expect(fake.sendCount(401)).toBe(1);
    expect(fake.tokenCount('refresh_token')).toBe(1);
    expect(fake.accepted).toHaveLength(1);
    expect(fake.sendCount(200)).toBe(1);
  });

  it('a revoked refresh token (invalid_grant) is an auth error, and nothing is sent', async () => {
    fake.revoke(storedTokens(h).refreshToken);
    const error = await sendError(h.provider.send(await message(), h.account, context()));
    expect(error.kind).toBe('auth');
    expect(error.code).toBe('gmail-invalid-grant');
    expect(fake.tokenCount('refresh_token', 400)).toBe(1);
    expect(fake.accepted).toHaveLength(0);
  });

  it('missing keychain entry is an auth error', async () => {
    await h.secrets.delete(h.account.secretRef);
    const error = await sendError(h.provider.send(await message(), h.account, context()));
    expect(error.kind).toBe('auth');
    expect(fake.log).toHaveLength(0);
  });

  it('importTokens rejects malformed tokens with the field named', async () => {
    await expect(h.provider.importTokens({ accessToken: 'a', refreshToken: 'r', expiresAt: 'tomorrow' }, 'ana@example.com')).rejects.toMatchObject({
      code: 'invalid-input',
      field: 'tokens.expiresAt',
    });
    await expect(h.provider.importTokens({ accessToken: '', refreshToken: 'r', expiresAt: new Date().toISOString() }, 'ana@example.com')).rejects.toBeInstanceOf(
      FacteurError,
    );
  });
});

describe('limits and failures', () => {
  it('429 with Retry-After is rate-limited with exactly that delay', async () => {
    fake.failNext(429, 1, { retryAfter: '17' });
    const error = await sendError(h.provider.send(await message(), h.account, context()));
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfterMs).toBe(17_000);
    expect(error.providerCode).toBe('429');
  });

  it('403 userRateLimitExceeded without Retry-After is rate-limited with a backoff', async () => {
    fake.failNext(403, 1, { reason: 'userRateLimitExceeded', message: 'User Rate Limit Exceeded' });
    const error = await sendError(h.provider.send(await message(), h.account, context()));
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfterMs).toBe(60_000);
  });

  it('the per-minute rate answers 429 and the provider passes its Retry-After on', async () => {
    fake.setQuota({ perMinute: 2 });
    await h.provider.send(await message(), h.account, context());
    await h.provider.send(await message(), h.account, context());
    const error = await sendError(h.provider.send(await message(), h.account, context()));
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(fake.accepted).toHaveLength(2);
  });

  it('dailyLimitExceeded (403) is rate-limited for an hour', async () => {
    fake.setQuota({ perDay: 1 });
    await h.provider.send(await message(), h.account, context());
    const error = await sendError(h.provider.send(await message(), h.account, context()));
    expect(error.kind).toBe('rate-limited');
    expect(error.code).toBe('gmail-daily-limit');
    expect(error.retryAfterMs).toBe(60 * 60_000);
  });

  it('the mail-sending limit (429 "Retry after … (Mail sending)") waits until the time Gmail names', async () => {
    fake.setQuota({ perDay: 1, dailyStyle: 'mail-sending-429' });
    await h.provider.send(await message(), h.account, context());
    const error = await sendError(h.provider.send(await message(), h.account, context()));
    expect(error.kind).toBe('rate-limited');
    expect(error.code).toBe('gmail-daily-limit');
    // The first send leaves the rolling 24 h window about a day from now.
    expect(error.retryAfterMs).toBeGreaterThan(23.9 * 3_600_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(24.1 * 3_600_000);
  });

  it('an invalid recipient is permanent', async () => {
    const error = await sendError(h.provider.send(await message({ to: [{ address: 'bob@localhost', name: null }] }), h.account, context()));
    expect(error.kind).toBe('permanent');
    expect(error.code).toBe('gmail-invalid-recipient');
    expect(fake.sendCount(400)).toBe(1);
  });

  it('5xx is transient', async () => {
    fake.failNext(503);
    const error = await sendError(h.provider.send(await message(), h.account, context()));
    expect(error.kind).toBe('transient');
    expect(error.code).toBe('gmail-503');
  });

  it('a message over 35 MB or over 100 recipients fails permanently before any request', async () => {
    const huge = await message({ sizeBytes: 36 * 1024 * 1024 });
    const tooBig = await sendError(h.provider.send(huge, h.account, context()));
    expect(tooBig.kind).toBe('permanent');
    expect(tooBig.code).toBe('message-too-large');
    const crowd = Array.from({ length: 101 }, (_, i) => ({ address: `r${i}@example.org`, name: null }));
    const tooMany = await sendError(h.provider.send(await message({ to: crowd }), h.account, context()));
    expect(tooMany.kind).toBe('permanent');
    expect(tooMany.code).toBe('too-many-recipients');
    expect(fake.log).toHaveLength(0);
    expect(gmailDefaultLimits({}).maxMessageBytes).toBe(35 * 1024 * 1024);
  });

  it('Gmail refusing a message as too large (413) is permanent', async () => {
    fake.maxMessageBytes = 64 * 1024;
    const error = await sendError(h.provider.send(await message({ attachments: [attachment('x.bin', randomBytes(80 * 1024))] }), h.account, context()));
    expect(error.kind).toBe('permanent');
    expect(error.providerCode).toBe('413');
  });

  it('connection lost after the whole request was sent is uncertain', async () => {
    fake.failNext('drop-after-body');
    const error = await sendError(h.provider.send(await message(), h.account, context()));
    expect(error.kind).toBe('uncertain');
    expect(fake.accepted).toHaveLength(0);
  });

  it('a connection refused before anything was sent is transient', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const offline = harness(fake, { endpoints: { ...h.deps.endpoints, gmailApi: `http://127.0.0.1:${port}` } });
    await offline.secrets.set(offline.account.secretRef, JSON.stringify(storedTokens(h)));
    const error = await sendError(offline.provider.send(await message(), offline.account, context()));
    expect(error.kind).toBe('transient');
    expect(error.code).toBe('gmail-network');
  });

  it('consumer and Workspace accounts get Google\'s documented daily limits', () => {
    expect(gmailDefaultLimits({}).perDay).toBe(500);
    expect(gmailDefaultLimits({ workspace: true }).perDay).toBe(2_000);
    expect(gmailDefaultLimits({ workspace: true }).recipientsPerDay).toBe(10_000);
    expect(gmailDefaultLimits({}).maxRecipients).toBe(100);
  });
});

describe('configuration', () => {
  it('refuses http:// Google endpoints off loopback, accepts them on loopback', () => {
    for (const variable of ['FACTEUR_GMAIL_API_URL', 'FACTEUR_GOOGLE_TOKEN_URL', 'FACTEUR_GOOGLE_AUTH_URL']) {
      expect(() => readConfig({ [variable]: 'http://gmail.example.com' })).toThrow(FacteurError);
      expect(() => readConfig({ [variable]: 'http://gmail.example.com' })).toThrow(/only https/u);
    }
    expect(readConfig({ FACTEUR_GMAIL_API_URL: fake.url }).endpoints.gmailApi).toBe(fake.url);
  });
});
