// The outbox against the real engine and a real SMTP server, judged by outcomes: the order tabs
// list mail in and that their counts add up; mail queued by the CLI in another process showing at
// once; "Retry all failed" sending only what can succeed and saying what it left (checked on the
// server); mail refused for good offering "Edit and resend" first; paced mail saying why it waits;
// the sidebar announcing a batch politely.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { addSmtpAccount } from '../helpers/engine';
import { useBrowserSession, WAIT } from './e2e-browser';

const session = useBrowserSession();
let account: number;

beforeAll(async () => {
  account = await addSmtpAccount(session.app.engine, session.app.smtp.port, 'sender@example.com');
  session.app.engine.events.emit('account-changed', account);
});

const at = (hours: number): string => new Date(Date.now() + hours * 3_600_000).toISOString();
const message = (subject: string, to = 'ana@example.com') => ({ to: [{ address: to }], subject, text: `${subject}.`, html: null });
const tabCount = async (name: RegExp): Promise<number> => Number(((await session.page.getByRole('tab', { name }).locator('.count').textContent()) ?? '').replace(/\D/gu, ''));
const pane = () => session.page.getByRole('complementary', { name: 'Message details' });

async function openTab(name: RegExp): Promise<void> {
  await session.page.getByRole('button', { name: /^Outbox/u }).click();
  await session.page.getByRole('tab', { name }).click();
}

describe('the outbox', () => {
  it('lists scheduled mail by when it leaves, and the state tabs add up to All (Cancelled included)', async () => {
    const { engine } = session.app;
    // Queued in the opposite order of their send times.
    await engine.queue.queueEmail(message('Leaves third'), account, { sendAt: at(30) });
    await engine.queue.queueEmail(message('Leaves second'), account, { sendAt: at(20) });
    const first = await engine.queue.queueEmail(message('Leaves first'), account, { sendAt: at(10) });
    await engine.queue.queueEmail(message('Changed my mind'), account, { sendAt: at(40) });

    await openTab(/^Scheduled/u);
    const subjects = session.page.getByRole('listbox').locator('.row-subject');
    await expect.poll(() => subjects.allTextContents(), WAIT).toEqual(['Leaves first', 'Leaves second', 'Leaves third', 'Changed my mind']);

    await session.page.getByRole('listbox').getByText('Changed my mind').click();
    await pane().getByRole('button', { name: 'Cancel message' }).click();
    await session.page.getByRole('alertdialog').getByRole('button', { name: 'Cancel message' }).click();
    await expect.poll(() => tabCount(/^Cancelled/u), WAIT).toBe(1);
    expect(engine.queue.get(first).status).toBe('scheduled');

    const states = [/^Scheduled/u, /^Queued/u, /^Sending/u, /^Sent/u, /^Failed/u, /^Held/u, /^Uncertain/u, /^Cancelled/u];
    let sum = 0;
    for (const state of states) sum += await tabCount(state);
    expect(sum).toBe(await tabCount(/^All/u));
    expect(sum).toBe(engine.queue.list({}).length);
  });

  it('shows mail queued by the CLI in another process at once, not at the next scheduler tick', async () => {
    const { engine } = session.app;
    const file = path.join(engine.dataDir, 'from-cli.json');
    fs.writeFileSync(file, JSON.stringify(message('Queued from a terminal')));
    await openTab(/^Scheduled/u);
    const before = await tabCount(/^Scheduled/u);
    const result = await runCli(['enqueue', '--account', String(account), '--message', file, '--send-at', at(50)], { dataDir: engine.dataDir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const queuedAt = Date.now();
    // The scheduler ticks once a minute: seeing it within a few seconds proves the push.
    await session.page.getByRole('listbox').getByText('Queued from a terminal').waitFor({ timeout: 10_000 });
    expect(Date.now() - queuedAt).toBeLessThan(10_000);
    expect(await tabCount(/^Scheduled/u)).toBe(before + 1);
  });

  it('retries only what can succeed, says how many it left, and offers Edit and resend first for mail refused for good', async () => {
    const { engine, smtp } = session.app;
    engine.settings.update({ maxAttempts: 1 });
    smtp.faults.push({ kind: 'reject-recipient', address: 'gone@example.com', code: 550, message: '5.1.1 gone@example.com: no such user' });
    // The app's scheduler sends what is queued; one at a time, so the 451 meets the right mail.
    const refused = await engine.queue.queueEmail(message('Refused for good', 'gone@example.com'), account);
    await expect.poll(() => engine.queue.get(refused).status, WAIT).toBe('failed');
    smtp.faults.push({ kind: 'defer', code: 451, count: 1 });
    const busy = await engine.queue.queueEmail(message('Server was busy', 'busy@example.com'), account);
    await expect.poll(() => engine.queue.get(busy).status, WAIT).toBe('failed');
    engine.settings.update({ maxAttempts: 3 });
    expect(engine.queue.get(busy).lastErrorCode).toBe('smtp-451');
    const receivedBefore = smtp.received.length;

    await openTab(/^Failed/u);
    await session.page.getByRole('listbox').getByText('Refused for good').click();
    const edit = pane().getByRole('button', { name: 'Edit and resend' });
    await edit.waitFor(WAIT);
    expect(await edit.getAttribute('class')).toMatch(/\bprimary\b/u);
    expect(await pane().getByRole('button', { name: 'Retry', exact: true }).getAttribute('class')).toMatch(/\bsecondary\b/u);

    await session.page.getByRole('button', { name: 'Retry all failed' }).click();
    await session.page.getByText('1 message queued again. 1 message refused for good stays in Failed', { exact: false }).waitFor(WAIT);
    await smtp.waitFor(receivedBefore + 1, 20_000);
    await expect.poll(() => engine.queue.get(busy).status, WAIT).toBe('sent');
    expect(smtp.received.slice(receivedBefore).map((mail) => mail.to)).toEqual([['busy@example.com']]);
    expect(engine.queue.get(refused).status).toBe('failed');
    // The run was announced once it finished, politely.
    const live = session.page.getByTestId('batch-announcement');
    expect(await live.getAttribute('aria-live')).toBe('polite');
    await expect.poll(() => live.textContent(), WAIT).toMatch(/Batch finished: 1 sent/u);
  });

  it('says why due mail waits: the account’s per-minute limit, with the next slot', async () => {
    const { engine } = session.app;
    const paced = await addSmtpAccount(engine, session.app.smtp.port, 'paced@example.com');
    engine.accounts.setLimits(paced, { perMinute: 1 });
    const first = await engine.queue.queueEmail(message('First of two'), paced);
    const second = await engine.queue.queueEmail(message('Second of two'), paced);
    await expect.poll(() => engine.queue.get(first).status, WAIT).toBe('sent');
    expect(engine.queue.get(second).status).toBe('queued');

    await openTab(/^Queued/u);
    await session.page.getByRole('listbox').getByText('Second of two').click();
    const note = pane().getByTestId('wait-note');
    await note.waitFor(WAIT);
    expect(await note.textContent()).toMatch(/^Waiting for paced@example\.com’s per-minute limit — next slot ~\d{1,2}:\d{2}\s?[AP]M\.$/u);
  });
});
