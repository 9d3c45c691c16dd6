// A small mail merge the engine tests share: two people (Ana and Bo) merged from a CSV into a
// batch of their own, on one account, with the batch's own sending window when given.
import type { SendingWindow } from '../../src/shared/sending-window';
import type { TestEngine } from './engine';

/** Wednesdays 14:00–16:00 Paris: a batch window narrower than office hours. */
export const WEDNESDAY_AFTERNOONS: SendingWindow = { days: ['wed'], hours: [{ start: '14:00', end: '16:00' }], timeZone: 'Europe/Paris' };

/** Merges "Hi {{name}}" to ana@example.com and bo@example.com as the batch "people". */
export function mergePeople(engine: TestEngine, accountId: number, window: SendingWindow | null = null): ReturnType<TestEngine['batches']['merge']> {
  return engine.batches.merge({
    accountRef: accountId,
    template: { to: [{ address: '{{email}}' }], subject: 'Hi {{name}}', text: 'Hello {{name}}' },
    data: Buffer.from('email,name\nana@example.com,Ana\nbo@example.com,Bo\n'),
    dataLabel: 'people.csv',
    name: 'people',
    templateDir: engine.dataDir,
    dataDir: engine.dataDir,
    window,
  });
}
