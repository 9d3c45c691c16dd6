// Settings and the background job: what the Settings view changes, with the checks its schema
// cannot make (cron syntax), and the login item and scheduler told of the change.
import { validate as validateCron } from 'node-cron';
import { BackgroundJob } from '../background/background-job';
import { invalidInput } from '../errors';
import type { HandlerContext } from './handler-context';
import type { ImplsFor } from './handler-map';

export function settingsHandlers({ engine, platform }: HandlerContext): ImplsFor<'settings' | 'background'> {
  const background = (): BackgroundJob => platform.backgroundJob ?? new BackgroundJob({ dataDir: engine.config.dataDir });
  return {
    'settings:get': () => engine.settings.get(),
    'settings:update': (patch) => {
      if (patch.schedulerCron !== undefined && !validateCron(patch.schedulerCron)) {
        throw invalidInput('schedulerCron', `"${patch.schedulerCron}" is not a cron expression such as "* * * * *"`);
      }
      const before = engine.settings.get();
      const next = engine.settings.update(patch);
      if (patch.startAtLogin !== undefined && patch.startAtLogin !== before.startAtLogin) platform.setStartAtLogin(next.startAtLogin);
      platform.settingsChanged?.(next);
      return next;
    },

    'background:status': () => background().status(),
    'background:set': ({ enabled, every }) => {
      const job = background();
      if (enabled) job.install(every);
      else job.uninstall();
      return job.status();
    },
  };
}
