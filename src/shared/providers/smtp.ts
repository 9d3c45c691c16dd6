// SMTP: a server, a port, a TLS mode and an optional login; the password goes to the keychain.
import { smtpSettingsSchema } from '../smtp-settings';
import type { ProviderDescriptor } from './descriptor';

export const smtpDescriptor = {
  kind: 'smtp',
  label: { key: 'providers.smtp', en: 'SMTP' },
  addLabel: { key: 'accounts.addSmtp', en: 'Add SMTP account' },
  credential: 'password',
  settingsSchema: smtpSettingsSchema,
  fields: [
    { key: 'host', type: 'text', label: { key: 'accounts.smtp.host', en: 'Server' }, placeholder: 'smtp.example.com', flag: '--host <host>', help: 'SMTP server', required: true },
    { key: 'port', type: 'integer', label: { key: 'accounts.smtp.port', en: 'Port' }, flag: '--port <port>', help: 'SMTP port', required: true },
    {
      key: 'secure',
      type: 'boolean',
      label: { key: 'accounts.smtp.security', en: 'Security' },
      flag: '--secure',
      help: 'SMTP over implicit TLS (port 465); otherwise STARTTLS',
      offFlag: { flag: '--starttls', help: 'SMTP: STARTTLS rather than implicit TLS', value: false },
      choices: [
        { value: false, option: 'starttls', label: { key: 'accounts.smtp.starttls', en: 'STARTTLS (port 587)' } },
        { value: true, option: 'tls', label: { key: 'accounts.smtp.tls', en: 'TLS (port 465)' } },
      ],
    },
    {
      key: 'username',
      type: 'text',
      label: { key: 'accounts.smtp.username', en: 'Username (leave empty if none)' },
      flag: '--username <username>',
      help: 'SMTP login (default: no login)',
      offFlag: { flag: '--no-username', help: 'SMTP: no login (a relay that needs none)', value: null },
      newRow: true,
      autoComplete: 'username',
    },
    {
      key: 'timeoutSeconds',
      type: 'integer',
      label: { key: 'accounts.smtp.timeout', en: 'Timeout (seconds)' },
      flag: '--timeout-seconds <seconds>',
      help: 'SMTP: seconds without an answer before giving up',
      cliOnly: true,
    },
  ],
  // Port 465 is implicit TLS, 587 submission with STARTTLS: the usual pair when none is given.
  completeSettings: (values) => ({ ...values, port: values.port ?? (values.secure === true ? 465 : 587), secure: values.secure === true, username: values.username ?? null }),
  settingsFromAddress: {
    finds: 'server',
    key: 'host',
    instead: 'give the server with --host and --port (and --secure for implicit TLS)',
    describe: (settings) => `${String(settings.host)}:${String(settings.port)} (${settings.secure === true ? 'TLS' : 'STARTTLS'}), username ${typeof settings.username === 'string' ? settings.username : '(none)'}`,
    // An explicit port without --secure means STARTTLS, as without --autoconfig; --secure alone keeps the found port only if it is the TLS one.
    under: (found, given) => {
      const secure = given.secure === true || (given.port === undefined && found.secure === true);
      const port = given.port ?? (secure === (found.secure === true) ? found.port : 465);
      const username = given.username ?? found.username ?? undefined;
      return { host: given.host ?? found.host, port, secure, ...(username === undefined ? {} : { username }) };
    },
  },
  // Choosing the TLS mode moves the port to the one that goes with it.
  fieldChanged: (key, values) => (key === 'secure' ? { port: values.secure === true ? 465 : 587 } : {}),
  formTitle: { key: 'accounts.smtp.title', en: 'Add an SMTP account' },
  needsSecret: (settings) => typeof settings.username === 'string' && settings.username.length > 0,
  defaultLimits: () => ({
    perDay: 2_000,
    perMinute: 60,
    recipientsPerDay: 10_000,
    maxRecipients: 100,
    maxMessageBytes: 25 * 1024 * 1024,
    concurrency: 2,
  }),
  docs: null,
  icon: 'envelope',
} as const satisfies ProviderDescriptor;
