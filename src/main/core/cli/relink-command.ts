// `facteur accounts relink ID`: signs an OAuth account in again, or gives a password account a
// new password and, with its flags, new settings. The flags come from the descriptors' fields
// (SMTP's `--host --port --secure|--starttls --username|--no-username`, any registered
// provider's own): only the keys given change, the whole is checked by the account's provider's
// schema, and the login is tried, before anything is stored. A flag of another provider is
// refused naming it. Held mail is released.
import { Option, type Command } from 'commander';
import { descriptorOf, providerDescriptors, type ProviderDescriptor, type ProviderField } from '../../../shared/providers/index';
import { invalidInput } from '../errors';
import { fieldOption, obtainCredentials, readPassword } from './account-credentials';
import type { CliContext } from './context';

/** A field's relink flags, and how to read what was given. */
interface RelinkFlag {
  field: ProviderField;
  on: Option;
  off: Option | null;
}

/** Whether a provider's field is changed by relinking: a password provider's settings, an OAuth provider's sign-in options. */
function relinkable(descriptor: ProviderDescriptor, field: ProviderField): boolean {
  return descriptor.credential === 'password' ? !field.linkOption : field.linkOption === true;
}

/** The flag's name in errors, as `accounts add` names it: its long name without dashes. */
const flagName = (option: Option): string => option.long?.replace(/^--(no-)?/u, '') ?? option.name();

/** What the flags gave for `field`: the value, the off flag's value, or undefined for neither. */
function readFlag({ field, on, off }: RelinkFlag, options: Record<string, unknown>): unknown {
  const value = options[on.attributeName()];
  if (!off) return value;
  // `--no-username` beside `--username <u>`: commander keeps the last one given, as `false`.
  if (off.negate && off.attributeName() === on.attributeName()) return value === false ? field.offFlag?.value : value;
  if (options[off.attributeName()] !== true) return value;
  if (value !== undefined) throw invalidInput(flagName(on), `give ${on.long ?? ''} or ${off.long ?? ''}, not both`);
  return field.offFlag?.value;
}

export function registerRelinkCommand(accounts: Command, context: CliContext): void {
  const relink = accounts
    .command('relink <id>')
    .description('sign in again (or give a new password/tokens, server or login); releases held mail')
    .option('--password-stdin', 'password providers (SMTP): read the new password from stdin')
    .option('--tokens-stdin', 'read new {"accessToken","refreshToken","expiresAt"} from stdin');
  const flags = new Map<string, RelinkFlag>();
  for (const descriptor of providerDescriptors()) {
    for (const field of descriptor.fields.filter((candidate) => relinkable(descriptor, candidate))) {
      if (flags.has(field.flag)) continue;
      const flag: RelinkFlag = { field, on: fieldOption(field), off: field.offFlag ? new Option(field.offFlag.flag, field.offFlag.help) : null };
      flags.set(field.flag, flag);
      relink.addOption(flag.on);
      if (flag.off) relink.addOption(flag.off);
    }
  }
  relink.option('--no-verify', 'password providers (SMTP): store without connecting and logging in first');

  relink.action(async (id: string, options: Record<string, unknown>) => {
    await context.withEngine(async (engine) => {
      const row = engine.accounts.resolve(id);
      const descriptor = descriptorOf(row.provider);
      // What the flags gave, by field key; a flag this account's provider does not have is refused.
      const given: Record<string, unknown> = {};
      for (const flag of flags.values()) {
        const value = readFlag(flag, options);
        if (value === undefined) continue;
        const own = descriptor.fields.find((field) => field.flag === flag.field.flag);
        if (!own || !relinkable(descriptor, own)) throw invalidInput(flagName(flag.on), `is not something ${descriptor.label.en} accounts change when relinking`);
        given[own.key] = value;
      }
      if (descriptor.credential === 'oauth') {
        const credentials = await obtainCredentials(engine, row.provider, row.email, { tokensStdin: options.tokensStdin === true, link: given });
        const released = await engine.accounts.relink(row.id, credentials);
        context.out(`account ${row.id} linked again; ${released} held email(s) released`);
        return;
      }
      // Checked whole before the password is read: a bad value is exit 2 naming its field as the flags do, nothing stored.
      const after = engine.accounts.settingsAfter(row.id, given, '');
      // Backwards compatible: an account whose settings need a secret always reads it from stdin.
      const secret = after.needsSecret || options.passwordStdin ? await readPassword() : '';
      const released = await engine.accounts.relink(row.id, { email: row.email, displayName: row.displayName, secret, settings: given }, { verify: options.verify !== false });
      context.out(`account ${row.id} linked again; ${released} held email(s) released`);
    });
  });
}
