// `accounts add --autoconfig`, for every provider whose descriptor has `settingsFromAddress`: asks
// its implementation's `findSettings` (what the window's "Find settings" asks, through the same
// AccountService.findSettings) and applies what was found under the flags the user gave, saying
// on stderr what was tried, what was found and where from; stdout stays the account id. Nothing
// is stored here: the account is created by the caller, and only once its login works.
import type { ProviderDescriptor, SettingsFromAddress } from '../../../shared/providers/index';
import type { AutoconfigSource } from '../../../shared/settings-lookup';
import type { AccountService } from '../accounts/account-service';
import { invalidInput } from '../errors';

const SOURCES: Record<AutoconfigSource, (from: string) => string> = {
  table: (from) => `Facteur’s list of known services (${from})`,
  autoconfig: (from) => from,
  ispdb: (from) => `the Thunderbird ISPDB, ${from}`,
  srv: (from) => from,
};

/** Each setting as `key value`, for a provider that says nothing finer. */
const describeEach = (settings: Record<string, unknown>): string =>
  Object.entries(settings)
    .map(([key, value]) => `${key} ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');

/**
 * The field values for `email` (by key): what `descriptor`'s lookup found, under `given` (the flags' values
 * by key; undefined where not given). Throws naming the lookup's key when nothing is found and
 * it was not given either.
 */
export async function autoconfigValues(
  accounts: AccountService,
  descriptor: ProviderDescriptor,
  lookup: SettingsFromAddress,
  email: string,
  given: Record<string, unknown>,
  err: (line: string) => void,
): Promise<Record<string, unknown>> {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  err(`Looking up the ${descriptor.label.en} ${lookup.finds} for ${domain}…`);
  const { found, tried } = await accounts.findSettings(descriptor.kind, email);
  for (const attempt of tried) err(`  ${attempt.from}: ${attempt.outcome}`);
  if (!found) {
    if (given[lookup.key] !== undefined) {
      err(`No settings found for ${domain}; using the ${lookup.finds} you gave.`);
      return given;
    }
    throw invalidInput(lookup.key, `no ${descriptor.label.en} settings found for ${domain} — ${lookup.instead}`);
  }
  const via = found.viaMx ? ` (its mail server ${found.viaMx} is run there)` : '';
  err(`Found ${(lookup.describe ?? describeEach)(found.settings)} — from ${SOURCES[found.source](found.from)}${via}`);
  if (found.note) err(`Note: ${found.note}`);
  const explicit = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  return { ...given, ...(lookup.under ? lookup.under(found.settings, explicit) : { ...found.settings, ...explicit }) };
}
