// What `process-queue` says still waits, and until when, must be when the mail can really leave:
// after a provider's pause (Gmail's 429 with Retry-After pauses the whole account) or once the
// account's daily limit frees up, not the mail's own, long-past time. Driven through the built
// CLI against the Google fake.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/main/core/processor/pacing';
import { FakeGoogle } from '../fakes/fake-google';
import { runCli, type CliResult } from '../helpers/cli';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';

let fake: FakeGoogle;
let dataDir: string;

beforeEach(async () => {
  fake = await new FakeGoogle({ userEmail: 'ana@example.com' }).start();
  dataDir = makeDataDir('facteur-waiting-');
});

afterEach(async () => {
  await fake.close();
  removeDataDir(dataDir);
});

const run = (args: string[], input?: string): Promise<CliResult> =>
  runCli(args, { dataDir, env: { ...fake.env(), FACTEUR_NO_BROWSER: '1' }, timeoutMs: 120_000, ...(input === undefined ? {} : { input }) });

describe('process-queue: what still waits', () => {
  it('after a 429 that pauses the account, the next time is the end of the pause, in --json and in the summary line', async () => {
    const added = await run(['accounts', 'add', '--provider', 'gmail', '--email', 'ana@example.com', '--tokens-stdin'], JSON.stringify(fake.issueTokens()));
    expect(added.code, added.stderr).toBe(0);
    const message = path.join(dataDir, 'm.json');
    fs.writeFileSync(message, JSON.stringify({ to: [{ address: 'bob@example.com' }], subject: 'Hello', text: 'Bonjour' }));
    const enqueued = await run(['enqueue', '--account', '1', '--message', message, '--message', message, '--message', message, '--message', message]);
    expect(enqueued.code, enqueued.stderr).toBe(0);

    fake.failNext(429, 1, { retryAfter: '600' });
    const processed = await run(['process-queue', '--json', '--max-runtime', '5']);
    expect(processed.code, processed.stderr).toBe(0);
    const summary = JSON.parse(processed.stdout) as { waiting: number; nextAt: string | null };
    const [account] = JSON.parse((await run(['accounts', 'list', '--json'])).stdout) as Array<{ pausedUntil: string | null }>;
    expect(account?.pausedUntil).not.toBeNull();
    const status = JSON.parse((await run(['status', '--json'])).stdout) as { queued: number };
    expect(status.queued).toBeGreaterThan(0);
    expect(summary.waiting).toBe(status.queued);
    // Nothing of this account can leave before its pause ends: that is the next time.
    expect(summary.nextAt).toBe(account?.pausedUntil);

    const again = await run(['process-queue', '--max-runtime', '5']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`${status.queued} waiting, the next at ${account?.pausedUntil ?? ''}`);
  }, 180_000);

  it('past the daily limit, the next time is when the oldest send of the day drops out of the rolling day', async () => {
    const added = await run(['accounts', 'add', '--provider', 'gmail', '--email', 'ana@example.com', '--tokens-stdin'], JSON.stringify(fake.issueTokens()));
    expect(added.code, added.stderr).toBe(0);
    expect((await run(['accounts', 'limits', '1', '--per-day', '1'])).code).toBe(0);
    const message = path.join(dataDir, 'm.json');
    fs.writeFileSync(message, JSON.stringify({ to: [{ address: 'bob@example.com' }], subject: 'Hello', text: 'Bonjour' }));
    expect((await run(['enqueue', '--account', '1', '--message', message, '--message', message, '--message', message])).code).toBe(0);

    const processed = await run(['process-queue', '--json', '--max-runtime', '5']);
    expect(processed.code, processed.stderr).toBe(0);
    const summary = JSON.parse(processed.stdout) as { sent: number; waiting: number; nextAt: string | null };
    expect(summary).toMatchObject({ sent: 1, waiting: 2 });
    const [sent] = JSON.parse((await run(['list', '--status', 'sent', '--json'])).stdout) as Array<{ id: number }>;
    const history = (JSON.parse((await run(['show', String(sent?.id), '--json'])).stdout) as { history: Array<{ startedAt: string }> }).history;
    // The processor's rolling day (24 h and a minute of margin, pacing.ts) from that send's start.
    const dayAfter = new Date(Date.parse(history[0]?.startedAt ?? '') + DAY_MS).toISOString();
    expect(summary.nextAt).toBe(dayAfter);
  }, 180_000);
});
