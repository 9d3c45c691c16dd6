// A mail one recipient's server refused, end to end: it is not a green "Sent" but needs
// attention (counted in the window and by `facteur status --json`), the detail shows the
// server's refusal, and "Send again to the refused recipients" — after fixing the address —
// reaches that recipient only (checked on the SMTP server); attention then drops.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { addSmtpAccount } from '../helpers/engine';
import { shootAt, useBrowserSession, WAIT } from './e2e-browser';

const session = useBrowserSession();

async function attentionByCli(): Promise<number> {
  const result = await runCli(['status', '--json'], { dataDir: session.app.engine.dataDir });
  expect(result.code).toBe(0);
  return (JSON.parse(result.stdout) as { attention: number }).attention;
}

describe('a recipient refused by its server', () => {
  it('needs attention, shows the refusal, and is sent again to the fixed address only', async () => {
    const { engine, smtp } = session.app;
    const account = await addSmtpAccount(engine, smtp.port, 'ana@example.com');
    smtp.faults.push({ kind: 'reject-recipient', address: 'camille@exmaple.com', code: 550, message: '5.1.2 camille@exmaple.com: domain not found' });
    const id = await engine.queue.queueEmail(
      {
        to: [{ address: 'leo@example.com' }, { address: 'camille@exmaple.com', name: 'Camille' }],
        subject: 'Minutes of Tuesday',
        text: 'The minutes are below.',
        html: '<p>The minutes are below.</p>',
      },
      account,
    );
    await expect.poll(() => engine.queue.get(id).status, WAIT).toBe('sent');
    expect(smtp.received.map((mail) => mail.to)).toEqual([['leo@example.com']]);
    expect(await attentionByCli()).toBe(1);

    await session.page.reload();
    const attentionTab = session.page.getByRole('tab', { name: /^Needs attention/u });
    await attentionTab.click();
    await expect.poll(() => attentionTab.locator('.count').textContent(), WAIT).toBe('1');
    const row = session.page.getByRole('listbox').getByRole('option').filter({ hasText: 'Minutes of Tuesday' });
    expect(await row.getByText('Sent · 1 refused').count()).toBe(1);
    await row.click();
    const pane = session.page.getByRole('complementary', { name: 'Message details' });
    await pane.getByText('Sent to 1 of 2').waitFor(WAIT);
    const refusedLine = pane.locator('.recipient-outcome.outcome-refused');
    expect(await refusedLine.textContent()).toMatch(/camille@exmaple\.com.*Refused.*550.*domain not found/su);
    await shootAt(session.page, 'outbox-refused', 'small');
    await shootAt(session.page, 'outbox-refused', 'large');

    await pane.getByRole('button', { name: 'Send again to the refused recipients' }).click();
    await session.page.getByRole('heading', { name: 'Send again to the refused recipients' }).waitFor(WAIT);
    const to = session.page.getByRole('list', { name: 'To recipients' });
    // Only the refused recipient: not the one who already has it.
    expect(await to.locator('li.chip').allTextContents()).toEqual([expect.stringMatching(/camille@exmaple\.com/u)]);
    await session.page.getByRole('button', { name: 'Remove camille@exmaple.com' }).click();
    await session.page.getByLabel('To', { exact: true }).fill('camille@example.com');
    await session.page.keyboard.press('Enter');
    await session.page.keyboard.press('Control+Enter');

    await smtp.waitFor(2, 20_000);
    expect(smtp.received[1]?.to).toEqual(['camille@example.com']);
    expect(smtp.received[1]?.raw.toString('utf8')).toMatch(/Subject: Minutes of Tuesday/u);
    await expect.poll(() => attentionByCli(), WAIT).toBe(0);
    await expect.poll(() => attentionTab.locator('.count').textContent(), WAIT).toBe('0');
    // The original still tells what happened to whom.
    expect(engine.queue.get(id).recipients.find((r) => r.address === 'camille@exmaple.com')).toMatchObject({ outcome: 'refused' });
    expect(session.problems).toEqual([]);
  });
});
