// The mail merge view with the files users really have, in Debian Chromium against the real
// engine and SMTP server: a Windows-1252 CSV refused with the encoding named, Excel's UTF-16
// "Unicode Text" previewed with its accents, a repeated recipient marked by row and column, markup
// in a value shown as text, and the queued mail reaching the server as previewed; a list meant to
// mail one person several times (invoices) sent whole once the user says so.
import { describe, expect, it } from 'vitest';
import { addSmtpAccount } from '../helpers/engine';
import { decodeHeader, leaves, parseMime } from '../helpers/mime';
import { shootSchemes, useBrowserSession } from './e2e-browser';

const WAIT = { timeout: 30_000 };
const session = useBrowserSession({
  viewport: { width: 1280, height: 900 },
  beforeLoad: async (started) => {
    const accountId = await addSmtpAccount(started.engine, started.smtp.port, 'news@example.com');
    started.engine.accounts.setLimits(accountId, { perMinute: 1_000 });
  },
});

async function writeTemplate(): Promise<void> {
  await session.page.getByRole('button', { name: 'Mail merge' }).click();
  await session.page.getByLabel('To', { exact: true }).fill('{{email}}');
  await session.page.getByLabel('Subject', { exact: true }).fill('Bonjour {{name}}');
  await session.page.getByLabel('Message', { exact: true }).fill('Votre note : {{note}}');
}

const choose = (name: string, bytes: Buffer) => session.page.getByLabel('Data file (CSV)').setInputFiles({ name, mimeType: 'text/csv', buffer: bytes });

describe('mail merge in the browser with real-world data files', () => {
  it('refuses a Windows-1252 file naming the encoding, and queues nothing', async () => {
    await writeTemplate();
    await choose('excel.csv', Buffer.from('email;name;note\r\nandre@example.com;Andr\xe9;caf\xe9\r\n', 'latin1'));
    await session.page.getByRole('button', { name: 'Check and preview' }).click();
    await session.page.getByText(/it looks like Windows-1252/u).waitFor(WAIT);
    await shootSchemes(session.page, 'merge-windows-1252');
    expect(session.app.engine.batches.list()).toHaveLength(0);
  }, 180_000);

  it('previews a UTF-16 file with accents, marks a repeated recipient, shows markup as text, and sends as previewed', async () => {
    await writeTemplate();
    const text = 'email\tname\tnote\r\nandre@example.com\tAndré <b>Ñúñez</b>\tcafé\r\nzoe@example.com\tZoë 🎉\tthé\r\nANDRE@example.com\tAndré again\tx\r\n';
    await choose('unicode.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    await session.page.getByRole('button', { name: 'Check and preview' }).click();
    await session.page.getByText('3 rows, 2 ready to send').waitFor(WAIT);
    const rows = session.page.locator('.merge-table tbody tr');
    expect(await rows.nth(0).textContent()).toContain('Bonjour André <b>Ñúñez</b>');
    expect(await session.page.locator('.merge-table b').count()).toBe(0);
    // The first row's message itself, as it will be sent, not only its subject.
    const first = session.page.getByRole('figure', { name: /Row 2’s message, to andre@example\.com/u });
    expect(await first.locator('.merge-body').textContent()).toBe('Votre note : café');
    // A long reason wraps inside the table instead of running out of the card.
    const problemCell = rows.nth(2).locator('td').last();
    const [cell, wrap] = await Promise.all([problemCell.boundingBox(), session.page.locator('.merge-table-wrap').boundingBox()]);
    expect((cell?.x ?? 0) + (cell?.width ?? 0)).toBeLessThanOrEqual((wrap?.x ?? 0) + (wrap?.width ?? 0) + 1);
    await expect.poll(() => session.page.locator('.merge-problems li').allTextContents()).toEqual([
      expect.stringMatching(/4.*email.*ANDRE@example\.com already gets the mail of row 2/u),
    ]);
    await shootSchemes(session.page, 'merge-unicode-duplicate');

    await session.page.getByLabel('Leave these rows out and send the others').check();
    await session.page.getByRole('button', { name: 'Queue 2 messages' }).click();
    await session.app.smtp.waitFor(2, 30_000);
    const received = session.app.smtp.received.map((mail) => {
      const mime = parseMime(mail.raw);
      const text = leaves(mime).find((part) => part.contentType.startsWith('text/plain'))?.body.toString('utf8').trim();
      return { to: mail.to.join(','), subject: decodeHeader(mime.headers.get('subject') ?? ''), text };
    });
    expect(received.sort((a, b) => a.to.localeCompare(b.to))).toEqual([
      { to: 'andre@example.com', subject: 'Bonjour André <b>Ñúñez</b>', text: 'Votre note : café' },
      { to: 'zoe@example.com', subject: 'Bonjour Zoë 🎉', text: 'Votre note : thé' },
    ]);
    expect(session.problems).toEqual([]);
  }, 180_000);

  it('sends one person each of their rows when the list is meant that way (one row per invoice)', async () => {
    await writeTemplate();
    await choose('invoices.csv', Buffer.from('email,name,note\nacct@example.com,Comptabilité,facture 17\nacct@example.com,Comptabilité,facture 18\n'));
    await session.page.getByRole('button', { name: 'Check and preview' }).click();
    await session.page.getByText('2 rows, 1 ready to send').waitFor(WAIT);
    // Saying so discards the preview: it is checked again with duplicates allowed.
    await session.page.getByLabel('Several rows may mail the same person (one row per invoice)').check();
    await expect.poll(() => session.page.getByText('2 rows, 1 ready to send').count()).toBe(0);
    await session.page.getByRole('button', { name: 'Check and preview' }).click();
    await session.page.getByText('2 rows, 2 ready to send').waitFor(WAIT);
    expect(await session.page.locator('.merge-problems li').count()).toBe(0);
    const before = session.app.smtp.received.length;
    await session.page.getByRole('button', { name: 'Queue 2 messages' }).click();
    await session.app.smtp.waitFor(before + 2, 30_000);
    const notes = session.app.smtp.received.slice(before).map((mail) => {
      const text = leaves(parseMime(mail.raw)).find((part) => part.contentType.startsWith('text/plain'))?.body.toString('utf8').trim();
      return `${mail.to.join(',')}: ${text}`;
    });
    expect(notes.sort()).toEqual(['acct@example.com: Votre note : facture 17', 'acct@example.com: Votre note : facture 18']);
    expect(session.problems).toEqual([]);
  }, 180_000);
});
