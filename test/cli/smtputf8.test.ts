// An address with non-ASCII characters before the @ needs SMTPUTF8 (RFC 6531). To a server that
// does not offer it, the mail fails at once, permanently, naming the address — nothing is sent
// raw. Through the real CLI and keychain against the real SMTP test server, with and without the
// extension.
import { afterEach, describe, expect, it } from 'vitest';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';
import { cliBench, type CliBench } from './support';

let cli: CliBench | undefined;
let server: SmtpTestServer | undefined;

afterEach(async () => {
  await server?.close();
  if (cli) removeDataDir(cli.dataDir);
});

async function sendTo(address: string, hideSmtpUtf8: boolean) {
  server = await startSmtpTestServer({ hideSmtpUtf8 });
  cli = cliBench(makeDataDir());
  const added = await cli.run(['accounts', 'add', '--provider', 'smtp', '--email', 'me@example.com', '--host', '127.0.0.1', '--port', String(server.port), '--no-verify']);
  expect(added.code, added.stderr).toBe(0);
  const queued = await cli.run(['enqueue', '--account', 'me@example.com', '--message', cli.message('m.json', { to: [{ address }], subject: 'Café', text: 'crème' })]);
  expect(queued.code, queued.stderr).toBe(0);
  const run = await cli.run(['process-queue', '--json']);
  expect(run.code, run.stderr).toBe(0);
  const [email] = await cli.json<Array<{ status: string; lastError: string | null; lastErrorCode: string | null }>>(['list']);
  return { summary: JSON.parse(run.stdout) as Record<string, number>, email };
}

describe('an internationalised local part', () => {
  it('fails at once, naming the address, when the server does not offer SMTPUTF8', async () => {
    const { summary, email } = await sendTo('josé@example.com', true);
    expect(summary).toMatchObject({ sent: 0, failed: 1 });
    expect(email).toMatchObject({ status: 'failed', lastErrorCode: 'smtp-no-smtputf8' });
    expect(email?.lastError).toMatch(/SMTPUTF8.*josé@example\.com/u);
    expect(server?.received).toEqual([]);
  }, 120_000);

  it('is delivered when the server offers SMTPUTF8', async () => {
    const { summary, email } = await sendTo('josé@example.com', false);
    expect(summary).toMatchObject({ sent: 1 });
    expect(email?.status).toBe('sent');
    expect(server?.received.map((mail) => mail.to)).toEqual([['josé@example.com']]);
  }, 120_000);

  it('leaves ASCII addresses alone on a server without SMTPUTF8', async () => {
    const { summary } = await sendTo('jose@example.com', true);
    expect(summary).toMatchObject({ sent: 1 });
  }, 120_000);
});
