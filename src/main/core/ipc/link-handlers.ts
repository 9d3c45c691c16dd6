// The channels that add and link accounts, for every provider alike: what each one asks for and
// how it signs in come from its descriptor (src/shared/providers), so nothing here names a kind.
import type { AccountSummary } from '../../../shared/domain';
import { descriptorOf, missingSetup, needsSecret, providerDescriptors } from '../../../shared/providers/index';
import { readProviderValues } from '../accounts/provider-fields';
import { parseJson } from '../accounts/account-service';
import type { Engine } from '../engine';
import { invalidInput, notFound } from '../errors';
import type { LinkedCredentials } from '../providers/email-provider';
import type { HandlerImpls } from './handler-map';

type LinkChannels = 'accounts:add' | 'accounts:cancelLink' | 'accounts:providers' | 'accounts:relink' | 'accounts:settings';

export function createLinkHandlers(engine: Engine, openExternal: (url: string) => Promise<void>): Pick<HandlerImpls, LinkChannels> {
  let linking: AbortController | null = null;

  const summary = (id: number): AccountSummary => {
    const found = engine.accounts.list().find((account) => account.id === id);
    if (!found) throw notFound(`account ${id}`);
    return found;
  };

  /** OAuth in the system browser; one sign-in at a time (a new one cancels the previous). */
  const signIn = async (kind: string, email: string, link: Record<string, unknown> = {}): Promise<LinkedCredentials> => {
    const implementation = engine.accounts.provider(kind);
    if (!implementation.link) throw invalidInput('provider', `${kind} accounts cannot be linked interactively`);
    linking?.abort();
    const controller = new AbortController();
    linking = controller;
    try {
      return await implementation.link({ ...link, email, openUrl: openExternal, signal: controller.signal });
    } finally {
      if (linking === controller) linking = null;
    }
  };

  /** A password provider's account: settings checked by its descriptor, the login tried first unless told not to. */
  const addWithPassword = async (kind: string, input: { email: string; displayName?: string | null | undefined; settings: Record<string, unknown>; password?: string | null | undefined; verify: boolean }): Promise<AccountSummary> => {
    const { settings } = readProviderValues(descriptorOf(kind), input.settings, 'settings');
    if (needsSecret(kind, settings) && !input.password) throw invalidInput('password', 'is required when a username is given');
    const id = await engine.accounts.create(kind, { email: input.email, displayName: input.displayName ?? null, secret: input.password ?? '', settings }, {}, { verify: input.verify });
    return summary(id);
  };

  return {
    'accounts:add': async ({ kind, email, displayName, settings, credential, verify }) => {
      const descriptor = descriptorOf(kind);
      if (credential.type !== descriptor.credential) throw invalidInput('credential', `${kind} accounts sign in with ${descriptor.credential === 'oauth' ? 'the browser' : 'a password'}`);
      if (credential.type === 'password') return addWithPassword(kind, { email, displayName, settings, password: credential.password, verify });
      const values = readProviderValues(descriptor, settings, 'settings');
      const credentials = await signIn(kind, email, values.link);
      const stored = { ...credentials, settings: { ...credentials.settings, ...values.settings }, ...(displayName ? { displayName } : {}) };
      return summary(await engine.accounts.create(kind, stored));
    },
    'accounts:providers': () =>
      providerDescriptors()
        .filter((descriptor) => descriptor.credential === 'oauth')
        .map((descriptor) => {
          const missing = missingSetup(descriptor, engine.config.providerEnv ?? {});
          return { provider: descriptor.kind, ready: missing.length === 0, missing };
        }),
    'accounts:cancelLink': () => {
      linking?.abort();
      return null;
    },
    'accounts:relink': async ({ id, password, settings }) => {
      const row = engine.accounts.get(id);
      const descriptor = descriptorOf(row.provider);
      if (descriptor.credential === 'oauth') {
        if (settings !== undefined && Object.keys(settings).length > 0) throw invalidInput('settings', `${descriptor.label.en} accounts keep no settings to change here; they sign in again`);
        await engine.accounts.relink(id, await signIn(row.provider, row.email));
        return summary(id);
      }
      // Only the keys given change; the whole is checked by the descriptor's schema before the login is tried.
      const changes = settings ?? {};
      if (engine.accounts.settingsAfter(id, changes).needsSecret && !password) throw invalidInput('password', `is required for this ${descriptor.label.en} account`);
      await engine.accounts.relink(id, { email: row.email, displayName: row.displayName, secret: password ?? '', settings: changes }, { verify: true });
      return summary(id);
    },
    'accounts:settings': ({ id }) => {
      const row = engine.accounts.get(id);
      const descriptor = descriptorOf(row.provider);
      if (descriptor.credential !== 'password') return null;
      const parsed = descriptor.settingsSchema.safeParse(parseJson(row.settings));
      return parsed.success ? parsed.data : null;
    },
  };
}
