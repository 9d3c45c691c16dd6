// The values a provider's descriptor asks for when adding an account, split into the settings
// stored with it (checked by the descriptor's schema, nothing stored when they fail) and the
// options given to its interactive sign-in. Shared by `accounts add` and the `accounts:add` channel.
import type { ProviderDescriptor } from '../../../shared/providers/index';
import { parseInput } from '../errors';

export interface ProviderValues {
  settings: Record<string, unknown>;
  /** Spread into the sign-in's LinkOptions (e.g. Outlook's `largeAttachments`). */
  link: Record<string, unknown>;
}

/**
 * `values` by field key (only those given). Settings errors name the field, under `prefix` when
 * given (`settings.host` for the IPC input, `host` for the command line's --host).
 */
export function readProviderValues(descriptor: ProviderDescriptor, values: Record<string, unknown>, prefix?: string): ProviderValues {
  const linkKeys = new Set(descriptor.fields.filter((field) => field.linkOption).map((field) => field.key));
  const given = Object.fromEntries(Object.entries(values).filter(([key, value]) => value !== undefined && !linkKeys.has(key)));
  const link = Object.fromEntries(Object.entries(values).filter(([key, value]) => value !== undefined && linkKeys.has(key)));
  const completed = descriptor.completeSettings ? descriptor.completeSettings(given) : given;
  return { settings: parseInput(descriptor.settingsSchema, completed, prefix ?? ''), link };
}
