// The CLI-CONTRACT walk-through with an SMTP account that logs in: the password goes to the real
// OS keychain (gnome-keyring in CI), mail is queued now and later, sent in batches, listed,
// retried and cancelled — and afterwards no secret is anywhere in the data dir.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';
import { runCli } from '../helpers/cli';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';

const PASSWORD = `pw-${Math.random().toString(36).slice(2)}-secret`;
let server: SmtpTestServer;
let dataDir: string;
const run = (args: string[], input?: string) => runCli(args, input === undefined ? { dataDir } : { dataDir, input });

function writeMessage(name: string, message: unknown): string {
  const file = path.join(dataDir, name);
  fs.writeFileSync(file, JSON.stringify(message));
  return file;
}

beforeAll(async () => {
  if (process.env.FACTEUR_TEST_KEYRING !== 'ready') {
    throw new Error('these tests need a keychain: run them through `npm test` (dbus-run-session + gnome-keyring)');
  }
  server = await startSmtpTestServer({ username: 'me', password: PASSWORD });
  dataDir = makeDataDir();
});

afterAll(async () => {
  await server.close();
  removeDataDir(dataDir);
});

describe('SMTP walk-through through the real CLI and keychain', () => {
  let accountId = '';

  it('adds an SMTP account with the password read from stdin into the keychain', async () => {
    const added = await run(
      ['accounts', 'add', '--provider', 'smtp', '--email', 'me@example.com', '--host', '127.0.0.1', '--port', String(server.port), '--username', 'me', '--password-stdin'],
      `${PASSWORD}\n`,
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    accountId = added.stdout.trim();
    expect(accountId).toMatch(/^\d+$/u);
    const list = await run(['accounts', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ id: Number(accountId), email: 'me@example.com', provider: 'smtp', active: true, state: 'ok', quotaUsed: 0 })]);
  });

  it('queues mail now and later, sends only what is due, in batches', async () => {
    fs.writeFileSync(path.join(dataDir, 'report.pdf'), Buffer.from('%PDF-1.4 fake report'));
    const now = writeMessage('now.json', {
      to: [{ address: 'ana@example.com', name: 'Ana' }],
      subject: 'Hello',
      text: 'plain body',
      html: '<p>html body</p>',
      attachments: [{ path: './report.pdf', filename: 'report.pdf', contentType: 'application/pdf' }],
    });
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const queued = await run(['enqueue', '--account', 'me@example.com', '--message', now]);
      expect(queued.code).toBe(0);
      ids.push(queued.stdout.trim());
    }
    const later = await run(['enqueue', '--account', accountId, '--message', now, '--send-at', new Date(Date.now() + 3_600_000).toISOString()]);
    expect(later.code).toBe(0);

    const status = JSON.parse((await run(['status', '--json'])).stdout) as Record<string, number>;
    expect(status).toMatchObject({ queued: 3, scheduled: 1, sent: 0 });

    const first = await run(['process-queue', '--batch-size', '2', '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ sent: 2, failed: 0, retrying: 0, held: 0, deferred: 1 });
    const second = await run(['process-queue', '--batch-size', '2']);
    expect(second.stdout).toMatch(/^sent 1, failed 0, retrying 0, held 0, deferred 0/mu);
    expect(server.received).toHaveLength(3);

    const sent = JSON.parse((await run(['list', '--status', 'sent', '--json'])).stdout) as Array<{ id: number; status: string; attempts: number; sendAt: string; lastError: null }>;
    expect(sent.map((e) => String(e.id))).toEqual([...ids].reverse());
    expect(sent[0]).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    const scheduled = JSON.parse((await run(['list', '--status', 'scheduled', '--json'])).stdout) as Array<{ id: number }>;
    expect(scheduled.map((e) => String(e.id))).toEqual([later.stdout.trim()]);

    expect((await run(['cancel', later.stdout.trim()])).code).toBe(0);
    const cancelledTwice = await run(['cancel', later.stdout.trim()]);
    expect(cancelledTwice.code).toBe(2);
    expect(cancelledTwice.stderr).toMatch(/cannot be cancelled: it is cancelled/u);
  });

  it('shows a permanent failure with the server’s reason, and retries it', async () => {
    server.faults.push({ kind: 'reject-recipient', address: 'gone@example.com' });
    const file = writeMessage('bad.json', { to: [{ address: 'gone@example.com' }], subject: 'x', text: 'y' });
    const id = (await run(['enqueue', '--account', accountId, '--message', file])).stdout.trim();
    const result = await run(['process-queue', '--json']);
    expect(JSON.parse(result.stdout)).toMatchObject({ sent: 0, failed: 1 });
    const failed = JSON.parse((await run(['list', '--status', 'failed', '--json'])).stdout) as Array<{ id: number; lastError: string }>;
    expect(failed).toEqual([expect.objectContaining({ id: Number(id), lastError: expect.stringContaining('User unknown') as string })]);

    server.faults.length = 0;
    const retried = await run(['retry', '--all-failed']);
    expect(retried.stdout.trim()).toBe('1');
    expect(JSON.parse((await run(['process-queue', '--json'])).stdout)).toMatchObject({ sent: 1 });
    // The history keeps both tries, numbered in order for a person although "retry" restarted the
    // counted attempts (the JSON says so: both tries were the first counted one).
    const shown = (await run(['show', id])).stdout;
    expect(shown).toMatch(/ {2}try 1 at \S+: failed — .*User unknown/u);
    expect(shown).toMatch(/ {2}try 2 at \S+: sent/u);
    const history = (JSON.parse((await run(['show', id, '--json'])).stdout) as { history: Array<{ attempt: number; outcome: string }> }).history;
    expect(history.map((entry) => [entry.attempt, entry.outcome])).toEqual([[1, 'failed'], [1, 'sent']]);
    expect((await run(['retry', '99999'])).code).toBe(4);
  });

  it('holds mail when the server refuses the password, and releases it on relink', async () => {
    const file = writeMessage('hold.json', { to: [{ address: 'ana@example.com' }], subject: 'held', text: 'y' });
    // Relinking checks the password with the server first: a wrong one is refused, naming it.
    const refused = await run(['accounts', 'relink', accountId, '--password-stdin'], 'wrong\n');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/password: the server refused the login: 535/u);
    // Put a wrong password in the keychain unchecked, as when the password changes on the server.
    expect((await run(['accounts', 'relink', accountId, '--password-stdin', '--no-verify'], 'wrong\n')).code).toBe(0);
    const id = (await run(['enqueue', '--account', accountId, '--message', file])).stdout.trim();
    expect(JSON.parse((await run(['process-queue', '--json'])).stdout)).toMatchObject({ sent: 0, held: 1, failed: 0 });
    expect(JSON.parse((await run(['accounts', 'list', '--json'])).stdout)[0]).toMatchObject({ state: 'needs-reauth' });
    expect(JSON.parse((await run(['list', '--status', 'held', '--json'])).stdout)).toEqual([expect.objectContaining({ id: Number(id) })]);

    const relinked = await run(['accounts', 'relink', accountId, '--password-stdin'], PASSWORD);
    expect(relinked.stdout).toMatch(/1 held email\(s\) released/u);
    expect(JSON.parse((await run(['process-queue', '--json'])).stdout)).toMatchObject({ sent: 1 });
  });

  it('keeps no secret on disk: not in the database, the WAL or the logs', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else files.push(full);
      }
    };
    walk(dataDir);
    expect(files.some((file) => file.endsWith('facteur.db'))).toBe(true);
    expect(files.some((file) => file.endsWith('facteur.log'))).toBe(true);
    const leaks = files.filter((file) => fs.readFileSync(file).includes(PASSWORD));
    expect(leaks).toEqual([]);
  });

  it('removes the account and its keychain entry', async () => {
    const removed = await run(['accounts', 'remove', accountId]);
    expect(removed.code).toBe(0);
    expect(JSON.parse((await run(['accounts', 'list', '--json'])).stdout)).toEqual([]);
    expect((await run(['accounts', 'remove', accountId])).code).toBe(4);
  });
});
