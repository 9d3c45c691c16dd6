// Settings are validated whole before anything is written: a bad quick time names its field.
import { describe, expect, it } from 'vitest';
import { makeEngine } from '../../../test/helpers/engine';

describe('SettingsStore quick times', () => {
  it('stores the user’s quick times and refuses a bad one, naming it, without writing', () => {
    const engine = makeEngine();
    try {
      engine.settings.update({ quickTimes: [{ label: 'Friday wrap-up', day: 'fri', time: '16:30' }] });
      expect(engine.settings.get().quickTimes).toEqual([{ label: 'Friday wrap-up', day: 'fri', time: '16:30' }]);
      expect(() => engine.settings.update({ quickTimes: [{ label: 'Late', day: 'fri', time: '25:00' }] })).toThrow(/settings\.quickTimes\[0\]\.time: must be a time such as 07:30/u);
      expect(() => engine.settings.update({ quickTimes: [{ label: 'Someday', day: 'someday', time: '09:00' }] })).toThrow(/settings\.quickTimes\[0\]\.day/u);
      expect(engine.settings.get().quickTimes).toHaveLength(1);
    } finally {
      engine.dispose();
    }
  });
});

describe('SettingsStore scheduler cron', () => {
  it('refuses a schedulerCron node-cron cannot run, and reads one already stored as the default', () => {
    const engine = makeEngine();
    try {
      engine.settings.update({ schedulerCron: '*/5 * * * *' });
      expect(engine.settings.get().schedulerCron).toBe('*/5 * * * *');
      for (const bad of ['not a cron', '61 * * * *', '* * * * * * *']) {
        expect(() => engine.settings.update({ schedulerCron: bad }), bad).toThrow(/settings\.schedulerCron: .*cron expression/u);
      }
      expect(engine.settings.get().schedulerCron).toBe('*/5 * * * *');
      // A value written before this check (or by hand) must not stop the app's scheduler from starting.
      engine.db.$client.prepare("update settings set value = ? where key = 'schedulerCron'").run(JSON.stringify('every minute please'));
      expect(engine.settings.get().schedulerCron).toBe('* * * * *');
    } finally {
      engine.dispose();
    }
  });
});
