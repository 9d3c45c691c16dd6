// Outlook's part of the configuration, read from the environment: the Graph and Microsoft
// identity endpoints (each overridable by a variable, for local fakes and national clouds) and the
// app registration's client id (docs/outlook.md). config.ts gathers every provider's part.
import type { ProviderEndpoints } from '../provider-endpoints';

export const OUTLOOK_ENDPOINTS = {
  graphApi: { variable: 'FACTEUR_GRAPH_API_URL', url: 'https://graph.microsoft.com/v1.0' },
  msAuthority: { variable: 'FACTEUR_MS_AUTHORITY', url: 'https://login.microsoftonline.com/common' },
} as const satisfies ProviderEndpoints;

export interface MicrosoftClient {
  clientId: string | null;
}

export function readMicrosoftClient(env: NodeJS.ProcessEnv): MicrosoftClient {
  return { clientId: env.FACTEUR_MS_CLIENT_ID?.trim() || null };
}
