// `list --limit N --offset K` pages through the whole outbox in the list's own order: every
// mail seen once, none skipped; bad numbers are refused naming the flag.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchWithUnverifiedAccount } from './support';

const bench = benchWithUnverifiedAccount();

describe('list paging', () => {
  it('pages through 25 mails with --limit and --offset, each id once, in the list order', async () => {
    const jsonl = path.join(bench.cli.dataDir, 'mails.jsonl');
    const lines = Array.from({ length: 25 }, (_, i) => JSON.stringify({ to: [{ address: 'ana@example.com' }], subject: `mail ${i}`, text: 'Bonjour' }));
    fs.writeFileSync(jsonl, `${lines.join('\n')}\n`);
    const enqueued = await bench.cli.json<number[]>(['enqueue', '--account', 'me@example.com', '--jsonl', jsonl]);
    expect(enqueued).toHaveLength(25);

    const whole = (await bench.cli.json<Array<{ id: number }>>(['list', '--limit', '100'])).map((item) => item.id);
    expect(whole).toHaveLength(25);
    const paged: number[] = [];
    for (let offset = 0; offset < 30; offset += 10) {
      const page = await bench.cli.json<Array<{ id: number }>>(['list', '--limit', '10', '--offset', String(offset)]);
      paged.push(...page.map((item) => item.id));
    }
    expect(paged).toEqual(whole);
    expect([...paged].sort((a, b) => a - b)).toEqual([...enqueued].map(Number).sort((a, b) => a - b));
  }, 120_000);

  it('refuses an offset or a limit that is not a whole number, naming the flag', async () => {
    for (const bad of ['-1', '1.5', 'ten']) {
      const result = await bench.cli.run(['list', '--offset', bad]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/offset/u);
    }
    const limit = await bench.cli.run(['list', '--limit', 'x']);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toMatch(/limit/u);
  }, 120_000);
});
