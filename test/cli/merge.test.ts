// Mail merge through the real CLI against the real SMTP test server: every row's personalised
// mail delivered once, the export matching what the server received, pause/resume/cancel, and
// bad data files refused with the row and column named and nothing queued.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';
import { runCli } from '../helpers/cli';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';
import { addSmtpAccount, makeEngine } from '../helpers/engine';
import { attachmentsOf, leaves, parseMime } from '../helpers/mime';

let server: SmtpTestServer;
let dataDir: string;
let work: string;
const run = (args: string[]) => runCli(args, { dataDir, timeoutMs: 120_000 });

const TEMPLATE = {
  to: [{ address: '{{email}}', name: '{{name}}' }],
  subject: 'Hello {{name}}',
  text: 'Dear {{name}},\n{{note}}',
  html: '<p>Dear {{name}},</p><p>{{note}}</p>',
  attachments: [{ path: './brochure.pdf' }],
  listUnsubscribe: 'mailto:leave@example.com https://example.com/u/{{id}}',
};

function write(name: string, content: string | Buffer): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, content);
  return file;
}

const template = (overrides: Record<string, unknown> = {}) => write(`template-${Math.random().toString(36).slice(2)}.json`, JSON.stringify({ ...TEMPLATE, ...overrides }));
const queuedTotal = async (): Promise<number> => {
  const counts = JSON.parse((await run(['status', '--json'])).stdout) as Record<string, number>;
  return Object.values(counts).reduce((sum, n) => sum + (typeof n === 'number' ? n : 0), 0);
};

beforeAll(async () => {
  server = await startSmtpTestServer();
  dataDir = makeDataDir();
  work = makeDataDir('facteur-merge-files-');
  write('brochure.pdf', Buffer.from('%PDF-1.4 brochure shared by every row\n'));
  const engine = makeEngine({ dataDir });
  const id = await addSmtpAccount(engine, server.port);
  engine.accounts.setLimits(id, { perMinute: 10_000, concurrency: 4 });
  engine.close();
});

afterAll(async () => {
  await server.close();
  removeDataDir(dataDir);
  removeDataDir(work);
});

describe('facteur merge', () => {
  it('delivers every row its own mail once, and the export matches what the server received', async () => {
    // French Excel: ";" delimiter, a BOM, a quoted field with a line break and a quote in it.
    const rows = Array.from({ length: 25 }, (_, i) => `${i + 1};Ana ${i};ana${i}@example.com;"likes <b>bold</b>; line one\nline ""two"""`);
    const data = write('list.csv', `\uFEFFid;name;email;note\r\n${rows.join('\r\n')}\r\n`);
    const merged = await run(['merge', '--account', 'sender@example.com', '--template', template(), '--data', data, '--json']);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    const result = JSON.parse(merged.stdout) as { batch: number; queued: number; skipped: unknown[] };
    expect(result).toMatchObject({ queued: 25, skipped: [] });
    // The shared attachment is stored once for the 25 emails.
    const blobs = fs.readdirSync(path.join(dataDir, 'attachments'), { recursive: true }).filter((f) => /[a-f0-9]{64}$/u.test(String(f)));
    expect(blobs).toHaveLength(1);

    const before = JSON.parse((await run(['batches', '--json'])).stdout) as Array<{ id: number; total: number; counts: Record<string, number>; eta: string | null }>;
    expect(before).toEqual([expect.objectContaining({ id: result.batch, total: 25, counts: expect.objectContaining({ queued: 25 }) })]);
    expect(Date.parse(before[0]?.eta ?? '')).not.toBeNaN();

    const processed = await run(['process-queue', '--json']);
    expect(processed.code).toBe(0);
    expect(JSON.parse(processed.stdout)).toMatchObject({ sent: 25, failed: 0 });
    expect(server.received).toHaveLength(25);
    const byRecipient = new Map(server.received.map((mail) => [mail.to.join(','), mail]));
    expect(byRecipient.size).toBe(25);
    for (let i = 0; i < 25; i += 1) {
      const mail = byRecipient.get(`ana${i}@example.com`);
      expect(mail, `row for ana${i}`).toBeDefined();
      const mime = parseMime(mail?.raw ?? Buffer.alloc(0));
      expect(mime.headers.get('subject')).toBe(`Hello Ana ${i}`);
      expect(mime.headers.get('list-unsubscribe')).toBe(`<mailto:leave@example.com>, <https://example.com/u/${i + 1}>`);
      expect(mime.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      const body = (type: string) => (leaves(mime).find((part) => part.contentType.startsWith(type))?.body.toString('utf8') ?? '').replace(/\r\n/gu, '\n');
      const html = body('text/html');
      const text = body('text/plain');
      // Still escaped text, never markup; the engine's HTML clean-up (DOMPurify) re-serialises it
      // with the minimal escapes (`/` and `"` need none in text).
      expect(html).toContain('likes &lt;b&gt;bold&lt;/b&gt;; line one\nline "two"');
      expect(text).toContain('likes <b>bold</b>; line one\nline "two"');
      expect(attachmentsOf(mail?.raw ?? Buffer.alloc(0)).get('brochure.pdf')?.toString()).toContain('brochure shared by every row');
    }

    const out = path.join(work, 'export.csv');
    const exported = await run(['batch', 'export', String(result.batch), '--out', out]);
    expect(exported.code).toBe(0);
    const table = parse(fs.readFileSync(out), { bom: true, delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(table).toHaveLength(25);
    const list = JSON.parse((await run(['list', '--batch', String(result.batch), '--json'])).stdout) as Array<{ id: number; messageId: string; status: string }>;
    expect(list).toHaveLength(25);
    const received = new Map(server.received.map((mail) => [parseMime(mail.raw).headers.get('message-id'), mail.to[0]]));
    for (const [index, row] of table.entries()) {
      expect(row).toMatchObject({ id: String(index + 1), email: `ana${index}@example.com`, status: 'sent', error: '' });
      expect(row.note).toBe('likes <b>bold</b>; line one\nline "two"');
      expect(Date.parse(row.sent_at ?? '')).not.toBeNaN();
      const email = list.find((item) => String(item.id) === row.facteur_id);
      expect(received.get(email?.messageId)).toBe(row.email);
    }
  });

  it('pauses a batch (nothing leaves), resumes it on its schedule, and cancels another', async () => {
    const start = server.received.length;
    const data = write('pause.csv', 'id,name,email,note\n1,Bo,bo@example.com,n\n2,Cy,cy@example.com,n\n3,Di,di@example.com,n\n');
    const batch = (await run(['merge', '--account', 'sender@example.com', '--template', template(), '--data', data])).stdout.trim();
    expect(batch).toMatch(/^\d+$/u);
    expect((await run(['batch', 'pause', batch])).stdout.trim()).toBe('3');
    const paused = JSON.parse((await run(['batch', batch, '--json'])).stdout) as { paused: boolean; eta: string | null; rows: Array<{ status: string }> };
    expect(paused).toMatchObject({ paused: true, eta: null });
    expect(paused.rows.map((r) => r.status)).toEqual(['paused', 'paused', 'paused']);
    await run(['process-queue']);
    expect(server.received.length).toBe(start);
    expect((await run(['batch', 'resume', batch])).stdout.trim()).toBe('3');
    expect(JSON.parse((await run(['process-queue', '--json'])).stdout)).toMatchObject({ sent: 3 });
    expect(server.received.slice(start).map((m) => m.to[0]).sort()).toEqual(['bo@example.com', 'cy@example.com', 'di@example.com']);

    const later = (await run(['merge', '--account', '1', '--template', template(), '--data', data, '--send-at', new Date(Date.now() + 3_600_000).toISOString()])).stdout.trim();
    expect((await run(['batch', 'cancel', later])).stdout.trim()).toBe('3');
    const cancelled = JSON.parse((await run(['batches', '--json'])).stdout) as Array<{ id: number; counts: Record<string, number> }>;
    expect(cancelled.find((b) => String(b.id) === later)?.counts.cancelled).toBe(3);
  });

  it('with --skip-invalid queues the valid rows and lists the others; --dry-run queues nothing', async () => {
    const data = write('mixed.csv', 'id,name,email,note\n1,Ed,ed@example.com,n\n2,Fa,not-an-address,n\n3,Gi,gi@example.com,n\n');
    const dry = await run(['merge', '--account', '1', '--template', template(), '--data', data, '--dry-run', '--skip-invalid']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('3 rows, 2 valid');
    expect(dry.stdout).toContain('subject: Hello Ed');
    const total = await queuedTotal();
    const skipped = await run(['merge', '--account', '1', '--template', template(), '--data', data, '--skip-invalid', '--json']);
    expect(skipped.code).toBe(0);
    expect(JSON.parse(skipped.stdout)).toMatchObject({ queued: 2, skipped: [{ row: 3, column: 'email', reason: expect.stringContaining('not a valid email address') }] });
    expect(await queuedTotal()).toBe(total + 2);
  });
});

describe('bad data files are refused with the row and column named, and nothing is queued', () => {
  const cases: Array<{ name: string; data: () => string | Buffer; template?: Record<string, unknown>; expected: RegExp }> = [
    {
      name: 'wrong delimiter in the rows (the header was split on ",")',
      data: () => 'id,name,email,note\n1;Ana;ana@example.com;n\n',
      expected: /row 2: has 1 field where the header has 4 \(fields were split on ","/u,
    },
    { name: 'a placeholder naming no column', data: () => 'id,name,email\n1,Ana,ana@example.com\n', expected: /template\.text: \{\{note\}\} is not a column of the data file/u },
    {
      name: 'a bad address in row 3,000',
      data: () =>
        `id,name,email,note\n${Array.from({ length: 3500 }, (_, i) => `${i},N${i},${i === 2998 ? 'bob@@example.com' : `p${i}@example.com`},n`).join('\n')}\n`,
      expected: /1 of 3500 rows cannot be sent[\s\S]*row 3000, column "email": not a valid email address/u,
    },
    {
      name: 'a line break in a field bound for a header',
      data: () => 'id,name,email,note\n1,"Ana\r\nBcc: victim@example.com",ana@example.com,n\n',
      expected: /row 2, column "name": must not contain line breaks/u,
    },
    {
      name: 'an attachment outside the data file\'s folder',
      data: () => 'id,name,email,note,attachments\n1,Ana,ana@example.com,n,/etc/passwd\n',
      expected: /row 2, column "attachments": \/etc\/passwd is outside/u,
    },
    { name: 'a 50 MB file', data: () => Buffer.alloc(50 * 1024 * 1024, 'a,b,c\n'), expected: /is 50\.0 MB; a mail merge takes at most 20 MB/u },
    { name: 'a file that is not UTF-8', data: () => Buffer.from('id,name,email,note\n1,Andr\xe9,andre@example.com,n\n', 'latin1'), expected: /is not UTF-8 text \(first bad byte on line 2\)/u },
  ];

  it.each(cases)('$name', async ({ data, expected, template: overrides }) => {
    const before = await queuedTotal();
    const batches = (JSON.parse((await run(['batches', '--json'])).stdout) as unknown[]).length;
    const file = write(`bad-${Math.random().toString(36).slice(2)}.csv`, data());
    const result = await run(['merge', '--account', '1', '--template', template(overrides), '--data', file]);
    expect(result.stderr).toMatch(expected);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(await queuedTotal()).toBe(before);
    expect(JSON.parse((await run(['batches', '--json'])).stdout)).toHaveLength(batches);
  });
});
