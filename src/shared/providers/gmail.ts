// Gmail: OAuth in the system browser with the user's own Google client; Workspace accounts may
// send more per day.
import { z } from 'zod';
import type { ProviderDescriptor } from './descriptor';

/** users.messages.send reference: "Maximum file size: 35MB" (36,700,160 bytes), media type message/*. */
export const GMAIL_MAX_MESSAGE_BYTES = 35 * 1024 * 1024;

export const gmailSettingsSchema = z.object({ workspace: z.boolean().optional() }).passthrough();

export const gmailDescriptor = {
  kind: 'gmail',
  label: { key: 'providers.gmail', en: 'Gmail' },
  addLabel: { key: 'accounts.linkGmail', en: 'Link Gmail' },
  credential: 'oauth',
  settingsSchema: gmailSettingsSchema,
  fields: [
    { key: 'workspace', type: 'boolean', label: { key: 'accounts.gmail.workspace', en: 'Google Workspace account' }, flag: '--workspace', help: 'Gmail: a Google Workspace account (higher daily limit)', cliOnly: true },
  ],
  /**
   * Google's documented per-user sending limits (support.google.com/a/answer/166852, "Gmail sending
   * limits in Google Workspace"; support.google.com/mail/answer/22839 for consumer Gmail):
   * - messages per rolling 24 h: 2,000 for Workspace, 500 for consumer gmail.com (and Workspace trials);
   * - recipients per message sent via the Gmail API or SMTP: 100;
   * - total recipients per day: 10,000 (Workspace); consumer Gmail publishes no separate figure, and
   *   500 messages × 100 recipients would exceed what Google tolerates, so we use 500 (one recipient
   *   per allowed message on average) to stay clear of a sending suspension;
   * - message size: 35 MB (users.messages.send).
   * perMinute 20 and concurrency 2 are ours: the API's own per-user rate (250 quota units/s, a send
   * costs 100) would allow more, but bursts are what trigger Gmail's abuse limits.
   */
  defaultLimits: (settings) => {
    const workspace = settings.workspace === true;
    return {
      perDay: workspace ? 2_000 : 500,
      perMinute: 20,
      recipientsPerDay: workspace ? 10_000 : 500,
      maxRecipients: 100,
      maxMessageBytes: GMAIL_MAX_MESSAGE_BYTES,
      concurrency: 2,
    };
  },
  docs: 'docs/gmail.md',
  icon: 'google',
  linkHints: [{ key: 'accounts.link.browserHint', en: 'Your browser opens at the sign-in page.' }],
  setup: {
    variables: ['FACTEUR_GOOGLE_CLIENT_ID'],
    companions: ['FACTEUR_GOOGLE_CLIENT_SECRET'],
    console: 'https://console.cloud.google.com/apis/credentials',
    register: { key: 'accounts.setup.register.gmail', en: 'Register an OAuth client in Google Cloud.' },
    consoleButton: { key: 'accounts.setup.console.gmail', en: 'Open Google Cloud console' },
  },
} as const satisfies ProviderDescriptor;
