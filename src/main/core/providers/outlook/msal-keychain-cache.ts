// Persists one account's MSAL token cache in the SecretStore (the OS keychain), under the
// account's secretRef — never in a file. MSAL calls the plugin around every cache read and write.
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { SecretStore } from '../../secrets/secret-store';

/**
 * MSAL's cache plugin bound to `secretRef`. The keychain entry holds exactly what
 * `TokenCache.serialize()` produces, so the secret stored by `link`/`importTokens` and the one
 * this plugin reads and rewrites are the same format.
 */
export function keychainCachePlugin(secrets: SecretStore, secretRef: string): ICachePlugin {
  return {
    async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
      const stored = await secrets.get(secretRef);
      // An empty entry leaves the in-memory cache empty; MSAL then reports no account.
      if (stored) context.tokenCache.deserialize(stored);
    },
    async afterCacheAccess(context: TokenCacheContext): Promise<void> {
      // Only write when MSAL changed something (a refresh): keychain writes are not free and
      // rewriting an unchanged entry could race a concurrent refresh for nothing.
      if (context.cacheHasChanged) await secrets.set(secretRef, context.tokenCache.serialize());
    },
  };
}
