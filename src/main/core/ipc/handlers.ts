// Every request of the IPC contract, implemented over the engine: one group per domain (accounts,
// queue, batches, settings, drafts, app), merged into the one map that Electron's ipcMain
// and the loopback WebSocket serve. `defineHandlers` is typed by the contract, so a channel no
// group handles fails to compile (and test/desktop/handlers.test.ts checks it at run time). What
// only the shell can do (file dialog, login item, system browser) comes in through `platform`.
import type { Engine } from '../engine';
import { accountHandlers } from './account-handlers';
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
  return defineHandlers(
    {
      ...accountHandlers(context),
      ...queueHandlers(context),
      ...batchHandlers(context),
      ...settingsHandlers(context),
      ...draftHandlers(context),
      ...appHandlers(context),
    },
    { log: engine.log, checkOutputs: platform.checkOutputs ?? outputChecksWanted() },
  );
}
