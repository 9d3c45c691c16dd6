// Every request of the IPC contract, implemented over the engine: one group per domain (queue,
// batches, settings, drafts, app; accounts here), merged into the one map that Electron's ipcMain
// and the loopback WebSocket serve. `defineHandlers` is typed by the contract, so a channel no
// group handles fails to compile (and test/desktop/handlers.test.ts checks it at run time). What
// only the shell can do (file dialog, login item, system browser) comes in through `platform`.
import type { AccountSummary } from '../../../shared/domain';
import { findSmtpSettings } from '../providers/smtp/autoconfig/find-smtp-settings';
import { moveUnsentMail, unsentMail } from '../accounts/account-move';
import type { Engine } from '../engine';
import { notFound } from '../errors';
import { appHandlers } from './app-handlers';
import { draftHandlers } from './draft-handlers';
import { createHandlerContext, type Platform } from './handler-context';
import { defineHandlers, type HandlerMap } from './handler-map';
import { createLinkHandlers } from './link-handlers';
import { batchHandlers } from './merge-handlers';
import { outputChecksWanted } from './output-check';
import { queueHandlers } from './queue-handlers';
import { settingsHandlers } from './settings-handlers';

export type { Platform } from './handler-context';

export function createHandlers(engine: Engine, platform: Platform): HandlerMap {
  const context = createHandlerContext(engine, platform);
  const { openExternal } = context;

  const summary = (id: number): AccountSummary => {
    const found = engine.accounts.list().find((account) => account.id === id);
    if (!found) throw notFound(`account ${id}`);
    return found;
  };

  return defineHandlers(
    {
      ...queueHandlers(context),
      ...batchHandlers(context),
      ...settingsHandlers(context),
      ...draftHandlers(context),
      ...appHandlers(context),
      'accounts:list': () => engine.accounts.list(),
      // Adding and linking, for every provider alike, from its descriptor.
      ...createLinkHandlers(engine, openExternal),
      'accounts:smtpAutoconfig': ({ email }) => findSmtpSettings(email, engine.config.autoconfig ? { endpoints: engine.config.autoconfig } : {}),
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
