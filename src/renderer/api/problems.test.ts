// The plain words beside an engine error: each says what the user can do about it, so a problem on
// this computer is never explained as one on the mail server.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import enOutbox from '../i18n/en-outbox.json';
import { mergeDeep } from '../i18n/i18n';
import { explainError, explanationKey } from './problems';

async function english() {
  const instance = i18next.createInstance();
  await instance.init({ lng: 'en', resources: { en: { translation: mergeDeep(en, enOutbox) } } });
  return instance.t;
}

describe('explaining an engine error', () => {
  it('says the keychain, not the network, when this computer’s keychain did not answer', async () => {
    const t = await english();
    expect(explanationKey('local-service-unavailable', null)).toBe('problems.error.localService');
    expect(explainError(t, 'local-service-unavailable')).toMatch(/keychain/u);
    expect(explainError(t, 'local-service-unavailable')).not.toMatch(/server/u);
  });

  it('still calls an unreachable SMTP server a network problem', async () => {
    const t = await english();
    expect(explainError(t, 'smtp-esocket')).toBe('The server could not be reached (network or server down).');
    expect(explanationKey('network-unavailable', null)).toBe('problems.error.network');
  });
});
