// The real OS keychain through keytar (gnome-keyring under `npm test`).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeytarSecretStore } from './keytar-secret-store';

describe('KeytarSecretStore', () => {
  it('stores, reads and deletes a secret in the OS keychain', async () => {
    if (process.env.FACTEUR_TEST_KEYRING !== 'ready') throw new Error('needs a keychain: run through `npm test`');
    const store = new KeytarSecretStore('Facteur-test');
    const ref = `test-${randomUUID()}`;
    expect(await store.get(ref)).toBeNull();
    await store.set(ref, 'tøken with ünicode');
    expect(await store.get(ref)).toBe('tøken with ünicode');
    expect(await store.delete(ref)).toBe(true);
    expect(await store.get(ref)).toBeNull();
    expect(await store.delete(ref)).toBe(false);
  });
  // A keychain that does not answer (exit 3, no plaintext fallback) is proven through the real
  // CLI in test/cli/bad-input.test.ts: libsecret keeps its D-Bus connection per process.
});
