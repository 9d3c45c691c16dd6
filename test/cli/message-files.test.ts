// Message files read strictly (issue 12 #9) and bulk enqueue (#11), through the real CLI: a
// Latin-1 file is refused naming the byte, a BOM is accepted, a key given twice is refused,
// /dev/zero stops at the size limit; several --message files or a JSON Lines file are all
// validated first and queued in one transaction, errors naming the file or line.
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
});

afterEach(() => removeDataDir(cli.dataDir));

const file = (name: string, content: string | Buffer): string => {
  const full = path.join(cli.dataDir, name);
  fs.writeFileSync(full, content);
  return full;
};
const enqueue = (...args: string[]) => cli.run(['enqueue', '--account', 'me@example.com', ...args]);
const counts = () => cli.json<Record<string, number>>(['status']);
const message = (subject: string, extra: Record<string, unknown> = {}) => ({ to: [{ address: 'ana@example.com' }], subject, text: 'Bonjour', ...extra });

describe('message files are read strictly (#9)', () => {
  it('refuses a Latin-1 file, naming the byte offset', async () => {
    const json = JSON.stringify(message('Café crème'));
    const result = await enqueue('--message', file('latin1.json', Buffer.from(json, 'latin1')));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`message: .*latin1\\.json is not UTF-8 text \\(byte ${json.indexOf('é')} is 0xe9\\)`, 'u'));
    expect(await counts()).toMatchObject({ queued: 0 });
  });

  it('accepts a UTF-8 file with a byte order mark, and keeps the accents', async () => {
    const result = await enqueue('--message', file('bom.json', `\uFEFF${JSON.stringify(message('Café crème'))}`));
    expect(result.code, result.stderr).toBe(0);
    expect((await cli.json<{ subject: string }>(['show', result.stdout.trim()])).subject).toBe('Café crème');
  });

  it('refuses a key given twice in one object', async () => {
    const result = await enqueue('--message', file('twice.json', '{"to":[{"address":"ana@example.com"}],"subject":"a","text":"x","subject":"b"}'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/gives the key "subject" twice in one object/u);
  });

  it('stops reading /dev/zero at the size limit', async () => {
    const result = await enqueue('--message', '/dev/zero');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\/dev\/zero is larger than 50 MB/u);
  });
});

describe('bulk enqueue (#11)', () => {
  it('queues several --message files, one id per line', async () => {
    const result = await enqueue('--message', file('a.json', JSON.stringify(message('A'))), '--message', file('b.json', JSON.stringify(message('B'))));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(2);
    expect(await counts()).toMatchObject({ queued: 2 });
  });

  it('queues nothing when one of several files is invalid, naming that file', async () => {
    const bad = file('bad.json', JSON.stringify(message('B', { to: [{ address: 'not an address' }] })));
    const result = await enqueue('--message', file('a.json', JSON.stringify(message('A'))), '--message', bad);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad}: to[0].address`);
    expect(await counts()).toMatchObject({ queued: 0 });
  });

  it('queues a JSON Lines file with per-line send times, as a JSON array of ids', async () => {
    const later = new Date(Date.now() + 24 * 3_600_000).toISOString().slice(0, 16);
    const lines = [
      JSON.stringify(message('one')),
      '',
      JSON.stringify({ ...message('two'), sendAt: later, timeZone: 'America/New_York' }),
      JSON.stringify(message('three')),
    ];
    const ids = await cli.json<number[]>(['enqueue', '--account', 'me@example.com', '--jsonl', file('list.jsonl', lines.join('\n'))]);
    expect(ids).toHaveLength(3);
    expect(await counts()).toMatchObject({ queued: 2, scheduled: 1 });
    expect(await cli.json<{ timeZone: string }>(['show', String(ids[1])])).toMatchObject({ timeZone: 'America/New_York' });
  });

  it('names the line at fault and queues nothing', async () => {
    const lines = [JSON.stringify(message('one')), JSON.stringify(message('two', { to: [] })), '{"subject": '];
    const jsonl = file('broken.jsonl', lines.slice(0, 2).join('\n'));
    const invalid = await enqueue('--jsonl', jsonl);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain(`${jsonl} line 2: `);
    const malformed = await enqueue('--jsonl', file('malformed.jsonl', lines.join('\n')));
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/malformed\.jsonl line 3 is not valid JSON/u);
    expect(await counts()).toMatchObject({ queued: 0 });
  });
});
