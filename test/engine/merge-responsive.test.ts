// A large mail merge must not hold the engine's thread — in the desktop app, Electron's main
// process, which also sends, answers the window and keeps the tray — while it renders and
// checks its rows. Mail already due goes out to a real SMTP server while a merge of thousands of
// rows is still being prepared, and the merge's outcome is unchanged.
import { describe, expect, it } from 'vitest';
import { simpleMessage, type TestEngine } from '../helpers/engine';
import { useEngineWithServer } from '../helpers/engine-with-server';

const start = useEngineWithServer();

const ROWS = 30_000;

function bigMerge(run: TestEngine, accountId: number, dryRun: boolean): ReturnType<TestEngine['batches']['merge']> {
  const lines = ['email,name'];
  for (let i = 0; i < ROWS; i += 1) lines.push(`client${i}@example.com,Client ${i}`);
  return run.batches.merge({
    accountRef: accountId,
    template: { to: [{ address: '{{email}}', name: '{{name}}' }], subject: 'Votre commande, {{name}}', html: '<p>Bonjour {{name}},</p><p>Votre commande part demain.</p>' },
    data: Buffer.from(`${lines.join('\n')}\n`),
    dataLabel: 'clients.csv',
    name: 'clients',
    templateDir: run.dataDir,
    dataDir: run.dataDir,
    dryRun,
    previewRows: dryRun ? 50 : 1,
  });
}

describe('a large mail merge', () => {
  it.each([
    ['previewed', true],
    ['queued', false],
  ])('lets due mail reach the SMTP server while a merge being %s renders its rows', async (_, dryRun) => {
    const { engine, server, accountId } = await start();
    const due = await engine.queue.queueEmail(simpleMessage('due@example.com'), accountId);

    let mergeSettledAt = Number.POSITIVE_INFINITY;
    const merging = bigMerge(engine, accountId, dryRun).finally(() => {
      mergeSettledAt = Date.now();
    });
    const summary = await engine.process({ batchSize: 1 });
    const merged = await merging;
    expect(summary.sent).toBe(1);
    expect(server.received.map((mail) => mail.to)).toEqual([['due@example.com']]);
    // The server had the mail before the merge was done. Holding the thread for the whole merge,
    // no byte of the SMTP conversation could go out until the merge had settled.
    expect(server.received[0]?.receivedAt).toBeLessThan(mergeSettledAt);

    expect(merged).toMatchObject({ rows: ROWS, skipped: [], queued: dryRun ? 0 : ROWS });
    expect(engine.queue.get(due).status).toBe('sent');
    expect(engine.queue.counts().queued).toBe(dryRun ? 0 : ROWS);
  }, 180_000);
});

describe('an account changed while a large merge renders its rows', () => {
  it('refuses the merge when the account was disabled meanwhile, and writes nothing', async () => {
    const { engine, accountId } = await start();
    const merging = bigMerge(engine, accountId, false);
    // The merge gives the thread back while it renders: the user disables the account then.
    await new Promise((resolve) => setTimeout(resolve, 20));
    engine.accounts.setActive(accountId, false);

    await expect(merging).rejects.toMatchObject({ field: 'account', message: expect.stringMatching(/disabled/u) });
    expect(engine.queue.counts().queued).toBe(0);
    expect(engine.batches.list()).toEqual([]);
  }, 180_000);
});
