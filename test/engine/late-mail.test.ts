// The late-mail rules after a simulated downtime, on a fake clock against the real SMTP server:
// mail scheduled for 09:10 while nothing runs until 12:10 is sent (`send`), held with code `late`
// for the user (`hold`), or failed with code `expired` (`expire`), as the settings say; what the
// command line then reports (`show --json`, `list --attention`, `status --json`); the way out of
// each (send now, reschedule, cancel, retry); and `--expires-after` when pacing, not downtime,
// makes mail late.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/main/core/clock';
import { main } from '../../src/main/core/cli/main';
import type { ProcessSummary } from '../../src/shared/domain';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-secret-store';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';
import { addSmtpAccount, makeEngine, simpleMessage, type TestEngine } from '../helpers/engine';

const T0 = Date.UTC(2030, 0, 1, 9, 0); // Tuesday 1 January 2030, 09:00 UTC
const MINUTE = 60_000;

let clock: FakeClock;
let engine: TestEngine;
let smtp: SmtpTestServer;
let accountId: number;
const secrets = new MemorySecretStore();

beforeEach(async () => {
  clock = new FakeClock(T0);
  smtp = await startSmtpTestServer();
  engine = makeEngine({ clock, secrets });
  accountId = await addSmtpAccount(engine, smtp.port);
});

afterEach(async () => {
  engine.dispose();
  await smtp.close();
});

const subjects = (): string[] => smtp.received.map((mail) => /^Subject: (.*)$/mu.exec(mail.raw.toString('utf8'))?.[1]?.trim() ?? '');

/** The real command line, in process, on the engine's data dir and fake clock. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'facteur', ...args], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { FACTEUR_DATA_DIR: engine.dataDir, FACTEUR_ENV_FILE: '/dev/null' },
    engineOptions: { clock, secrets },
  });
  return { code, stdout, stderr };
}

/** Runs a batch, moving the fake clock only while the engine waits on it. */
async function processWithClock(stepMs = 1_000): Promise<ProcessSummary> {
  let finished = false;
  const run = engine.process({ maxRuntimeMs: 30 * MINUTE }).finally(() => (finished = true));
  while (!finished) {
    for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 2));
    const wake = clock.nextWake();
    if (!finished && wake !== null) clock.advance(Math.max(1, Math.min(stepMs, wake - clock.now())));
  }
  return run;
}

/** Queues one mail for 09:10, then nothing runs for three hours. */
async function missedByThreeHours(subject: string, options: { expiresAfterMinutes?: number } = {}): Promise<number> {
  const id = await engine.queue.queueEmail(simpleMessage('ana@example.com', { subject }), accountId, {
    sendAt: '2030-01-01T09:10:00Z',
    timeZone: 'UTC',
    ...options,
  });
  expect(engine.queue.get(id).status).toBe('scheduled');
  clock.advance(3 * 60 * MINUTE);
  return id;
}

describe('late mail after a downtime', () => {
  it('send (the default): mail three hours late is sent at once', async () => {
    expect(engine.settings.get()).toMatchObject({ lateMail: 'send', lateAfterMinutes: 60 });
    const id = await missedByThreeHours('Late but sent');
    expect(await engine.process()).toMatchObject({ sent: 1, held: 0, failed: 0 });
    expect(subjects()).toEqual(['Late but sent']);
    expect(engine.queue.get(id).status).toBe('sent');
  }, 30_000);

  it('hold: nothing is sent; it is held with code "late", counted in attention, and "send now" sends it', async () => {
    expect((await cli('settings', 'lateMail=hold', 'lateAfterMinutes=30')).code).toBe(0);
    const id = await missedByThreeHours('Held for a decision');
    expect(await engine.process()).toMatchObject({ sent: 0, held: 1 });
    expect(smtp.received).toHaveLength(0);

    const shown = JSON.parse((await cli('show', String(id), '--json')).stdout) as Record<string, unknown>;
    expect(shown).toMatchObject({ status: 'held', lastErrorCode: 'late', sendAt: '2030-01-01T09:10:00.000Z' });
    expect(String(shown.lastError)).toMatch(/missed its time/u);
    const attention = JSON.parse((await cli('list', '--attention', '--json')).stdout) as Array<{ id: number }>;
    expect(attention.map((row) => row.id)).toEqual([id]);
    expect(JSON.parse((await cli('status', '--json')).stdout)).toMatchObject({ held: 1, attention: 1 });

    // A later run does not send it on its own, nor does relinking its account.
    engine.accounts.markNeedsReauth(accountId, 'test');
    expect(engine.accounts.markOk(accountId)).toBe(0);
    expect(await engine.process()).toMatchObject({ sent: 0 });
    expect(engine.queue.get(id)).toMatchObject({ status: 'held', lastErrorCode: 'late' });

    // "Send now" (the CLI's retry) sends it.
    expect((await cli('retry', String(id))).code).toBe(0);
    expect(await engine.process()).toMatchObject({ sent: 1 });
    expect(subjects()).toEqual(['Held for a decision']);
    expect(engine.queue.get(id)).toMatchObject({ status: 'sent', lastErrorCode: null });
    expect(JSON.parse((await cli('status', '--json')).stdout)).toMatchObject({ attention: 0 });
  }, 60_000);

  it('hold: reschedule gives it a new time and it leaves then; cancel drops it', async () => {
    engine.settings.update({ lateMail: 'hold' });
    const moved = await missedByThreeHours('Moved');
    const dropped = await engine.queue.queueEmail(simpleMessage('bo@example.com', { subject: 'Dropped' }), accountId, { sendAt: '2030-01-01T12:15:00Z', timeZone: 'UTC' });
    clock.advance(3 * 60 * MINUTE); // 15:10: both missed their time
    expect(await engine.process()).toMatchObject({ held: 2, sent: 0 });

    expect((await cli('reschedule', String(moved), '--send-at', '2030-01-01T16:00:00Z')).code).toBe(0);
    expect(engine.queue.get(moved)).toMatchObject({ status: 'scheduled', lastErrorCode: null });
    expect((await cli('cancel', String(dropped))).code).toBe(0);
    expect(await engine.process()).toMatchObject({ sent: 0 });
    clock.set(Date.UTC(2030, 0, 1, 16, 0));
    expect(await engine.process()).toMatchObject({ sent: 1, held: 0 });
    expect(subjects()).toEqual(['Moved']);
    expect(engine.queue.get(dropped).status).toBe('cancelled');
  }, 60_000);

  it('hold: mail late by less than lateAfterMinutes is sent as usual', async () => {
    engine.settings.update({ lateMail: 'hold', lateAfterMinutes: 240 });
    await missedByThreeHours('Not late enough');
    expect(await engine.process()).toMatchObject({ sent: 1, held: 0 });
    expect(subjects()).toEqual(['Not late enough']);
  }, 30_000);

  it('expire: nothing is sent; it fails with code "expired"; a retry sends it', async () => {
    expect((await cli('settings', 'lateMail=expire', 'lateAfterMinutes=60')).code).toBe(0);
    const id = await missedByThreeHours('Too late');
    expect(await engine.process()).toMatchObject({ sent: 0, failed: 1 });
    expect(smtp.received).toHaveLength(0);
    const shown = JSON.parse((await cli('show', String(id), '--json')).stdout) as Record<string, unknown>;
    expect(shown).toMatchObject({ status: 'failed', lastErrorCode: 'expired' });
    const attention = JSON.parse((await cli('list', '--attention', '--json')).stdout) as Array<{ id: number }>;
    expect(attention.map((row) => row.id)).toEqual([id]);

    expect((await cli('retry', String(id))).code).toBe(0);
    expect(await engine.process()).toMatchObject({ sent: 1, failed: 0 });
    expect(subjects()).toEqual(['Too late']);
  }, 60_000);
});

describe('enqueue --expires-after', () => {
  it('takes precedence over the setting: 3 h late with --expires-after 240 is sent even under "expire"', async () => {
    engine.settings.update({ lateMail: 'expire', lateAfterMinutes: 30 });
    await missedByThreeHours('Own limit', { expiresAfterMinutes: 240 });
    expect(await engine.process()).toMatchObject({ sent: 1 });
    expect(subjects()).toEqual(['Own limit']);
  }, 30_000);

  it('fails with code "expired" after a downtime longer than its limit, and a retry sends it', async () => {
    const id = await missedByThreeHours('Expires', { expiresAfterMinutes: 30 });
    expect(await engine.process()).toMatchObject({ sent: 0, failed: 1 });
    expect(engine.queue.get(id)).toMatchObject({ status: 'failed', lastErrorCode: 'expired', expiresAfterMinutes: 30 });
    engine.queue.retry(id);
    expect(await engine.process()).toMatchObject({ sent: 1 });
    expect(subjects()).toEqual(['Expires']);
  }, 30_000);

  it('also expires mail that pacing delayed past its limit, while the app was running', async () => {
    engine.accounts.setLimits(accountId, { perMinute: 1 });
    const ids = await engine.queue.queueEmails(
      Array.from({ length: 5 }, (_, i) => ({ message: simpleMessage(`r${i}@example.com`, { subject: `paced ${i}` }), accountRef: accountId, options: { expiresAfterMinutes: 2 } })),
    );
    const summary = await processWithClock();
    const rows = ids.map((id) => engine.queue.get(id));
    const sent = rows.filter((row) => row.status === 'sent');
    const expired = rows.filter((row) => row.status === 'failed');
    // One a minute: those that could leave within two minutes of their time left, the rest did not.
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(sent.length).toBeLessThanOrEqual(3);
    expect(expired.length).toBe(5 - sent.length);
    for (const row of sent) expect(Date.parse(row.sentAt ?? '') - T0).toBeLessThanOrEqual(2 * MINUTE + 5_000);
    for (const row of expired) expect(row.lastErrorCode).toBe('expired');
    expect(summary).toMatchObject({ sent: sent.length, failed: expired.length });
    expect(subjects().sort()).toEqual(sent.map((row) => row.subject).sort());
  }, 60_000);

  it('refuses a bad value, naming the field, and queues nothing', async () => {
    const bad = await cli('enqueue', '--account', String(accountId), '--message', '/nonexistent.json', '--expires-after', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/expires-after.*whole number from 1 to 10080/u);
    await expect(engine.queue.queueEmail(simpleMessage(), accountId, { expiresAfterMinutes: 1.5 })).rejects.toMatchObject({ field: 'expiresAfter' });
    expect(engine.queue.list()).toEqual([]);
  }, 30_000);
});

describe('late-mail settings', () => {
  it('refuses bad values with the field and the reason, and changes nothing', async () => {
    const cases: Array<[string, RegExp]> = [
      ['lateMail=later', /lateMail.*send, hold or expire/u],
      ['lateAfterMinutes=0', /lateAfterMinutes.*at least 1 minute/u],
      ['lateAfterMinutes=2.5', /lateAfterMinutes.*whole number/u],
      ['lateAfterMinutes=99999', /lateAfterMinutes.*at most 10080/u],
      ['lateAfterMinutes=soon', /lateAfterMinutes.*number of minutes/u],
    ];
    for (const [assignment, reason] of cases) {
      const result = await cli('settings', 'lateMail=hold', assignment);
      expect(result.code, assignment).toBe(2);
      expect(result.stderr, assignment).toMatch(reason);
    }
    expect(engine.settings.get()).toMatchObject({ lateMail: 'send', lateAfterMinutes: 60 });
    const good = await cli('settings', 'lateMail=hold', 'lateAfterMinutes=30', '--json');
    expect(JSON.parse(good.stdout)).toMatchObject({ lateMail: 'hold', lateAfterMinutes: 30 });
  }, 30_000);
});
