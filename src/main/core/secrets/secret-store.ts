// Where tokens and passwords live. The database stores only a reference (`secret_ref`).

export interface SecretStore {
  get(ref: string): Promise<string | null>;
  set(ref: string, value: string): Promise<void>;
  /** Returns whether something was deleted. */
  delete(ref: string): Promise<boolean>;
}

/** The keychain "service" name entries are filed under (what Keychain Access / Seahorse show). */
export const KEYCHAIN_SERVICE = 'Facteur';
