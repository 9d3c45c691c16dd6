// A message over the account's size limit names what makes it so: the body (`text` or `html`)
// when it alone is over, the attachments otherwise. Through the real CLI; nothing is queued.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchWithUnverifiedAccount, queuedCount } from './support';

const bench = benchWithUnverifiedAccount();

const enqueue = (message: Record<string, unknown>) =>
  bench.cli.run(['enqueue', '--account', 'me@example.com', '--message', bench.cli.message('m.json', { to: [{ address: 'ana@example.com' }], subject: 'Big', ...message })]);

const queued = () => queuedCount(bench.cli);

describe('a message over the size limit', () => {
  it('names text when a 30 MB text body alone is over the 25 MB limit', async () => {
    const result = await enqueue({ text: 'a'.repeat(30 * 1024 * 1024) });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^facteur: text: the text body alone would be about .* more than me@example\.com may send/mu);
    expect(result.stderr).not.toMatch(/attachments/u);
    expect(await queued()).toBe(0);
  }, 180_000);

  it('names html when the HTML body alone is over, and attachments when they make it so', async () => {
    expect((await bench.cli.run(['accounts', 'limits', 'me@example.com', '--max-message-bytes', '100000'])).code).toBe(0);
    const html = await enqueue({ text: 'short', html: `<p>${'b'.repeat(200_000)}</p>` });
    expect(html.code, html.stderr).toBe(2);
    expect(html.stderr).toMatch(/^facteur: html: the html body alone would be about/mu);

    const file = path.join(bench.cli.dataDir, 'big.bin');
    fs.writeFileSync(file, Buffer.alloc(200_000, 1));
    const attached = await enqueue({ text: 'short', attachments: [{ path: file }] });
    expect(attached.code, attached.stderr).toBe(2);
    expect(attached.stderr).toMatch(/^facteur: attachments: the message would be about/mu);
    expect(await queued()).toBe(0);
  }, 180_000);
});
