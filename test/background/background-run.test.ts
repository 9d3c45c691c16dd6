// The job really sends: install the systemd unit (fake systemctl), then run its ExecStart line as
// systemd would — parsed from the unit, with only the unit's Environment= and a bare PATH/HOME —
// against the real SMTP server, with the account's password in the real keychain. The data dir's
// name has a space and a `%`, so the unit's quoting is tested too.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';
import { runCli } from '../helpers/cli';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';
import { installFakeTools } from '../helpers/fake-system-tools';

/** Splits a unit-file value into words as systemd does: "…" with C escapes, then %% → % and $$ → $. */
function systemdWords(value: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|(\S+)/gu;
  for (const match of value.matchAll(pattern)) {
    const raw = match[1] !== undefined ? match[1].replace(/\\(.)/gu, (_, c: string) => (c === 'n' ? '\n' : c)) : (match[2] ?? '');
    words.push(raw.replace(/%%/gu, '%').replace(/\$\$/gu, '$'));
  }
  return words;
}

const PASSWORD = `pw-${Math.random().toString(36).slice(2)}`;
let server: SmtpTestServer;
let root: string;
let dataDir: string;

beforeAll(async () => {
  if (process.env.FACTEUR_TEST_KEYRING !== 'ready') {
    throw new Error('this test needs a keychain: run it through `node test/run.mjs` (dbus-run-session + gnome-keyring)');
  }
  server = await startSmtpTestServer({ username: 'me', password: PASSWORD });
  root = makeDataDir('facteur-bg-run-');
  dataDir = path.join(root, 'Facteur 100% data');
  fs.mkdirSync(dataDir);
});

afterAll(async () => {
  await server.close();
  removeDataDir(root);
});

describe('the installed systemd job sends queued mail', () => {
  it('runs process-queue from the unit’s ExecStart on the same data dir and keychain', async () => {
    const tools = installFakeTools(root, { systemdAnswers: true });
    const config = path.join(root, 'config');
    const run = (args: string[], input?: string) =>
      runCli(args, { dataDir, env: { PATH: tools.path, HOME: root, XDG_CONFIG_HOME: config }, ...(input === undefined ? {} : { input }) });

    const added = await run(['accounts', 'add', '--provider', 'smtp', '--email', 'me@example.com', '--host', '127.0.0.1', '--port', String(server.port), '--username', 'me', '--password-stdin'], `${PASSWORD}\n`);
    expect(added.stderr).toBe('');
    fs.writeFileSync(path.join(root, 'message.json'), JSON.stringify({ to: [{ address: 'ana@example.com' }], subject: 'Sent by the job', text: 'hello' }));
    const queued = await run(['enqueue', '--account', 'me@example.com', '--message', path.join(root, 'message.json')]);
    expect(queued.code).toBe(0);
    const installed = await run(['background', 'install']);
    expect(installed.code).toBe(0);

    const unitDir = path.join(config, 'systemd', 'user');
    const serviceFile = fs.readdirSync(unitDir).find((file) => file.endsWith('.service')) ?? '';
    const unit = fs.readFileSync(path.join(unitDir, serviceFile), 'utf8');
    const env: Record<string, string> = { PATH: '/usr/bin:/bin', HOME: root };
    for (const [, value] of unit.matchAll(/^Environment=(.*)$/gmu)) {
      const [assignment = ''] = systemdWords(value ?? '');
      const at = assignment.indexOf('=');
      env[assignment.slice(0, at)] = assignment.slice(at + 1);
    }
    expect(env.FACTEUR_DATA_DIR).toBe(dataDir);
    // The keychain is reached over this session's bus, which the unit carries.
    expect(env.DBUS_SESSION_BUS_ADDRESS).toBe(process.env.DBUS_SESSION_BUS_ADDRESS);
    const [program = '', ...args] = systemdWords(/^ExecStart=(.*)$/mu.exec(unit)?.[1] ?? '');

    // Asynchronously: the SMTP server answers from this very process.
    const ran = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(program, args, { cwd: '/', env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
    const after = JSON.parse((await run(['list', '--json'])).stdout) as unknown;
    expect({ stderr: ran.stderr, after }).toEqual({ stderr: '', after: [expect.objectContaining({ status: 'sent' })] });
    expect(ran.status).toBe(0);
    expect(ran.stdout).toMatch(/^sent 1, failed 0/u);
    expect(server.received).toHaveLength(1);
    expect(server.received[0]?.raw.toString('utf8')).toContain('Subject: Sent by the job');
    const list = JSON.parse((await run(['list', '--json'])).stdout) as Array<{ status: string }>;
    expect(list.map((item) => item.status)).toEqual(['sent']);
  }, 240_000);
});
