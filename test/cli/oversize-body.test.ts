// A message over the account's size limit names what makes it so: the body (`text` or `html`)
// when it alone is over, the attachments otherwise. Through the real CLI; nothing is queued.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';
import { cliBench, type CliBench } from './support';

let cli: CliBench;

beforeEach(async () => {
  cli = cliBench(makeDataDir());
  const added = await cli.run(['accounts', 'add', '--provider', 'smtp', '--email', 'me@example.com', '--host', '127.0.0.1', '--port', '2525', '--no-verify']);
  expect(added.code, added.stderr).toBe(0);
}, 60_000);

afterEach(() => removeDataDir(cli.dataDir));

const enqueue = (message: Record<string, unknown>) =>
  cli.run(['enqueue', '--account', 'me@example.com', '--message', cli.message('m.json', { to: [{ address: 'ana@example.com' }], subject: 'Big', ...message })]);

async function queuedCount(): Promise<number> {
  return (await cli.json<Record<string, number>>(['status'])).queued ?? -1;
}

describe('a message over the size limit', () => {
  it('names text when a 30 MB text body alone is over the 25 MB limit', async () => {
    const result = await enqueue({ text: 'a'.repeat(30 * 1024 * 1024) });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^facteur: text: the text body alone would be about .* more than me@example\.com may send/mu);
    expect(result.stderr).not.toMatch(/attachments/u);
    expect(await queuedCount()).toBe(0);
  }, 180_000);

  it('names html when the HTML body alone is over, and attachments when they make it so', async () => {
    expect((await cli.run(['accounts', 'limits', 'me@example.com', '--max-message-bytes', '100000'])).code).toBe(0);
    const html = await enqueue({ text: 'short', html: `<p>${'b'.repeat(200_000)}</p>` });
    expect(html.code, html.stderr).toBe(2);
    expect(html.stderr).toMatch(/^facteur: html: the html body alone would be about/mu);

    const file = path.join(cli.dataDir, 'big.bin');
    fs.writeFileSync(file, Buffer.alloc(200_000, 1));
    const attached = await enqueue({ text: 'short', attachments: [{ path: file }] });
    expect(attached.code, attached.stderr).toBe(2);
    expect(attached.stderr).toMatch(/^facteur: attachments: the message would be about/mu);
    expect(await queuedCount()).toBe(0);
  }, 180_000);
});
