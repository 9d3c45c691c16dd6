// Attachment names that would lie to the recipient or break the headers are refused through the
// real CLI, naming the attachment: bidi controls that turn "…\u202Etxt.exe" into "…exe.txt", and
// line breaks, whether given as `filename` or taken from the file's own name. Nothing is queued.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchWithUnverifiedAccount, queuedCount } from './support';

const bench = benchWithUnverifiedAccount();

const attach = (attachment: Record<string, unknown>) =>
  bench.cli.run(['enqueue', '--account', 'me@example.com', '--message', bench.cli.message('m.json', { to: [{ address: 'ana@example.com' }], subject: 'Files', text: 'Hi', attachments: [{ ...attachment }] })]);

const queued = () => queuedCount(bench.cli);

describe('attachment names', () => {
  it('refuses bidi controls in an explicit filename, naming the attachment', async () => {
    for (const control of ['\u202e', '\u2066', '\u200f']) {
      const result = await attach({ contentBase64: 'aGk=', filename: `invoice${control}fdp.exe` });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/attachments\[0\]\.filename: must not contain bidirectional control characters/u);
    }
    expect(await queued()).toBe(0);
  }, 120_000);

  it("refuses a file whose own name carries a bidi control or a line break, naming the attachment's path", async () => {
    for (const name of ['report\u202egpj.exe', 'two\nlines.txt']) {
      const file = path.join(bench.cli.dataDir, name);
      fs.writeFileSync(file, 'content');
      const result = await attach({ path: file });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/attachments\[0\]\.path: the file's name must not contain (bidirectional control characters|line breaks)/u);
    }
    expect(await queued()).toBe(0);
  }, 120_000);

  it('still accepts an ordinary accented name', async () => {
    const file = path.join(bench.cli.dataDir, 'Récapitulatif été.txt');
    fs.writeFileSync(file, 'content');
    const result = await attach({ path: file });
    expect(result.code, result.stderr).toBe(0);
    expect(await queued()).toBe(1);
  }, 120_000);
});
