// The mail merge view in Debian Chromium, through the loopback transport, against the real engine
// and a real SMTP server: write a template, choose a CSV with one bad row, see it marked with the
// reason in the preview, queue the others, and check what reached the server; the batch then shows
// as one line in the outbox and opens to its rows. Screenshots (light and dark) as in ui.e2e.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSmtpAccount } from '../helpers/engine';
import { parseMime } from '../helpers/mime';
import { buildRenderer, startE2eApp, type E2eApp } from './e2e-app';

const SHOTS = process.env.FACTEUR_UPDATE_SCREENSHOTS === '1' ? path.join(__dirname, 'screenshots') : path.join(os.tmpdir(), 'facteur-e2e-screenshots');
const WAIT = { timeout: 30_000 };
let app: E2eApp;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  const [staticDir, launched] = await Promise.all([
    buildRenderer(),
    chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    }),
  ]);
  browser = launched;
  app = await startE2eApp(staticDir);
  const accountId = await addSmtpAccount(app.engine, app.smtp.port, 'news@example.com');
  app.engine.accounts.setLimits(accountId, { perMinute: 1_000 });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  await page.goto(app.server.pageUrl);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function shoot(name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const file = path.join(SHOTS, `${name}-${scheme}.png`);
    await page.screenshot({ path: file });
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('mail merge in the browser', () => {
  it('previews with the bad row marked, queues the valid rows, and each reaches the server personalised', async () => {
    await page.getByRole('button', { name: 'Mail merge' }).click();
    await page.getByLabel('To', { exact: true }).fill('{{email}}');
    await page.getByLabel('Subject', { exact: true }).fill('Hello {{name}}');
    await page.getByLabel('Message', { exact: true }).fill('Dear {{name}},\nyour code is {{code}}.');
    await page.getByLabel('Unsubscribe link (optional)').fill('https://example.com/u/{{code}}');
    const csv = 'name;email;code\nAna;ana@example.com;A1\nBo;bo@example.com;B2\nCy;cy-at-example.com;C3\nDi;di@example.com;D4\n';
    await page.getByLabel('Data file (CSV)').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Check and preview' }).click();
    await page.getByText('4 rows, 3 ready to send').waitFor(WAIT);
    const bad = page.locator('.merge-table tr.bad');
    expect(await bad.count()).toBe(1);
    expect(await bad.textContent()).toMatch(/^4.*email: not a valid email address/u);
    await expect.poll(() => page.getByText(/Last one leaves around/u).count()).toBe(1);
    await shoot('merge-preview');

    await page.getByLabel('Leave these rows out and send the others').check();
    await page.getByRole('button', { name: 'Queue 3 messages' }).click();
    await app.smtp.waitFor(3, 30_000);
    const received = app.smtp.received.map((mail) => ({ to: mail.to.join(','), mime: parseMime(mail.raw) }));
    expect(received.map((mail) => mail.to).sort()).toEqual(['ana@example.com', 'bo@example.com', 'di@example.com']);
    for (const [name, code, to] of [['Ana', 'A1', 'ana@example.com'], ['Bo', 'B2', 'bo@example.com'], ['Di', 'D4', 'di@example.com']] as const) {
      const mail = received.find((item) => item.to === to);
      expect(mail?.mime.headers.get('subject')).toBe(`Hello ${name}`);
      expect(mail?.mime.headers.get('list-unsubscribe')).toBe(`<https://example.com/u/${code}>`);
      expect(mail?.mime.body.toString('utf8').replace(/\r\n/gu, '\n')).toContain(`Dear ${name},\nyour code is ${code}.`);
    }

    // The outbox shows the batch as one line; opened, it lists its rows, the skipped one marked.
    await page.getByRole('button', { name: /customers\.csv · news@example\.com/u }).waitFor(WAIT);
    await expect.poll(async () => (await page.locator('.batch-row').textContent()) ?? '', WAIT).toMatch(/3 of 3 sent/u);
    await page.getByRole('button', { name: /customers\.csv · news@example\.com/u }).click();
    await page.getByText('Row 4').waitFor(WAIT);
    expect(await page.locator('.batch-data-row.bad').count()).toBe(1);
    await shoot('merge-batch');
    expect(problems).toEqual([]);
  }, 180_000);
});
