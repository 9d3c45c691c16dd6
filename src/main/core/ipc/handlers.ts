// Every request of the IPC contract, implemented over the engine: one group per domain (queue,
// batches, settings, drafts, app; accounts here), merged into the one map that Electron's ipcMain
// and the loopback WebSocket serve. `defineHandlers` is typed by the contract, so a channel no
// group handles fails to compile (and test/desktop/handlers.test.ts checks it at run time). What
// only the shell can do (file dialog, login item, system browser) comes in through `platform`.
import type { AccountSummary } from '../../../shared/domain';
import { smtpSettingsSchema } from '../../../shared/smtp-settings';
import { findSmtpSettings } from '../providers/smtp/autoconfig/find-smtp-settings';
import { moveUnsentMail, unsentMail } from '../accounts/account-move';
import type { Engine } from '../engine';
import { invalidInput, notFound } from '../errors';
import type { LinkedCredentials } from '../providers/email-provider';
import { appHandlers } from './app-handlers';
import { draftHandlers } from './draft-handlers';
import { createHandlerContext, type Platform } from './handler-context';
import { defineHandlers, type HandlerMap } from './handler-map';
import { batchHandlers } from './merge-handlers';
import { outputChecksWanted } from './output-check';
import { queueHandlers } from './queue-handlers';
import { settingsHandlers } from './settings-handlers';

export type { Platform } from './handler-context';

export function createHandlers(engine: Engine, platform: Platform): HandlerMap {
  const context = createHandlerContext(engine, platform);
  const { openExternal } = context;
  let linking: AbortController | null = null;

  const summary = (id: number): AccountSummary => {
    const found = engine.accounts.list().find((account) => account.id === id);
    if (!found) throw notFound(`account ${id}`);
    return found;
  };

  /** OAuth in the system browser; one sign-in at a time (a new one cancels the previous). */
  const signIn = async (provider: 'gmail' | 'outlook', email: string): Promise<LinkedCredentials> => {
    const implementation = engine.accounts.provider(provider);
    if (!implementation.link) throw invalidInput('provider', `${provider} accounts cannot be linked interactively`);
    linking?.abort();
    const controller = new AbortController();
    linking = controller;
    try {
      return await implementation.link({ email, openUrl: openExternal, signal: controller.signal });
    } finally {
      if (linking === controller) linking = null;
    }
  };

  return defineHandlers(
    {
      ...queueHandlers(context),
      ...batchHandlers(context),
      ...settingsHandlers(context),
      ...draftHandlers(context),
      ...appHandlers(context),
      // Accounts stay here until they are derived from the provider descriptors.
      'accounts:list': () => engine.accounts.list(),
      'accounts:link': async ({ provider, email, displayName }) => {
        const credentials = await signIn(provider, email);
        const id = await engine.accounts.create(provider, displayName ? { ...credentials, displayName } : credentials);
        return summary(id);
      },
      'accounts:providers': () => {
        const { google, microsoft } = engine.config.oauth;
        const gmailMissing = google.clientId ? [] : ['FACTEUR_GOOGLE_CLIENT_ID'];
        const outlookMissing = microsoft.clientId ? [] : ['FACTEUR_MS_CLIENT_ID'];
        return [
          { provider: 'gmail' as const, ready: gmailMissing.length === 0, missing: gmailMissing },
          { provider: 'outlook' as const, ready: outlookMissing.length === 0, missing: outlookMissing },
        ];
      },
      'accounts:cancelLink': () => {
        linking?.abort();
        return null;
      },
      'accounts:addSmtp': async ({ email, displayName, settings, password, verify }) => {
        if (settings.username && !password) throw invalidInput('password', 'is required when a username is given');
        const id = await engine.accounts.create('smtp', { email, displayName: displayName ?? null, secret: password ?? '', settings }, {}, { verify });
        return summary(id);
      },
      'accounts:relink': async ({ id, password, host, port, secure, username }) => {
        const row = engine.accounts.get(id);
        if (row.provider === 'smtp') {
          const changes = Object.fromEntries(Object.entries({ host, port, secure, username }).filter(([, value]) => value !== undefined));
          const settings: Record<string, unknown> = { ...(JSON.parse(row.settings) as Record<string, unknown>), ...changes };
          if (settings.username && !password) throw invalidInput('password', 'is required for this SMTP account');
          await engine.accounts.relink(id, { email: row.email, displayName: row.displayName, secret: password ?? '', settings: changes }, { verify: true });
        } else {
          await engine.accounts.relink(id, await signIn(row.provider, row.email));
        }
        return summary(id);
      },
      'accounts:smtpAutoconfig': ({ email }) => findSmtpSettings(email, engine.config.autoconfig ? { endpoints: engine.config.autoconfig } : {}),
      'accounts:smtpSettings': ({ id }) => {
        const row = engine.accounts.get(id);
        if (row.provider !== 'smtp') return null;
        const parsed = smtpSettingsSchema.safeParse(JSON.parse(row.settings));
        return parsed.success ? parsed.data : null;
      },
      'accounts:setActive': ({ id, active }) => {
        engine.accounts.setActive(id, active);
        return summary(id);
      },
      'accounts:remove': async ({ id, force, moveTo }) => {
        const moved = moveTo === undefined ? 0 : moveUnsentMail(engine.db, engine.accounts, id, moveTo, engine.clock);
        try {
          return { cancelled: await engine.accounts.remove(id, force), moved };
        } finally {
          // Its mail moved or went with it: the counts changed either way.
          engine.events.emit('queue-changed');
        }
      },
      'accounts:unsent': ({ id }) => {
        engine.accounts.get(id);
        return unsentMail(engine.db, id);
      },
      'accounts:setLimits': ({ id, limits }) => {
        engine.accounts.setLimits(id, limits);
        return summary(id);
      },
      'accounts:setWindow': ({ id, window }) => {
        engine.accounts.setWindow(id, window);
        return summary(id);
      },

    },
    { log: engine.log, checkOutputs: platform.checkOutputs ?? outputChecksWanted() },
  );
}
