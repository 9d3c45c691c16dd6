// Interactive linking end to end: the provider opens Google's consent URL, an HTTP client plays the
// browser (follows the 302 to the loopback redirect), and the code is exchanged with PKCE.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FacteurError } from '../../src/main/core/errors';
import { FakeGoogle } from '../fakes/fake-google';
import { context, harness, message, type Harness } from './support';

let fake: FakeGoogle;
let h: Harness;

beforeEach(async () => {
  fake = await new FakeGoogle({ userEmail: 'ana@example.com' }).start();
  h = harness(fake);
});

afterEach(async () => {
  await fake.close();
});

/** Plays the system browser: the consent page answers 302 to the loopback redirect, which we follow. */
function browser(seen: { url?: URL; consent?: number; callback?: number }) {
  return async (url: string): Promise<void> => {
    seen.url = new URL(url);
    const consent = await fetch(url, { redirect: 'manual' });
    seen.consent = consent.status;
    const location = consent.headers.get('location');
    if (!location) return;
    const callback = await fetch(location);
    seen.callback = callback.status;
    await callback.text();
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (error: unknown) => error,
  );
}

describe('link', () => {
  it('signs in with PKCE through the loopback redirect and returns tokens that can send', async () => {
    const seen: { url?: URL; consent?: number; callback?: number } = {};
    const linked = await h.provider.link({ email: 'ANA@example.com', openUrl: browser(seen) });

    const query = seen.url?.searchParams;
    expect(seen.url?.origin + (seen.url?.pathname ?? '')).toBe(`${fake.url}/o/oauth2/v2/auth`);
    expect(query?.get('scope')).toBe('https://www.googleapis.com/auth/gmail.send openid email');
    expect(query?.get('access_type')).toBe('offline');
    expect(query?.get('prompt')).toBe('consent');
    expect(query?.get('code_challenge_method')).toBe('S256');
    expect(query?.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/u);
    expect(seen.consent).toBe(302);
    expect(seen.callback).toBe(200);
    // The code was exchanged once, with a verifier matching the challenge (the fake checks it).
    expect(fake.tokenCount('authorization_code')).toBe(1);

    expect(linked.email).toBe('ana@example.com');
    expect(linked.settings).toEqual({ workspace: false });
    const tokens = JSON.parse(linked.secret) as { accessToken: string; refreshToken: string; expiresAt: string };
    expect(tokens.refreshToken).toMatch(/^1\/\//u);
    expect(Date.parse(tokens.expiresAt)).toBe(h.clock.now() + fake.accessTokenLifetime * 1000);

    await h.secrets.set(h.account.secretRef, linked.secret);
    await h.provider.send(await message(), h.account, context());
    expect(fake.accepted[0]?.accessToken).toBe(tokens.accessToken);
  });

  it('refuses a sign-in with another address', async () => {
    fake.userEmail = 'mallory@example.com';
    const error = await rejection(h.provider.link({ email: 'ana@example.com', openUrl: browser({}) }));
    expect(error).toBeInstanceOf(FacteurError);
    expect((error as FacteurError).code).toBe('auth-required');
    expect((error as FacteurError).message).toMatch(/mallory@example\.com.*ana@example\.com/u);
  });

  it('marks a Google Workspace account, so it gets the Workspace limits', async () => {
    fake.hostedDomain = 'example.com';
    const linked = await h.provider.link({ email: 'ana@example.com', openUrl: browser({}) });
    expect(linked.settings).toEqual({ workspace: true, hostedDomain: 'example.com' });
    expect(h.provider.defaultLimits(linked.settings ?? {}).perDay).toBe(2_000);
  });

  it('a stolen authorisation code is useless without the PKCE verifier', async () => {
    let stolen: string | null = null;
    const error = await rejection(
      h.provider.link({
        email: 'ana@example.com',
        openUrl: async (url) => {
          const consent = await fetch(url, { redirect: 'manual' });
          const location = new URL(consent.headers.get('location') ?? '');
          stolen = location.searchParams.get('code');
          // An attacker redeems the code first, without the verifier…
          const attempt = await fetch(`${fake.url}/token`, {
            method: 'POST',
            body: new URLSearchParams({
              grant_type: 'authorization_code',
              code: stolen ?? '',
              redirect_uri: location.searchParams.get('redirect_uri') ?? `${location.origin}${location.pathname}`,
              client_id: fake.clientId,
              client_secret: fake.clientSecret ?? '',
              code_verifier: 'guessed',
            }),
          });
          expect(attempt.status).toBe(400);
          await fetch(location);
        },
      }),
    );
    expect(stolen).not.toBeNull();
    // …which burns the code: the real exchange is refused too, and nothing is linked.
    expect(error).toBeInstanceOf(FacteurError);
    expect(fake.tokenCount('authorization_code', 200)).toBe(0);
  });

  it('a missing client id is a clear invalid-input error naming the variable', async () => {
    const unconfigured = harness(fake, { oauth: { google: { clientId: null, clientSecret: null }, microsoft: { clientId: null } } });
    const error = await rejection(unconfigured.provider.link({ email: 'ana@example.com', openUrl: browser({}) }));
    expect(error).toBeInstanceOf(FacteurError);
    expect((error as FacteurError).code).toBe('invalid-input');
    expect((error as FacteurError).field).toBe('FACTEUR_GOOGLE_CLIENT_ID');
    expect(fake.log).toHaveLength(0);
  });
});
