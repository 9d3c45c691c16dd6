// Edge cases of the command-line contract (docs: CLI-CONTRACT.md) a checker that never read the
// source would try: flags that only make sense together, values at the edges, the same command
// twice. Each test drives the built `facteur` command and checks what it printed, its exit code
// and what the database holds afterwards.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchWithUnverifiedAccount } from './support';

const bench = benchWithUnverifiedAccount();

interface ListItem {
  id: number;
  status: string;
  sendAt: string;
  timeZone: string;
}

function write(name: string, content: string): string {
  const file = path.join(bench.cli.dataDir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('merge', () => {
  it('reads send_at values without an offset in --time-zone, with no sending window asked for', async () => {
    const template = write('template.json', JSON.stringify({ to: [{ address: '{{email}}' }], subject: 'Hi', text: 'Hello' }));
    const data = write('rows.csv', 'email,send_at\nana@example.com,2031-01-06T09:00\nbob@example.com,\n');
    const merged = await bench.cli.run(['merge', '--account', 'me@example.com', '--template', template, '--data', data, '--time-zone', 'Europe/Paris', '--send-at', '2031-01-07T10:30', '--json']);
    expect(merged.code, merged.stderr).toBe(0);
    expect(JSON.parse(merged.stdout)).toMatchObject({ queued: 2, skipped: [] });

    const items = await bench.cli.json<ListItem[]>(['list']);
    const byTime = items.map((item) => [item.sendAt, item.timeZone]).sort();
    // 09:00 and 10:30 in Paris (UTC+1 in January).
    expect(byTime).toEqual([
      ['2031-01-06T08:00:00.000Z', 'Europe/Paris'],
      ['2031-01-07T09:30:00.000Z', 'Europe/Paris'],
    ]);
    const batches = await bench.cli.json<Array<{ window: unknown }>>(['batches']);
    expect(batches.map((batch) => batch.window)).toEqual([null]);
  }, 120_000);
});
