// `facteur accounts …`: link, list, enable/disable, limits, relink and remove accounts.
import type { Command, Option } from 'commander';
import { accountLimitOverridesSchema, providerKindSchema } from '../../../shared/domain';
import { descriptorOf, describeKinds, needsSecret, providerDescriptors } from '../../../shared/providers/index';
import { readProviderValues } from '../accounts/provider-fields';
import { moveUnsentMail } from '../accounts/account-move';
import { invalidInput, parseInput } from '../errors';
import type { LinkedCredentials } from '../providers/email-provider';
import { table } from './io';
import type { CliContext } from './context';
import { fieldOption, intOption, obtainCredentials, readPassword } from './account-credentials';
import { registerRelinkCommand } from './relink-command';
import { registerWindowCommand } from './window-command';
import { autoconfigValues } from './autoconfig-options';
import { describeWindow } from '../../../shared/sending-window';

export function registerAccountCommands(program: Command, context: CliContext): void {
  const accounts = program.command('accounts').description('link and manage sending accounts');

  registerAddCommand(accounts, context);

  registerRelinkCommand(accounts, context);

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

/**
 * `accounts add`: its flags are every provider's fields (each descriptor's), plus how the
 * credential arrives; the settings are checked by the chosen provider's schema before anything
 * is stored, and a password provider logs in first.
 */
function registerAddCommand(accounts: Command, context: CliContext): void {
  const descriptors = providerDescriptors();
  const lookups = descriptors.filter((descriptor) => descriptor.settingsFromAddress);
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
    .option('--autoconfig', `${lookups.map((descriptor) => descriptor.label.en).join(', ')}: find the settings from the address (explicit options win)`)
    .action(async (options: Record<string, unknown>) => {
      const kind = parseInput(providerKindSchema, options.provider, 'provider');
      const descriptor = descriptorOf(kind);
      const email = String(options.email).trim();
      const given = Object.fromEntries(descriptor.fields.map((field) => [field.key, options[flags.get(field.flag)?.attributeName() ?? field.key]]));
      const displayName = (options.name as string | undefined) ?? null;
      const lookup = options.autoconfig ? descriptor.settingsFromAddress : undefined;
      if (options.autoconfig && !lookup) {
        const instead = descriptor.credential === 'oauth' ? 'signs in instead' : 'takes its settings from its flags';
        throw invalidInput('autoconfig', `only ${describeKinds(lookups.map((known) => known.label.en))} accounts are set up from the address; ${kind} ${instead}`);
      }
      await context.withEngine(async (engine) => {
        // Settings looked up from the address fill what the flags leave out.
        const values = lookup ? await autoconfigValues(engine.accounts, descriptor, lookup, email, given, context.err) : given;
        const { settings, link } = readProviderValues(descriptor, values);
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
