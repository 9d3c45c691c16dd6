// Bad input through the real CLI: each case gets exit 2 (or 4 for what does not exist) with a
// message naming the field and the reason — and nothing is written.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';
import { addSmtpAccount, makeEngine, simpleMessage } from '../helpers/engine';

let dataDir: string;
let disabledId = 0;

beforeAll(async () => {
  dataDir = makeDataDir();
  const engine = makeEngine({ dataDir });
  await addSmtpAccount(engine, 2525, 'me@example.com');
  disabledId = await addSmtpAccount(engine, 2525, 'off@example.com');
  engine.accounts.setActive(disabledId, false);
  engine.close();
  fs.writeFileSync(path.join(dataDir, 'ok.txt'), 'fine');
  fs.mkdirSync(path.join(dataDir, 'a-folder'));
});

afterAll(() => removeDataDir(dataDir));

const base = simpleMessage();
type Case = { name: string; message?: unknown; raw?: string; args?: string[]; code: number; error: RegExp };

const cases: Case[] = [
  { name: 'malformed JSON', raw: '{"to": [', code: 2, error: /message: .* is not valid JSON/u },
  { name: 'a JSON array instead of an object', message: [base], code: 2, error: /expected object/u },
  { name: 'an unknown key', message: { ...base, colour: 'red' }, code: 2, error: /unknown key "colour"/u },
  { name: 'an unknown key in a recipient', message: { ...base, to: [{ address: 'a@example.com', nickname: 'x' }] }, code: 2, error: /to\[0\]: unknown key "nickname"/u },
  { name: 'no recipient', message: { ...base, to: [] }, code: 2, error: /to: at least one recipient/u },
  { name: 'no body', message: { to: base.to, subject: 'x' }, code: 2, error: /text: a body is required/u },
  { name: 'an address without @', message: { ...base, to: [{ address: 'ana.example.com' }] }, code: 2, error: /to\[0\]\.address: not a valid email address/u },
  { name: 'an address with a space', message: { ...base, cc: [{ address: 'an a@example.com' }] }, code: 2, error: /cc\[0\]\.address: not a valid email address/u },
  { name: 'an address with a numeric TLD', message: { ...base, bcc: [{ address: 'a@example.123' }] }, code: 2, error: /bcc\[0\]\.address/u },
  { name: 'CRLF in the subject', message: { ...base, subject: 'Hi\r\nBcc: victim@example.com' }, code: 2, error: /subject: must not contain line breaks/u },
  { name: 'LF in a display name', message: { ...base, to: [{ address: 'a@example.com', name: 'Ana\nBcc: x@example.com' }] }, code: 2, error: /to\[0\]\.name: must not contain line breaks/u },
  { name: 'CRLF in replyTo name', message: { ...base, replyTo: { address: 'a@example.com', name: 'x\r\ny' } }, code: 2, error: /replyTo\.name: must not contain line breaks/u },
  { name: 'CRLF in an address', message: { ...base, to: [{ address: 'a@example.com\r\nBcc: x@example.com' }] }, code: 2, error: /to\[0\]\.address/u },
  { name: 'a missing attachment', message: { ...base, attachments: [{ path: 'nope.pdf' }] }, code: 2, error: /attachments\[0\]\.path: file not found/u },
  { name: 'a folder as attachment', message: { ...base, attachments: [{ path: 'a-folder' }] }, code: 2, error: /attachments\[0\]\.path: is a folder/u },
  { name: 'path traversal in a filename', message: { ...base, attachments: [{ path: 'ok.txt', filename: '../../etc/passwd' }] }, code: 2, error: /attachments\[0\]\.filename: must be a file name, not a path/u },
  { name: 'both path and contentBase64', message: { ...base, attachments: [{ path: 'ok.txt', contentBase64: 'aGk=', filename: 'a.txt' }] }, code: 2, error: /attachments\[0\]: give exactly one of path or contentBase64/u },
  { name: 'an invalid date', message: base, args: ['--send-at', '2030-02-30T09:00:00Z'], code: 2, error: /sendAt: .* is not a real date/u },
  { name: 'a date that is not ISO-8601', message: base, args: ['--send-at', 'tomorrow'], code: 2, error: /sendAt: .* is not an ISO-8601 date-time/u },
  { name: 'a time in a DST gap', message: base, args: ['--send-at', '2030-03-31T02:30:00', '--time-zone', 'Europe/Paris'], code: 2, error: /sendAt: .*does not exist in Europe\/Paris/u },
  { name: 'an ambiguous DST time', message: base, args: ['--send-at', '2030-10-27T02:30:00', '--time-zone', 'Europe/Paris'], code: 2, error: /sendAt: .*happens twice/u },
  { name: 'a past send time', message: base, args: ['--send-at', '2001-01-01T00:00:00Z'], code: 2, error: /sendAt: .* is in the past/u },
  { name: 'an unknown time zone', message: base, args: ['--send-at', '2030-01-01T09:00:00', '--time-zone', 'Mars/Olympus'], code: 2, error: /timeZone: "Mars\/Olympus" is not a known/u },
  { name: 'too many recipients for the account', message: { ...base, to: Array.from({ length: 10_000 }, (_, i) => ({ address: `r${i}@example.com` })) }, code: 2, error: /to: 10000 recipients is more than/u },
];

async function enqueue(test: Case, account: string = '1') {
  const file = path.join(dataDir, `case-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, test.raw ?? JSON.stringify(test.message));
  return runCli(['enqueue', '--account', account, '--message', file, ...(test.args ?? [])], { dataDir });
}

/** Files in the attachment store (none may be left by a refused enqueue). */
function storedFiles(): string[] {
  const dir = path.join(dataDir, 'attachments');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

async function queuedCount(): Promise<number> {
  const counts = JSON.parse((await runCli(['status', '--json'], { dataDir })).stdout) as Record<string, number>;
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

describe('enqueue refuses bad input clearly and writes nothing', () => {
  it.each(cases)('$name', async (test) => {
    const result = await enqueue(test);
    expect(result.stderr).toMatch(test.error);
    expect(result.code).toBe(test.code);
    expect(result.stdout).toBe('');
    expect(await queuedCount()).toBe(0);
    expect(storedFiles()).toEqual([]);
  });

  it('an unknown account is "not found" (exit 4)', async () => {
    const result = await enqueue({ name: '', message: base, code: 4, error: /./u }, 'ghost@example.com');
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/account "ghost@example.com" not found/u);
  });

  it('a disabled account is refused (exit 2, field account)', async () => {
    const result = await enqueue({ name: '', message: base, code: 2, error: /./u }, String(disabledId));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/account: account off@example.com is disabled/u);
    expect(await queuedCount()).toBe(0);
  });

  it('a missing message file names the file', async () => {
    const result = await runCli(['enqueue', '--account', '1', '--message', path.join(dataDir, 'absent.json')], { dataDir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/message: file not found: .*absent\.json/u);
  });

  it('bad flags are usage errors (exit 2)', async () => {
    expect((await runCli(['process-queue', '--batch-size', 'lots'], { dataDir })).code).toBe(2);
    expect((await runCli(['list', '--status', 'lost'], { dataDir })).code).toBe(2);
    expect((await runCli(['frobnicate'], { dataDir })).code).toBe(2);
    expect((await runCli(['retry'], { dataDir })).stderr).toMatch(/give an email id or --all-failed/u);
  });

  it('a non-HTTPS provider endpoint off loopback is refused', async () => {
    const result = await runCli(['status'], { dataDir, env: { FACTEUR_GMAIL_API_URL: 'http://gmail.example.com' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/FACTEUR_GMAIL_API_URL: .*only https:\/\//u);
  });

  it('a secret-needing command without a keychain fails with exit 3, never plaintext', async () => {
    const result = await runCli(
      ['accounts', 'add', '--provider', 'smtp', '--email', 'k@example.com', '--host', '127.0.0.1', '--port', '25', '--username', 'k', '--password-stdin'],
      { dataDir, input: 'secret-xyz', env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' } },
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/keychain is not available/u);
    const accounts = JSON.parse((await runCli(['accounts', 'list', '--json'], { dataDir })).stdout) as unknown[];
    expect(accounts).toHaveLength(2);
  });
});
