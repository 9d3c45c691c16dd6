// In-memory SecretStore for unit tests only; the app and the CLI always use the OS keychain.
import type { SecretStore } from './secret-store';

export class MemorySecretStore implements SecretStore {
  readonly entries = new Map<string, string>();

  get(ref: string): Promise<string | null> {
    return Promise.resolve(this.entries.get(ref) ?? null);
  }

  set(ref: string, value: string): Promise<void> {
    this.entries.set(ref, value);
    return Promise.resolve();
  }

  delete(ref: string): Promise<boolean> {
    return Promise.resolve(this.entries.delete(ref));
  }
}
