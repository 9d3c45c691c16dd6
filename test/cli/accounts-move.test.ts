// `facteur accounts remove ID --move-to ID2` through the real command line: the unsent mail moves
// to the other account and leaves through it; a move the other account cannot take changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';
import { cliBench, type CliBench } from './support';

let cli: CliBench;
let server: SmtpTestServer;

beforeEach(async () => {
  cli = cliBench(makeDataDir());
  server = await startSmtpTestServer();
});

afterEach(async () => {
  await server.close();
  removeDataDir(cli.dataDir);
});

describe('accounts remove --move-to', () => {
  it('moves the unsent mail to the other account, which sends it', async () => {
    const old = await cli.addSmtpAccount(server.port);
    const added = await cli.run(['accounts', 'add', '--provider', 'smtp', '--email', 'new@example.com', '--host', '127.0.0.1', '--port', String(server.port)]);
    expect(added.code, added.stderr).toBe(0);
    const next = added.stdout.trim();
    const file = cli.message('m.json', { to: [{ address: 'ana@example.com' }], subject: 'Moved along', text: 'hi' });
    const queued = await cli.run(['enqueue', '--account', old, '--message', file]);
    expect(queued.code, queued.stderr).toBe(0);

    const removed = await cli.run(['accounts', 'remove', old, '--move-to', next]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stderr).toMatch(/moved 1 email/u);
    const listed = await cli.json<Array<{ id: number; accountId: number; status: string }>>(['list']);
    expect(listed.map((item) => [item.id, item.accountId, item.status])).toEqual([[Number(queued.stdout.trim()), Number(next), 'queued']]);
    expect(await cli.json<{ sent: number }>(['process-queue'])).toMatchObject({ sent: 1 });
    expect(server.received.map((mail) => mail.from)).toEqual(['new@example.com']);
  });

  it('refuses to move to the account being removed, naming moveTo, and removes nothing', async () => {
    const old = await cli.addSmtpAccount(server.port);
    await cli.run(['enqueue', '--account', old, '--message', cli.message('m.json', { to: [{ address: 'ana@example.com' }], subject: 'Stays', text: 'hi' })]);
    const refused = await cli.run(['accounts', 'remove', old, '--move-to', old]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/moveTo: choose another account/u);
    expect(await cli.json<unknown[]>(['accounts', 'list'])).toHaveLength(1);
  });
});
