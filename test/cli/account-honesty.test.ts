// Linking and removing SMTP accounts through the real CLI tells the truth: a refused login or an
// unreachable server is refused before anything is stored, relinking can move the account to
// another server, removal is all-or-nothing with respect to the keychain, and a server that
// offers no encryption holds the account's mail instead of failing it.
import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';
import { makeEngine } from '../helpers/engine';
import { cliBench, type CliBench } from './support';

const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' };

let cli: CliBench;
const servers: SmtpTestServer[] = [];
const start = async (options: Parameters<typeof startSmtpTestServer>[0] = {}) => {
  const server = await startSmtpTestServer(options);
  servers.push(server);
  return server;
};

beforeEach(() => {
  cli = cliBench(makeDataDir());
});

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  removeDataDir(cli.dataDir);
});

/** A port nothing listens on: a server started and stopped. */
async function closedPort(): Promise<number> {
  const server = await startSmtpTestServer();
  await server.close();
  return server.port;
}

const accounts = async () => cli.json<Array<{ id: number; state: string; stateReason: string | null }>>(['accounts', 'list']);

describe('accounts add --provider smtp connects and logs in first (issue 11 #5)', () => {
  it('refuses a wrong password with the server’s words, exit 2 naming password, and stores nothing', async () => {
    const server = await start({ username: 'me', password: 'right' });
    const added = await cli.run(
      ['accounts', 'add', '--provider', 'smtp', '--email', 'me@example.com', '--host', '127.0.0.1', '--port', String(server.port), '--username', 'me', '--password-stdin'],
      { input: 'wrong\n' },
    );
    expect(added.code).toBe(2);
    expect(added.stderr).toMatch(/password: the server refused the login: 535 .*Invalid username or password/u);
    expect(await accounts()).toEqual([]);
  });

  it('refuses an unreachable server with exit 3, and --no-verify stores it unchecked', async () => {
    const port = String(await closedPort());
    const args = ['accounts', 'add', '--provider', 'smtp', '--email', 'me@example.com', '--host', '127.0.0.1', '--port', port];
    const refused = await cli.run(args);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(new RegExp(`cannot reach the SMTP server 127\\.0\\.0\\.1:${port}`, 'u'));
    expect(await accounts()).toEqual([]);
    const unchecked = await cli.run([...args, '--no-verify']);
    expect(unchecked.code, unchecked.stderr).toBe(0);
    expect(await accounts()).toHaveLength(1);
  });

  it('relinks to another host and port after checking them; mail then leaves through the new server', async () => {
    const first = await start();
    const second = await start();
    const id = await cli.addSmtpAccount(first.port);
    const unreachable = await cli.run(['accounts', 'relink', id, '--port', String(await closedPort())]);
    expect(unreachable.code).toBe(3);
    const outOfRange = await cli.run(['accounts', 'relink', id, '--port', '99999']);
    expect(outOfRange.code).toBe(2);
    expect(outOfRange.stderr).toMatch(/port: must be a port number from 1 to 65535/u);
    const moved = await cli.run(['accounts', 'relink', id, '--host', 'localhost', '--port', String(second.port)]);
    expect(moved.code, moved.stderr).toBe(0);
    const queued = await cli.run(['enqueue', '--account', id, '--message', cli.message('m.json', { to: [{ address: 'ana@example.com' }], subject: 'Moved', text: 'hi' })]);
    expect(queued.code, queued.stderr).toBe(0);
    expect(await cli.json<{ sent: number }>(['process-queue'])).toMatchObject({ sent: 1 });
    expect(first.received).toHaveLength(0);
    expect(second.received).toHaveLength(1);
  });
});

describe('accounts remove --force without a keychain (issue 12 #2)', () => {
  it('changes nothing: exit 3, the account and its mail are still there, and a retry is exit 3 again', async () => {
    const server = await start({ username: 'me', password: 'pw' });
    const engine = makeEngine({ dataDir: cli.dataDir });
    const id = await engine.accounts.create('smtp', {
      email: 'me@example.com',
      displayName: null,
      secret: 'pw',
      settings: { host: '127.0.0.1', port: server.port, secure: false, username: 'me', timeoutSeconds: 5 },
    });
    await engine.queue.queueEmail({ to: [{ address: 'ana@example.com' }], subject: 'Waiting', text: 'hi' }, id);
    engine.dispose();
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const removed = await cli.run(['accounts', 'remove', String(id), '--force'], { env: NO_KEYCHAIN });
      expect(removed.code).toBe(3);
      expect(removed.stderr).toMatch(/keychain is not available/u);
    }
    expect(await accounts()).toHaveLength(1);
    expect(await cli.json<Record<string, number>>(['status'])).toMatchObject({ queued: 1 });
  });
});

const outward = Object.values(os.networkInterfaces())
  .flat()
  .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;

describe.skipIf(!outward)('a server off loopback that offers no STARTTLS (issue 13 #9)', () => {
  it('is refused at linking, and holds the mail of an account stored unchecked, saying why', async () => {
    const server = await start({ listenHost: '0.0.0.0' });
    const args = ['accounts', 'add', '--provider', 'smtp', '--email', 'me@example.com', '--host', outward as string, '--port', String(server.port)];
    const refused = await cli.run(args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/secure: this server offered no encryption; Facteur will not send your password in clear/u);
    expect((await cli.run([...args, '--no-verify'])).code).toBe(0);
    const queued = await cli.run(['enqueue', '--account', 'me@example.com', '--message', cli.message('m.json', { to: [{ address: 'ana@example.com' }], subject: 'Clear?', text: 'no' })]);
    const summary = await cli.json<{ held: number; failed: number }>(['process-queue']);
    expect(summary).toMatchObject({ held: 1, failed: 0 });
    expect(server.received).toHaveLength(0);
    const detail = await cli.json<{ status: string; lastError: string }>(['show', queued.stdout.trim()]);
    expect(detail).toMatchObject({ status: 'held', lastError: 'this server offered no encryption; Facteur will not send your password in clear' });
    expect((await accounts())[0]).toMatchObject({ state: 'needs-reauth', stateReason: expect.stringMatching(/offered no encryption/u) });
  });
});
