// `facteur accounts …`: link, list, enable/disable, limits, relink and remove accounts.
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { accountLimitOverridesSchema, providerKindSchema, type ProviderKind } from '../../../shared/domain';
import { descriptorOf, describeKinds, needsSecret, providerDescriptors, type ProviderField } from '../../../shared/providers/index';
import { readProviderValues } from '../accounts/provider-fields';
import { moveUnsentMail } from '../accounts/account-move';
import type { Engine } from '../engine';
import { invalidInput, parseInput } from '../errors';
import type { LinkedCredentials } from '../providers/email-provider';
import { openInBrowser, readStdin, table } from './io';
import type { CliContext } from './context';
import { registerWindowCommand } from './window-command';
import { autoconfigSmtpOptions, type SmtpCliOptions } from './smtp-autoconfig';
import { describeWindow } from '../../../shared/sending-window';

const tokensSchema = z
  .object({
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1),
    expiresAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time' }),
  })
  .strict();

const intOption = (name: string) => (value: string): number => {
  if (!/^\d+$/u.test(value)) throw invalidInput(name, `"${value}" is not a whole number`);
  return Number(value);
};

async function readPassword(): Promise<string> {
  const password = (await readStdin()).replace(/\r?\n$/u, '');
  if (!password) throw invalidInput('password', 'nothing was read from stdin');
  return password;
}

/** OAuth credentials for `kind`: tokens from stdin, or interactive sign-in with its link options. */
async function obtainCredentials(
  engine: Engine,
  kind: ProviderKind,
  email: string,
  options: { tokensStdin?: boolean | undefined; link?: Record<string, unknown> },
): Promise<LinkedCredentials> {
  const provider = engine.accounts.provider(kind);
  if (options.tokensStdin) {
    if (!provider.importTokens) throw invalidInput('tokens-stdin', `${kind} accounts do not use tokens`);
    let json: unknown;
    try {
      json = JSON.parse(await readStdin());
    } catch (error) {
      throw invalidInput('tokens', `stdin is not valid JSON (${(error as Error).message})`);
    }
    const tokens = parseInput(tokensSchema, json, 'tokens');
    return provider.importTokens(tokens, email);
  }
  if (!provider.link) throw invalidInput('provider', `${kind} accounts cannot be linked interactively`);
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  try {
    const link = options.link ?? {};
    if (provider.linkNote) process.stderr.write(`${provider.linkNote(link)}\n`);
    process.stderr.write(`Waiting for you to sign in to ${email} in the browser…\n`);
    return await provider.link({ ...link, email, openUrl: (url) => openInBrowser(url), signal: controller.signal });
  } finally {
    process.off('SIGINT', stop);
  }
}

interface RelinkOptions {
  passwordStdin?: boolean;
  tokensStdin?: boolean;
  host?: string;
  port?: number;
  secure?: boolean;
  starttls?: boolean;
  username?: string | false;
  verify?: boolean;
  largeAttachments?: boolean;
}

export function registerAccountCommands(program: Command, context: CliContext): void {
  const accounts = program.command('accounts').description('link and manage sending accounts');

  registerAddCommand(accounts, context);

  accounts
    .command('relink <id>')
    .description('sign in again (or give a new password/tokens, SMTP server or login); releases held mail')
    .option('--password-stdin', 'SMTP: read the new password from stdin')
    .option('--tokens-stdin', 'read new {"accessToken","refreshToken","expiresAt"} from stdin')
    .option('--host <host>', 'SMTP: a new server')
    .option('--port <port>', 'SMTP: a new port', intOption('port'))
    .option('--secure', 'SMTP: implicit TLS (port 465)')
    .option('--starttls', 'SMTP: STARTTLS rather than implicit TLS')
    .option('--username <username>', 'SMTP: a new login')
    .option('--no-username', 'SMTP: no login (a relay that needs none)')
    .option('--no-verify', 'SMTP: store without connecting and logging in first')
    .option('--large-attachments', 'Outlook: also allow mail over 4 MB, which Graph builds as a draft (asks for Mail.ReadWrite)')
    .action(async (id: string, options: RelinkOptions) => {
      await context.withEngine(async (engine) => {
        const row = engine.accounts.resolve(id);
        if (descriptorOf(row.provider).credential === 'oauth') {
          const link = options.largeAttachments ? { largeAttachments: true } : {};
          const credentials = await obtainCredentials(engine, row.provider, row.email, { tokensStdin: options.tokensStdin, link });
          const released = await engine.accounts.relink(row.id, credentials);
          context.out(`account ${row.id} linked again; ${released} held email(s) released`);
          return;
        }
        const changes: Record<string, unknown> = {};
        if (options.host !== undefined) changes.host = options.host;
        if (options.port !== undefined) changes.port = options.port;
        if (options.secure && options.starttls) throw invalidInput('secure', 'give --secure or --starttls, not both');
        if (options.secure) changes.secure = true;
        if (options.starttls) changes.secure = false;
        if (options.username === false) changes.username = null;
        else if (typeof options.username === 'string') changes.username = options.username;
        const settings = { ...(JSON.parse(row.settings) as Record<string, unknown>), ...changes };
        // Backwards compatible: an SMTP account with a login always reads its password from stdin.
        const secret = needsSecret(row.provider, settings) || options.passwordStdin ? await readPassword() : '';
        const released = await engine.accounts.relink(
          row.id,
          { email: row.email, displayName: row.displayName, secret, settings: changes },
          { verify: options.verify !== false },
        );
        context.out(`account ${row.id} linked again; ${released} held email(s) released`);
      });
    });

  accounts
    .command('list')
    .description('linked accounts with their state and quota use')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await context.withEngine((engine) => {
        const list = engine.accounts.list();
        if (options.json) return context.json(list);
        if (list.length === 0) return context.out('no accounts yet: add one with `facteur accounts add`');
        context.out(
          table(
            ['ID', 'EMAIL', 'PROVIDER', 'ACTIVE', 'STATE', 'QUOTA (24 h)', 'SENDS'],
            list.map((a) => [a.id, a.email, a.provider, a.active ? 'yes' : 'no', a.state, `${a.quotaUsed}/${a.limits.perDay}`, a.sendingWindow ? describeWindow(a.sendingWindow) : 'any time']),
          ),
        );
      });
    });

  for (const [name, active] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    accounts
      .command(`${name} <id>`)
      .description(active ? 'send this account’s mail again' : 'stop sending this account’s mail (it waits)')
      .action(async (id: string) => {
        await context.withEngine((engine) => engine.accounts.setActive(engine.accounts.resolve(id).id, active));
      });
  }

  accounts
    .command('remove <id>')
    .description('delete the account, its history and its keychain entries')
    .option('--force', 'also cancel mail it has not sent yet')
    .option('--move-to <id>', 'first move its scheduled, queued and held mail to this account')
    .action(async (id: string, options: { force?: boolean; moveTo?: string }) => {
      await context.withEngine(async (engine) => {
        const account = engine.accounts.resolve(id).id;
        if (options.moveTo !== undefined) {
          const moved = moveUnsentMail(engine.db, engine.accounts, account, engine.accounts.resolve(options.moveTo).id, engine.clock);
          context.err(`moved ${moved} email(s)`);
        }
        await engine.accounts.remove(account, options.force === true);
      });
    });

  accounts
    .command('limits <id>')
    .description('show or override the account’s sending limits')
    .option('--per-day <n>', 'messages in any 24 hours', intOption('per-day'))
    .option('--per-minute <n>', 'messages in any minute', intOption('per-minute'))
    .option('--recipients-per-day <n>', 'recipients in any 24 hours', intOption('recipients-per-day'))
    .option('--max-recipients <n>', 'recipients in one message', intOption('max-recipients'))
    .option('--max-message-bytes <n>', 'size of one message', intOption('max-message-bytes'))
    .option('--concurrency <n>', 'messages in flight at once', intOption('concurrency'))
    .option('--reset', 'back to the provider’s defaults')
    .option('--json', 'print JSON')
    .action(async (id: string, options: Record<string, unknown>) => {
      await context.withEngine((engine) => {
        const row = engine.accounts.resolve(id);
        const keys = ['perDay', 'perMinute', 'recipientsPerDay', 'maxRecipients', 'maxMessageBytes', 'concurrency'] as const;
        const given = Object.fromEntries(keys.filter((key) => options[key] !== undefined).map((key) => [key, options[key]]));
        let limits = engine.accounts.limitsOf(row);
        if (options.reset) limits = engine.accounts.setLimits(row.id, {});
        else if (Object.keys(given).length > 0) {
          const current = accountLimitOverridesSchema.parse(JSON.parse(row.limits));
          limits = engine.accounts.setLimits(row.id, { ...current, ...given });
        }
        if (options.json) return context.json(limits);
        context.out(table(['LIMIT', 'VALUE'], Object.entries(limits).map(([key, value]) => [key, value])));
      });
    });

  registerWindowCommand(accounts, context);

}

/** A field's commander option: integers parsed here so a bad one names the flag. */
function fieldOption(field: ProviderField): Option {
  const option = new Option(field.flag, field.help);
  return field.type === 'integer' ? option.argParser(intOption(option.long?.replace(/^--/u, '') ?? field.key)) : option;
}

/**
 * `accounts add`: its flags are every provider's fields (each descriptor's), plus how the
 * credential arrives; the settings are checked by the chosen provider's schema before anything
 * is stored, and a password provider logs in first.
 */
function registerAddCommand(accounts: Command, context: CliContext): void {
  const descriptors = providerDescriptors();
  const add = accounts
    .command('add')
    .description('link an account (SMTP password or OAuth tokens go to the OS keychain)')
    .requiredOption('--provider <provider>', describeKinds(descriptors.map((descriptor) => descriptor.kind)))
    .requiredOption('--email <address>', 'the address mail is sent from')
    .option('--name <display name>', 'the name shown to recipients');
  const flags = new Map<string, Option>();
  for (const field of descriptors.flatMap((descriptor) => descriptor.fields)) {
    if (!flags.has(field.flag)) flags.set(field.flag, fieldOption(field));
  }
  for (const option of flags.values()) add.addOption(option);
  add
    .option('--password-stdin', 'read the password (SMTP) from stdin')
    .option('--tokens-stdin', 'read {"accessToken","refreshToken","expiresAt"} JSON from stdin')
    .option('--no-verify', 'password providers (SMTP): store the account without connecting and logging in first')
    .option('--autoconfig', 'SMTP: find host, port, security and username from the address (explicit options win)')
    .action(async (options: Record<string, unknown>) => {
      const kind = parseInput(providerKindSchema, options.provider, 'provider');
      const descriptor = descriptorOf(kind);
      const email = String(options.email).trim();
      const given = Object.fromEntries(descriptor.fields.map((field) => [field.key, options[flags.get(field.flag)?.attributeName() ?? field.key]]));
      const displayName = (options.name as string | undefined) ?? null;
      if (options.autoconfig && !descriptor.settingsFromAddress) throw invalidInput('autoconfig', `only SMTP accounts are set up from the address; ${kind} signs in instead`);
      await context.withEngine(async (engine) => {
        // SMTP settings looked up from the address fill what the options leave out.
        const found = options.autoconfig && descriptor.settingsFromAddress ? await autoconfigSmtpOptions(email, given as SmtpCliOptions, engine.config, context.err) : {};
        const { settings, link } = readProviderValues(descriptor, { ...given, ...found });
        let credentials: LinkedCredentials;
        if (descriptor.credential === 'password') {
          if (needsSecret(kind, settings) && !options.passwordStdin) throw invalidInput('password', 'give the password with --password-stdin');
          const password = options.passwordStdin ? await readPassword() : '';
          credentials = { email, displayName, secret: password, settings };
        } else {
          credentials = await obtainCredentials(engine, kind, email, { tokensStdin: options.tokensStdin === true, link });
          if (displayName) credentials = { ...credentials, displayName };
          if (Object.keys(settings).length > 0) credentials = { ...credentials, settings: { ...credentials.settings, ...settings } };
        }
        // A password provider connects and logs in first: a refused password is exit 2, a server out of reach exit 3.
        const id = await engine.accounts.create(kind, credentials, {}, { verify: descriptor.credential === 'password' && options.verify !== false });
        context.out(String(id));
      });
    });
}
