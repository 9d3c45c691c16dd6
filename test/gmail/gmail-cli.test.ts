// Gmail through the real `facteur` command line against the fake Google: bulk sending with
// attachments, a token expiring mid-batch, a revoked grant (held → relinked → sent) and the daily
// quota (mail waits, Google is not hammered). Needs an OS keychain: run under
//   dbus-run-session -- bash -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec npx vitest run test/gmail'
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeGoogle } from '../fakes/fake-google';
import { runCli, spawnCli, type CliResult } from '../helpers/cli';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';
import { attachmentsOf, parseMime } from '../helpers/mime';

let fake: FakeGoogle;
let dataDir: string;
let env: Record<string, string>;

beforeEach(async () => {
  fake = await new FakeGoogle({ userEmail: 'ana@example.com' }).start();
  dataDir = makeDataDir('facteur-gmail-cli-');
  env = { ...fake.env(), FACTEUR_NO_BROWSER: '1' };
});

afterEach(async () => {
  await fake.close();
  removeDataDir(dataDir);
});

async function cli(args: string[], input?: string): Promise<CliResult> {
  const result = await runCli(args, { dataDir, env, ...(input === undefined ? {} : { input }) });
  if (result.code !== 0) throw new Error(`facteur ${args.join(' ')} exited ${result.code}\n${result.stderr}`);
  return result;
}

async function addAccount(): Promise<string> {
  const { stdout } = await cli(['accounts', 'add', '--provider', 'gmail', '--email', 'ana@example.com', '--tokens-stdin'], JSON.stringify(fake.issueTokens()));
  const id = stdout.trim();
  expect(id).toMatch(/^\d+$/u);
  return id;
}

interface Sent {
  subject: string;
  files: Map<string, Buffer>;
}

/** Writes `count` message files, each with a shared and an individual attachment. */
function writeMessages(count: number, shared: Buffer): { files: string[]; expected: Map<string, Sent> } {
  const dir = path.join(dataDir, 'input');
  fs.mkdirSync(dir, { recursive: true });
  const sharedPath = path.join(dir, 'shared.bin');
  fs.writeFileSync(sharedPath, shared);
  const files: string[] = [];
  const expected = new Map<string, Sent>();
  for (let i = 0; i < count; i += 1) {
    const own = randomBytes(512 + i);
    const ownPath = path.join(dir, `own-${i}.bin`);
    fs.writeFileSync(ownPath, own);
    const subject = `Report ${i}`;
    const file = path.join(dir, `message-${i}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify({
        to: [{ address: `reader${i}@example.org`, name: `Reader ${i}` }],
        subject,
        text: `Hello reader ${i}`,
        attachments: [
          { path: sharedPath, filename: 'shared.bin', contentType: 'application/octet-stream' },
          { path: ownPath, filename: `own-${i}.bin`, contentType: 'application/octet-stream' },
        ],
      }),
    );
    files.push(file);
    expected.set(subject, { subject, files: new Map([['shared.bin', shared], [`own-${i}.bin`, own]]) });
  }
  return { files, expected };
}

async function enqueueAll(account: string, files: string[]): Promise<void> {
  for (const file of files) await cli(['enqueue', '--account', account, '--message', file]);
}

async function processQueue(): Promise<Record<string, number>> {
  const { stdout } = await cli(['process-queue', '--json']);
  return JSON.parse(stdout) as Record<string, number>;
}

async function statuses(): Promise<Record<string, number>> {
  return JSON.parse((await cli(['status', '--json'])).stdout) as Record<string, number>;
}

/** Every accepted message, by subject, exactly once, with byte-identical attachments. */
function expectDeliveredOnce(expected: Map<string, Sent>): void {
  const bySubject = new Map<string, number>();
  for (const accepted of fake.accepted) {
    const subject = parseMime(accepted.raw).headers.get('subject') ?? '';
    bySubject.set(subject, (bySubject.get(subject) ?? 0) + 1);
    const want = expected.get(subject);
    expect(want, `unexpected message ${subject}`).toBeDefined();
    const got = attachmentsOf(accepted.raw);
    for (const [name, bytes] of want?.files ?? []) expect(got.get(name)?.equals(bytes), `${subject}: ${name}`).toBe(true);
  }
  expect(fake.accepted).toHaveLength(expected.size);
  for (const subject of expected.keys()) expect(bySubject.get(subject), subject).toBe(1);
}

describe('facteur with a Gmail account', () => {
  it('imports tokens, sends 50 mails with attachments, each exactly once and byte-identical', async () => {
    const account = await addAccount();
    // Gmail's default pace is 20 a minute; this test is about delivery, not pacing.
    await cli(['accounts', 'limits', account, '--per-minute', '1000']);
    const { files, expected } = writeMessages(50, randomBytes(20 * 1024));
    await enqueueAll(account, files);
    const summary = await processQueue();
    expect(summary.sent).toBe(50);
    expectDeliveredOnce(expected);
    expect((await statuses()).sent).toBe(50);
    // The keychain, not the database or the logs, holds the tokens.
    const logs = fs.readdirSync(path.join(dataDir, 'logs')).map((file) => fs.readFileSync(path.join(dataDir, 'logs', file), 'utf8')).join('');
    expect(logs).not.toMatch(/ya29\.fake|1\/\/fake-refresh/u);
  }, 240_000); // ~40 s alone; four times that under a loaded CI machine

  it('a token that expires mid-batch is refreshed and every mail still goes exactly once', async () => {
    const account = await addAccount();
    await cli(['accounts', 'limits', account, '--per-minute', '1000']);
    const { files, expected } = writeMessages(12, randomBytes(4 * 1024));
    await enqueueAll(account, files);
    fake.onAccepted = (count) => {
      if (count === 5) fake.expireAllAccessTokens();
    };
    const summary = await processQueue();
    expect(summary.sent).toBe(12);
    expect(fake.sendCount(401)).toBeGreaterThanOrEqual(1);
    expect(fake.tokenCount('refresh_token')).toBeGreaterThanOrEqual(1);
    expectDeliveredOnce(expected);
  }, 240_000); // a dozen CLI runs against the fake: as slow as the test above under load

  it('a revoked grant holds the mail and marks the account; an interactive relink releases and sends it', async () => {
    const account = await addAccount();
    const { files, expected } = writeMessages(3, randomBytes(1024));
    await enqueueAll(account, files);
    expect(revokeAll()).not.toBeNull();

    const held = await processQueue();
    expect(held.held).toBe(3);
    expect(held.sent).toBe(0);
    const list = JSON.parse((await cli(['list', '--json'])).stdout) as Array<{ status: string }>;
    expect(list.map((email) => email.status)).toEqual(['held', 'held', 'held']);
    const accounts = JSON.parse((await cli(['accounts', 'list', '--json'])).stdout) as Array<{ state: string }>;
    expect(accounts[0]?.state).toBe('needs-reauth');
    expect(fake.tokenCount('refresh_token', 400)).toBeGreaterThanOrEqual(1);
    expect(fake.accepted).toHaveLength(0);

    // Interactive relink: the CLI prints the consent URL; we play the browser.
    const child = spawnCli(['accounts', 'relink', account], { dataDir, env });
    let stderr = '';
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        const match = /Open this URL to sign in: (\S+)/u.exec(stderr);
        if (match?.[1]) resolve(match[1]);
      });
      void exited.then(() => reject(new Error(`relink exited before printing a URL:\n${stderr}`)));
    });
    const consent = await fetch(url, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const callback = await fetch(consent.headers.get('location') ?? '');
    expect(callback.status).toBe(200);
    expect(await exited, stderr).toBe(0);
    expect(stdout).toMatch(/3 held email\(s\) released/u);

    const after = await processQueue();
    expect(after.sent).toBe(3);
    expectDeliveredOnce(expected);
    const relinked = JSON.parse((await cli(['accounts', 'list', '--json'])).stdout) as Array<{ state: string }>;
    expect(relinked[0]?.state).toBe('ok');
  });

  it('over the daily quota, mail waits instead of failing, and Google is not asked again', async () => {
    const account = await addAccount();
    fake.setQuota({ perDay: 3 });
    const { files } = writeMessages(6, randomBytes(512));
    await enqueueAll(account, files);

    const first = await processQueue();
    expect(first.sent).toBe(3);
    expect(first.failed).toBe(0);
    const refusals = (): number => fake.sendCount(403) + fake.sendCount(429);
    expect(refusals()).toBe(1);

    const second = await processQueue();
    expect(second.sent).toBe(0);
    expect(second.failed).toBe(0);
    expect(refusals()).toBe(1);
    const counts = await statuses();
    expect(counts.sent).toBe(3);
    expect(counts.failed).toBe(0);
    expect((counts.queued ?? 0) + (counts.scheduled ?? 0)).toBe(3);
    expect(fake.accepted).toHaveLength(3);
  });
});

/** Revokes every grant the fake issued (the test imported exactly one). */
function revokeAll(): string | null {
  let revoked: string | null = null;
  for (const token of fake.issuedRefreshTokens()) {
    fake.revoke(token);
    revoked = token;
  }
  return revoked;
}
