// Gmail's part of the configuration, read from the environment: the Google endpoints it talks to
// (each overridable by a variable, for local fakes and sovereign clouds) and the OAuth client the
// user registered (docs/gmail.md). config.ts gathers every provider's part.
import type { ProviderEndpoints } from '../provider-endpoints';

export const GMAIL_ENDPOINTS = {
  gmailApi: { variable: 'FACTEUR_GMAIL_API_URL', url: 'https://gmail.googleapis.com' },
  googleToken: { variable: 'FACTEUR_GOOGLE_TOKEN_URL', url: 'https://oauth2.googleapis.com/token' },
  googleAuth: { variable: 'FACTEUR_GOOGLE_AUTH_URL', url: 'https://accounts.google.com/o/oauth2/v2/auth' },
} as const satisfies ProviderEndpoints;

export interface GoogleClient {
  clientId: string | null;
  clientSecret: string | null;
}

export function readGoogleClient(env: NodeJS.ProcessEnv): GoogleClient {
  return { clientId: env.FACTEUR_GOOGLE_CLIENT_ID?.trim() || null, clientSecret: env.FACTEUR_GOOGLE_CLIENT_SECRET?.trim() || null };
}
