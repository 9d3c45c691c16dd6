// Attachment names that would lie to the recipient or break the headers are refused through the
// real CLI, naming the attachment: bidi controls that turn "…\u202Etxt.exe" into "…exe.txt", and
// line breaks, whether given as `filename` or taken from the file's own name. Nothing is queued.
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

const attach = (attachment: Record<string, unknown>) =>
  cli.run(['enqueue', '--account', 'me@example.com', '--message', cli.message('m.json', { to: [{ address: 'ana@example.com' }], subject: 'Files', text: 'Hi', attachments: [{ ...attachment }] })]);

async function queuedCount(): Promise<number> {
  return (await cli.json<Record<string, number>>(['status'])).queued ?? -1;
}

describe('attachment names', () => {
  it('refuses bidi controls in an explicit filename, naming the attachment', async () => {
    for (const control of ['\u202e', '\u2066', '\u200f']) {
      const result = await attach({ contentBase64: 'aGk=', filename: `invoice${control}fdp.exe` });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/attachments\[0\]\.filename: must not contain bidirectional control characters/u);
    }
    expect(await queuedCount()).toBe(0);
  }, 120_000);

  it("refuses a file whose own name carries a bidi control or a line break, naming the attachment's path", async () => {
    for (const name of ['report\u202egpj.exe', 'two\nlines.txt']) {
      const file = path.join(cli.dataDir, name);
      fs.writeFileSync(file, 'content');
      const result = await attach({ path: file });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/attachments\[0\]\.path: the file's name must not contain (bidirectional control characters|line breaks)/u);
    }
    expect(await queuedCount()).toBe(0);
  }, 120_000);

  it('still accepts an ordinary accented name', async () => {
    const file = path.join(cli.dataDir, 'Récapitulatif été.txt');
    fs.writeFileSync(file, 'content');
    const result = await attach({ path: file });
    expect(result.code, result.stderr).toBe(0);
    expect(await queuedCount()).toBe(1);
  }, 120_000);
});
