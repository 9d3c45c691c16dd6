// SecretStore over the OS keychain through keytar: macOS Keychain, Windows Credential Vault,
// libsecret (GNOME Keyring, KWallet) on Linux. Any keychain failure is KeychainUnavailableError;
// there is no plaintext fallback, by design.
import { KeychainUnavailableError } from '../errors';
import { KEYCHAIN_SERVICE, type SecretStore } from './secret-store';

type Keytar = typeof import('keytar');

export class KeytarSecretStore implements SecretStore {
  private keytar: Keytar | null = null;

  constructor(private readonly service = KEYCHAIN_SERVICE) {}

  private load(): Keytar {
    if (this.keytar) return this.keytar;
    try {
      // Loaded on first use: commands that never touch a secret work without a keychain.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      this.keytar = require('keytar') as Keytar;
      return this.keytar;
    } catch (error) {
      throw new KeychainUnavailableError(`keytar could not load: ${(error as Error).message}`, { cause: error });
    }
  }

  private async call<T>(operation: (keytar: Keytar) => Promise<T>): Promise<T> {
    const keytar = this.load();
    try {
      return await operation(keytar);
    } catch (error) {
      throw new KeychainUnavailableError((error as Error).message, { cause: error });
    }
  }

  get(ref: string): Promise<string | null> {
    return this.call((keytar) => keytar.getPassword(this.service, ref));
  }

  set(ref: string, value: string): Promise<void> {
    return this.call((keytar) => keytar.setPassword(this.service, ref, value));
  }

  delete(ref: string): Promise<boolean> {
    return this.call((keytar) => keytar.deletePassword(this.service, ref));
  }
}
