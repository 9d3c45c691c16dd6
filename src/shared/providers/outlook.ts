// Outlook (Microsoft 365 and outlook.com): MSAL sign-in in the system browser with the user's own
// app registration; Graph sends.
import { z } from 'zod';
import type { ProviderDescriptor } from './descriptor';

export const outlookDescriptor = {
  kind: 'outlook',
  label: { key: 'providers.outlook', en: 'Outlook' },
  addLabel: { key: 'accounts.linkOutlook', en: 'Link Outlook' },
  credential: 'oauth',
  settingsSchema: z.object({}).passthrough(),
  fields: [
    {
      key: 'largeAttachments',
      type: 'boolean',
      label: { key: 'accounts.outlook.largeAttachments', en: 'Allow mail over 4 MB' },
      flag: '--large-attachments',
      help: 'Outlook: also allow mail over 4 MB, which Graph builds as a draft (asks for Mail.ReadWrite)',
      linkOption: true,
      cliOnly: true,
    },
  ],
  /**
   * Exchange Online's documented limits: 30 messages a minute, 10,000 recipients a day, 500
   * recipients per message, 150 MB per message (upload sessions), and Graph's 4 concurrent
   * requests per mailbox (each send makes one request at a time, so 4 sends = 4 requests).
   */
  defaultLimits: () => ({
    perDay: 10_000,
    perMinute: 30,
    recipientsPerDay: 10_000,
    maxRecipients: 500,
    maxMessageBytes: 150 * 1024 * 1024,
    concurrency: 4,
  }),
  docs: 'docs/outlook.md',
  icon: 'microsoft',
  // The scopes and why: docs/outlook.md ("Scopes, and why each one").
  linkHints: [
    { key: 'accounts.link.browserHintOutlook', en: 'Your browser opens at the Microsoft sign-in page.' },
    { key: 'accounts.link.outlookPermissions', en: 'Microsoft asks you to let Facteur send mail as you and read message headers.' },
  ],
  setup: {
    variables: ['FACTEUR_MS_CLIENT_ID'],
    console: 'https://entra.microsoft.com/',
    register: { key: 'accounts.setup.register.outlook', en: 'Register an app in Microsoft Entra.' },
    consoleButton: { key: 'accounts.setup.console.outlook', en: 'Open Microsoft Entra' },
  },
} as const satisfies ProviderDescriptor;
