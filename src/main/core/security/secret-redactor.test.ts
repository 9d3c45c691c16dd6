import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../secrets/memory-secret-store';
import { MAX_ERROR_CHARS, redactingSecretStore, SecretRedactor } from './secret-redactor';

describe('SecretRedactor', () => {
  it('removes a known value as is, URL-encoded and JSON-escaped, wherever it sits in a text', () => {
    const redactor = new SecretRedactor();
    redactor.add('1//refresh+token/"q"');
    const quoted = `body: refresh_token=${encodeURIComponent('1//refresh+token/"q"')}&x=${new URLSearchParams({ a: '1//refresh+token/"q"' }).toString()} json=${JSON.stringify({ t: '1//refresh+token/"q"' })} raw=1//refresh+token/"q"`;
    expect(redactor.redact(quoted)).not.toMatch(/refresh\+token|refresh%2Btoken|1%2F%2F/u);
    expect(redactor.redact(quoted)).toContain('raw=[redacted]');
  });

  it("learns the secret fields of a token JSON (ours, and MSAL's cache), not its ordinary ones", () => {
    const redactor = new SecretRedactor();
    redactor.add(JSON.stringify({ accessToken: 'ya29.access', refreshToken: '1//refresh', expiresAt: '2030-01-01T00:00:00.000Z' }));
    redactor.add(
      JSON.stringify({
        Account: { a: { username: 'zoe@contoso.test' } },
        AccessToken: { k: { secret: 'msal-access-secret', environment: 'login.microsoftonline.com', token_type: 'Bearer', target: 'Mail.Send' } },
        RefreshToken: { k: { secret: 'msal-refresh-secret', home_account_id: 'uid.tid' } },
      }),
    );
    expect(redactor.redact('ya29.access 1//refresh msal-refresh-secret msal-access-secret zoe@contoso.test 2030-01-01T00:00:00.000Z')).toBe(
      '[redacted] [redacted] [redacted] [redacted] zoe@contoso.test 2030-01-01T00:00:00.000Z',
    );
    expect(redactor.redact('Bearer token from login.microsoftonline.com for Mail.Send, account uid.tid')).toBe('Bearer token from login.microsoftonline.com for Mail.Send, account uid.tid');
  });

  it('keeps at most ~500 characters of an error, after redaction', () => {
    const redactor = new SecretRedactor();
    redactor.add('hunter2-password');
    const text = redactor.errorText(`535 auth failed for hunter2-password ${'x'.repeat(5000)}`);
    expect(text.length).toBeLessThanOrEqual(MAX_ERROR_CHARS);
    expect(text.startsWith('535 auth failed for [redacted] xxx')).toBe(true);
  });

  it('learns every value read from or written to the secret store', async () => {
    const redactor = new SecretRedactor();
    const inner = new MemorySecretStore();
    inner.entries.set('smtp:1', 'stored-password');
    const store = redactingSecretStore(inner, redactor);
    await store.get('smtp:1');
    await store.set('smtp:2', 'new-password');
    expect(redactor.redact('stored-password new-password other')).toBe('[redacted] [redacted] other');
    expect(inner.entries.get('smtp:2')).toBe('new-password');
  });
});
