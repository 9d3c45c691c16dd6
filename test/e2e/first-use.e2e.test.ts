// What a new user meets on a first afternoon, walked with the keyboard and checked against the
// real SMTP server: a refused login keeps focus in the form and a linked account hands it back to
// the button that opened the form; the "Undo" of Send now can be read; a mail that never reached
// its server says so instead of calling its recipients refused; and cancelling a mail from its
// detail pane leaves focus on the pane, not lost at the top of the page.
import { describe, expect, it } from 'vitest';
import { startSmtpTestServer } from '../fakes/smtp-test-server';
import { runCli } from '../helpers/cli';
import { addSmtpAccount } from '../helpers/engine';
import type { Locator } from 'playwright-core';
import { compose, SIZES, useBrowserSession, useGuardedSmtpServer, WAIT } from './e2e-browser';

const guarded = useGuardedSmtpServer();

const session = useBrowserSession();

/** What has keyboard focus: its tag, its accessible text, and whether it sits inside `selector`. */
async function focused(inside = 'body'): Promise<{ tag: string; text: string; inside: boolean }> {
  return session.page.evaluate((selector) => {
    const element = document.activeElement;
    return {
      tag: element?.tagName.toLowerCase() ?? '',
      text: (element?.getAttribute('aria-label') ?? element?.textContent ?? '').trim(),
      inside: element !== document.body && element?.closest(selector) !== null,
    };
  }, inside);
}

/** WCAG contrast ratio of an element's text colour against its own background colour. */
function contrastOf(element: Locator): Promise<number> {
  return element.evaluate((node) => {
    const style = getComputedStyle(node);
    const luminance = (colour: string): number => {
      const [r = 0, g = 0, b = 0] = (colour.match(/[\d.]+/gu) ?? []).map(Number);
      const linear = (channel: number): number => (channel / 255 <= 0.03928 ? channel / 255 / 12.92 : ((channel / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    };
    const [light, dark] = [luminance(style.color), luminance(style.backgroundColor)].sort((a, b) => b - a) as [number, number];
    return (light + 0.05) / (dark + 0.05);
  });
}

describe('a first afternoon with Facteur', () => {
  it('keeps focus in the SMTP form when the server refuses the login, and hands it back once the account is added', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Accounts' }).click();
    await page.getByRole('button', { name: 'Add SMTP' }).click();
    const form = page.getByRole('form', { name: 'Add an SMTP account' });
    expect(await focused('form.provider-form')).toMatchObject({ tag: 'input', inside: true });
    await page.keyboard.type('me@example.com');
    await form.getByLabel('Server').fill('127.0.0.1');
    await form.getByLabel('Port').fill(String(guarded.server.port));
    await form.getByLabel('Username (leave empty if none)').fill('me');
    await form.getByLabel('Password').fill('wrong');
    await form.getByRole('button', { name: 'Add account' }).focus();
    await page.keyboard.press('Enter');
    await form.getByRole('alert').waitFor(WAIT);
    expect(await form.getByRole('alert').textContent()).toMatch(/username and password.*535/u);
    expect(await focused('form.provider-form')).toEqual({ tag: 'button', text: 'Add account', inside: true });
    expect(session.app.engine.accounts.list()).toEqual([]);

    await form.getByLabel('Password').fill('right');
    await page.keyboard.press('Enter');
    await page.getByText('me@example.com added.').waitFor(WAIT);
    expect(await focused()).toEqual({ tag: 'button', text: 'Add SMTP', inside: true });
    expect(session.app.engine.accounts.list().map((account) => account.email)).toEqual(['me@example.com']);
  });

  it('shows the Undo of "Send now" legibly, and the mail still leaves once', async () => {
    const { page, app } = session;
    app.engine.settings.update({ undoSendSeconds: 6 });
    await page.getByRole('button', { name: 'Accounts' }).click(); // the account added above, listed
    await compose(page, { to: 'ana@example.com', subject: 'Read the toast', body: 'Hello.' }, WAIT);
    await page.keyboard.press('Control+Enter');
    await page.getByRole('button', { name: 'Undo' }).waitFor(WAIT);
    // axe leaves text over a fixed, overlapping toast "to review"; the ratio is measured here instead.
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await contrastOf(page.getByRole('button', { name: 'Undo' })), colorScheme).toBeGreaterThanOrEqual(4.5);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await guarded.server.waitFor(1, 30_000);
    expect(guarded.server.received.map((mail) => mail.to)).toEqual([['ana@example.com']]);
  });

  it('says a mail that never reached its server failed on the server, not that its recipient was refused', async () => {
    const { page, app } = session;
    const closed = await startSmtpTestServer();
    await closed.close();
    const account = await addSmtpAccount(app.engine, closed.port, 'down@example.com');
    app.engine.events.emit('account-changed', account);
    const id = await app.engine.queue.queueEmail({ to: [{ address: 'bea@example.com' }], subject: 'Nobody answered', text: 'Hello.' }, account, { maxAttempts: 1 });
    await expect.poll(() => app.engine.queue.get(id).status, WAIT).toBe('failed');

    const shown = await runCli(['show', String(id), '--json'], { dataDir: app.engine.dataDir });
    const recipients = (JSON.parse(shown.stdout) as { recipients: Array<{ address: string; outcome: string }> }).recipients;
    expect(recipients).toEqual([expect.objectContaining({ address: 'bea@example.com', outcome: 'pending' })]);

    await page.getByRole('button', { name: /^Outbox/u }).click();
    await page.getByRole('tab', { name: /^Failed/u }).click();
    await page.getByRole('listbox').getByText('Nobody answered').click();
    const pane = page.getByRole('complementary', { name: 'Message details' });
    await pane.getByText('The server could not be reached (network or server down).').first().waitFor(WAIT);
    expect(await pane.getByText('Refused', { exact: true }).count()).toBe(0);
  });

  it('leaves focus on the detail pane after cancelling a mail with the keyboard', async () => {
    const { page, app } = session;
    const [account] = app.engine.accounts.list();
    if (!account) throw new Error('no account');
    const id = await app.engine.queue.queueEmail({ to: [{ address: 'cy@example.com' }], subject: 'Not after all', text: 'Hello.' }, account.id, {
      sendAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await page.getByRole('tab', { name: /^Scheduled/u }).click();
    await page.getByRole('listbox').getByText('Not after all').click();
    const pane = page.getByRole('complementary', { name: 'Message details' });
    await pane.getByRole('button', { name: 'Cancel message' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor(WAIT);
    await dialog.getByRole('button', { name: 'Cancel message' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => app.engine.queue.get(id).status, WAIT).toBe('cancelled');
    await pane.getByText('Cancelled', { exact: true }).first().waitFor(WAIT);
    expect(await focused('[aria-label="Message details"]')).toMatchObject({ inside: true });
  });

  it('keeps the window itself still in every view at 800×600: only the view scrolls, never the page under the sidebar', async () => {
    const { page } = session;
    await page.setViewportSize(SIZES.small);
    for (const view of ['Mail merge', 'Accounts', 'Settings', 'Outbox']) {
      await page.getByRole('navigation').getByRole('button', { name: new RegExp(`^${view}`, 'u') }).click();
      await page.locator('.main .view').first().waitFor(WAIT);
      const { overflow, viewport } = await page.evaluate(() => ({ overflow: document.documentElement.scrollHeight, viewport: window.innerHeight }));
      expect(overflow, view).toBeLessThanOrEqual(viewport);
    }
    // Settings: a choice beside a long explanation keeps its own width ("10 seconds", not "10 s").
    await page.getByRole('navigation').getByRole('button', { name: /^Settings/u }).click();
    const squeezed = await page.locator('.settings .setting-row select').evaluateAll((selects) =>
      selects.flatMap((select) => {
        const free = select.cloneNode(true) as HTMLSelectElement;
        free.style.cssText = 'position: absolute; visibility: hidden; width: auto; max-width: none';
        document.body.append(free);
        const natural = free.offsetWidth;
        free.remove();
        return (select as HTMLElement).offsetWidth + 1 < natural ? [`${select.id}: ${(select as HTMLElement).offsetWidth}px of ${natural}px`] : [];
      }),
    );
    expect(squeezed).toEqual([]);
    await page.setViewportSize(SIZES.large);
  });

  it('brings the merge preview to the user who asked for it from the bottom of the form, bad row named', async () => {
    const { page } = session;
    await page.setViewportSize(SIZES.small);
    await page.getByRole('button', { name: 'Mail merge' }).click();
    await page.getByLabel('Subject', { exact: true }).fill('Hello {{name}}');
    await page.getByLabel('Message', { exact: true }).fill('Dear {{name}}');
    const csv = 'name,email\nAna,ana@example.com\nBo,bo-at-example.com\n';
    await page.getByLabel('Data file (CSV)').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Check and preview' }).focus();
    await page.keyboard.press('Enter');
    const preview = page.locator('.merge-preview');
    await preview.getByText('2 rows, 1 ready to send').waitFor(WAIT);
    expect(await preview.getByText(/Row 3, column “email”/u).count()).toBe(1);
    expect(await focused('.merge-preview')).toMatchObject({ inside: true });
    const box = await preview.boundingBox();
    expect(box && box.y >= 0 && box.y < SIZES.small.height).toBe(true);
    await page.setViewportSize(SIZES.large);
  });

  it('shows which tab is chosen in a narrow window, also when the app chose it after Schedule', async () => {
    const { page } = session;
    await page.setViewportSize(SIZES.small);
    await compose(page, { to: 'di@example.com', subject: 'Which tab am I in', body: 'Hello.' }, WAIT);
    await page.getByRole('radio', { name: 'Schedule' }).check();
    await page.getByRole('button', { name: 'Tomorrow 9:00 AM' }).click();
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    const chosen = page.getByRole('tab', { selected: true });
    await page.getByRole('listbox').getByText('Which tab am I in').waitFor(WAIT);
    await expect.poll(async () => {
      const [tab, strip] = await Promise.all([chosen.boundingBox(), page.getByRole('tablist').boundingBox()]);
      return tab !== null && strip !== null && tab.x >= strip.x - 1 && tab.x + tab.width <= strip.x + strip.width + 1;
    }, WAIT).toBe(true);
    await page.setViewportSize(SIZES.large);
  });

  it('goes to the last of 450 scheduled mails with End, though that page of the list is not loaded yet', async () => {
    const { page, app } = session;
    const [account] = app.engine.accounts.list();
    if (!account) throw new Error('no account');
    const start = Date.now() + 86_400_000;
    for (let index = 0; index < 450; index += 1) {
      const subject = `Mail ${String(index).padStart(3, '0')}`;
      await app.engine.queue.queueEmail({ to: [{ address: 'cy@example.com' }], subject, text: 'Hello.' }, account.id, { sendAt: new Date(start + index * 60_000).toISOString() });
    }
    await page.getByRole('button', { name: /^Outbox/u }).click();
    await page.getByRole('tab', { name: /^Scheduled/u }).click();
    await page.getByRole('listbox').getByText('Mail 000').click();
    const pane = page.getByRole('complementary', { name: 'Message details' });
    await pane.getByRole('heading', { name: 'Mail 000' }).waitFor(WAIT);
    await page.keyboard.press('End');
    await pane.getByRole('heading', { name: 'Mail 449' }).waitFor(WAIT);
    await page.keyboard.press('Home');
    // Back at the top of the tab (earlier tests left mail there too).
    await page.getByRole('listbox').getByRole('option').first().and(page.locator('[aria-selected="true"]')).waitFor(WAIT);
    expect(session.problems).toEqual([]);
  });
});
