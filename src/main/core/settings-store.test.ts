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
