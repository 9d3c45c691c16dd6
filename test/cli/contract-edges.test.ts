// Edge cases of the command-line contract (docs: CLI-CONTRACT.md) a checker that never read the
// source would try: flags that only make sense together, values at the edges, the same command
// twice. Each test drives the built `facteur` command and checks what it printed, its exit code
// and what the database holds afterwards.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { spawnCli } from '../helpers/cli';
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

describe('merge flags', () => {
  it('refuses a bad --time-zone or --send-at once, naming the flag, even with --skip-invalid, and queues nothing', async () => {
    const template = write('template.json', JSON.stringify({ to: [{ address: '{{email}}' }], subject: 'Hi', text: 'Hello' }));
    // One row has its own exact time, the other relies on the flags.
    const data = write('rows.csv', 'email,send_at\nana@example.com,2031-01-06T09:00:00Z\nbob@example.com,\n');
    const cases: Array<[string[], RegExp]> = [
      [['--time-zone', 'Mars/Olympus'], /^facteur: time-zone: "Mars\/Olympus" is not a known IANA time zone\n$/u],
      [['--send-at', 'tomorrow'], /^facteur: send-at: "tomorrow" is not an ISO-8601 date-time/u],
      [['--send-at', '2020-01-01T09:00:00Z'], /^facteur: send-at: 2020-01-01T09:00:00Z is in the past/u],
    ];
    for (const [flags, stderr] of cases) {
      for (const extra of [[], ['--skip-invalid'], ['--dry-run', '--skip-invalid']]) {
        const result = await bench.cli.run(['merge', '--account', 'me@example.com', '--template', template, '--data', data, ...flags, ...extra, '--json']);
        expect(result.code, `${flags.join(' ')} ${extra.join(' ')}: ${result.stdout}`).toBe(2);
        expect(result.stderr).toMatch(stderr);
        expect(result.stdout).toBe('');
      }
    }
    expect(await bench.cli.json<unknown[]>(['list'])).toEqual([]);
    expect(await bench.cli.json<unknown[]>(['batches'])).toEqual([]);
  }, 180_000);
});

describe('batch export', () => {
  it('quotes every field with a line break, so any CSV reader sees one record per row', async () => {
    const template = write('template.json', JSON.stringify({ to: [{ address: '{{email}}' }], subject: 'Hi', text: '{{note}}' }));
    // Records end in LF; the note of the first row holds a bare LF, the second a CRLF.
    const data = write('rows.csv', 'email,note\nana@example.com,"line one\nline two"\nbob@example.com,"first\r\nsecond"\n');
    expect((await bench.cli.run(['merge', '--account', 'me@example.com', '--template', template, '--data', data])).code).toBe(0);
    const out = path.join(bench.cli.dataDir, 'export.csv');
    const exported = await bench.cli.run(['batch', 'export', '1', '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    const text = fs.readFileSync(out, 'utf8').replace(/^\uFEFF/u, '');
    // A reader that ends a record at any line break outside quotes (Python's csv, spreadsheets).
    const records = parse(text, { record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
    expect(records.map((record) => record.slice(0, 4))).toEqual([
      ['email', 'note', 'facteur_id', 'status'],
      ['ana@example.com', 'line one\nline two', '1', 'queued'],
      ['bob@example.com', 'first\r\nsecond', '2', 'queued'],
    ]);
  }, 120_000);

  it('refuses an --out it cannot write (a missing folder, a folder) naming out, and leaves nothing behind', async () => {
    const template = write('template.json', JSON.stringify({ to: [{ address: '{{email}}' }], subject: 'Hi', text: 'Hello' }));
    const data = write('rows.csv', 'email\nana@example.com\n');
    expect((await bench.cli.run(['merge', '--account', 'me@example.com', '--template', template, '--data', data])).code).toBe(0);
    const folder = path.join(bench.cli.dataDir, 'exports');
    fs.mkdirSync(folder);
    for (const out of [path.join(bench.cli.dataDir, 'missing', 'export.csv'), folder]) {
      const result = await bench.cli.run(['batch', 'export', '1', '--out', out]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/^facteur: out: /u);
      expect(result.stderr).not.toMatch(/\n\s+at /u);
    }
    expect(fs.readdirSync(folder)).toEqual([]);
    expect(fs.readdirSync(bench.cli.dataDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 120_000);
});

describe('settings', () => {
  it('refuses a schedulerCron the scheduler could not run, naming it, and keeps the old one', async () => {
    const refused = await bench.cli.run(['settings', 'schedulerCron=not a cron']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^facteur: settings\.schedulerCron: /u);
    expect((await bench.cli.json<{ schedulerCron: string }>(['settings'])).schedulerCron).toBe('* * * * *');
    expect((await bench.cli.run(['settings', 'schedulerCron=*/5 * * * *'])).code).toBe(0);
    expect((await bench.cli.json<{ schedulerCron: string }>(['settings'])).schedulerCron).toBe('*/5 * * * *');
  }, 120_000);
});

describe('enqueue --send-at', () => {
  it('takes the RFC 3339 and ISO-8601 forms scripts print: lower-case t and z, an offset in hours only', async () => {
    const message = bench.cli.message('m.json', { to: [{ address: 'ana@example.com' }], subject: 'Hi', text: 'Hello' });
    const forms: Array<[string, string]> = [
      ['2031-01-06t09:00:00z', '2031-01-06T09:00:00.000Z'],
      ['2031-01-06T10:00:00+01', '2031-01-06T09:00:00.000Z'],
      ['2031-01-06T04:30:00-05', '2031-01-06T09:30:00.000Z'],
    ];
    for (const [given, expected] of forms) {
      const [id] = await bench.cli.json<number[]>(['enqueue', '--account', 'me@example.com', '--message', message, '--send-at', given]);
      const shown = await bench.cli.json<ListItem>(['show', String(id)]);
      expect(shown.sendAt, given).toBe(expected);
    }
    // Still refused: an offset that is not one, a date without a time.
    for (const bad of ['2031-01-06T09:00:00+1', '2031-01-06T09:00:00+15', '2031-01-06']) {
      const refused = await bench.cli.run(['enqueue', '--account', 'me@example.com', '--message', message, '--send-at', bad]);
      expect(refused.code, bad).toBe(2);
      expect(refused.stderr).toMatch(/sendAt: /u);
    }
    expect((await bench.cli.json<ListItem[]>(['list'])).length).toBe(forms.length);
  }, 120_000);
});

describe('process-queue --json', () => {
  it('says what still waits and until when, as the summary line does', async () => {
    const message = bench.cli.message('m.json', { to: [{ address: 'ana@example.com' }], subject: 'Hi', text: 'Hello' });
    const idle = await bench.cli.json<Record<string, unknown>>(['process-queue']);
    expect(idle).toMatchObject({ sent: 0, waiting: 0, nextAt: null });

    expect((await bench.cli.run(['enqueue', '--account', 'me@example.com', '--message', message, '--send-at', '2031-01-06T09:00:00Z'])).code).toBe(0);
    expect((await bench.cli.run(['enqueue', '--account', 'me@example.com', '--message', message, '--send-at', '2031-01-05T09:00:00Z'])).code).toBe(0);
    const run = await bench.cli.json<Record<string, unknown>>(['process-queue']);
    expect(run).toMatchObject({ sent: 0, waiting: 2, nextAt: '2031-01-05T09:00:00.000Z', stoppedBy: 'done' });
    const text = await bench.cli.run(['process-queue']);
    expect(text.stdout).toMatch(/2 waiting, the next at 2031-01-05T09:00:00\.000Z/u);
  }, 120_000);
});

describe('output to a closed pipe', () => {
  it('stops quietly when the reader goes away (facteur list | head -1): no stack trace, exit 0', async () => {
    const message = bench.cli.message('m.json', { to: [{ address: 'ana@example.com' }], subject: 'Hi', text: 'Hello' });
    expect((await bench.cli.run(['enqueue', '--account', 'me@example.com', '--message', message, '--message', message])).code).toBe(0);
    for (const args of [['list', '--json'], ['list'], ['status', '--json'], ['accounts', 'list', '--json']]) {
      const child = spawnCli(args, { dataDir: bench.cli.dataDir });
      // The reader is gone before the command writes anything: every write meets EPIPE.
      child.stdout?.destroy();
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const code = await new Promise<number | null>((resolve) => child.on('close', (exit) => resolve(exit)));
      expect(stderr, args.join(' ')).toBe('');
      expect(code, args.join(' ')).toBe(0);
    }
  }, 120_000);
});
