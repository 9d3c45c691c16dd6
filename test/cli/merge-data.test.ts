// Mail merge with the values and data files users really have, through the real CLI to the real
// SMTP server: values escaped in html and raw in text, never re-expanded, never a header; accents,
// emoji and right-to-left text intact in the encoded subject; Excel's UTF-16 "Unicode Text", its
// blank rows and trailing delimiters read; Windows-1252 and repeated recipients refused with
// nothing queued (unless the list says several rows are meant for one person); cc, bcc, reply-to, file names and per-row send times filled from the row.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';
import { runCli } from '../helpers/cli';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';
import { addSmtpAccount, makeEngine } from '../helpers/engine';
import { decodeHeader, leaves, parseMime } from '../helpers/mime';

let server: SmtpTestServer;
let dataDir: string;
let work: string;
let files = 0;
const run = (args: string[]) => runCli(args, { dataDir, timeoutMs: 120_000 });
const TEMPLATE = { to: [{ address: '{{email}}', name: '{{name}}' }], subject: 'Bonjour {{name}}', text: 'Note: {{note}}', html: '<p>Note: {{note}}</p>' };

function write(name: string, content: string | Buffer): string {
  const file = path.join(work, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

async function merge(data: string | Buffer, template: Record<string, unknown> = TEMPLATE) {
  files += 1;
  const templateFile = write(`template-${files}.json`, JSON.stringify(template));
  return run(['merge', '--account', '1', '--template', templateFile, '--data', write(`data-${files}.csv`, data), '--json']);
}

const waiting = async (): Promise<number> => {
  const counts = JSON.parse((await run(['status', '--json'])).stdout) as Record<string, number>;
  return (counts.queued ?? 0) + (counts.scheduled ?? 0);
};

/** Sends what is queued; the messages the server received meanwhile, parsed. */
async function send() {
  const start = server.received.length;
  expect(JSON.parse((await run(['process-queue', '--json'])).stdout)).toMatchObject({ failed: 0 });
  return server.received.slice(start).map((mail) => {
    const mime = parseMime(mail.raw);
    const body = (type: string) => leaves(mime).find((part) => part.contentType.startsWith(type))?.body.toString('utf8') ?? '';
    return { to: mail.to, raw: mail.raw.toString('utf8'), subject: decodeHeader(mime.headers.get('subject') ?? ''), toHeader: decodeHeader(mime.headers.get('to') ?? ''), text: body('text/plain'), html: body('text/html') };
  });
}

beforeAll(async () => {
  server = await startSmtpTestServer();
  dataDir = makeDataDir();
  work = makeDataDir('facteur-merge-data-');
  const engine = makeEngine({ dataDir });
  const id = await addSmtpAccount(engine, server.port);
  engine.accounts.setLimits(id, { perMinute: 10_000, concurrency: 2 });
  engine.close();
});

afterAll(async () => {
  await server.close();
  removeDataDir(dataDir);
  removeDataDir(work);
});

describe('values into the template', () => {
  it('escapes markup in html only, keeps placeholders in values as text, and encodes any script in the subject', async () => {
    const name = 'Zoë 🎉 שלום & "Jo"';
    const note = '<script>alert(1)</script> & "quoted" {{name}} é 🎉 שלום';
    const merged = await merge(`email,name,note\nzoe@example.com,"${name.replace(/"/gu, '""')}","${note.replace(/"/gu, '""')}"\n`);
    expect(merged.stderr).toBe('');
    const [mail] = await send();
    expect(mail?.subject).toBe(`Bonjour ${name}`);
    expect(mail?.raw).toMatch(/^Subject: =\?UTF-8\?/mu);
    // The display name travels as one encoded word: its quotes and "&" are text, not syntax.
    expect(mail?.toHeader).toBe(`${name} <zoe@example.com>`);
    expect(mail?.text).toBe(`Note: ${note}`);
    expect(mail?.html).toContain('<p>Note: &lt;script&gt;alert(1)&lt;/script&gt; &amp; "quoted" {{name}} é 🎉 שלום</p>');
    expect(mail?.html).not.toContain('<script');
  });

  it('refuses a line break bound for a header (subject, name) by row and column, with nothing queued', async () => {
    const before = await waiting();
    const result = await merge('email,name,note\nok@example.com,Ok,n\nx@example.com,"Eve\r\nBcc: victim@example.com",n\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/row 3, column "name": must not contain line breaks/u);
    expect(result.stdout).toBe('');
    expect(await waiting()).toBe(before);
  });

  it('shows the value of a cell that is not a valid address', async () => {
    const result = await merge('email,name,note\nok@example.com,A,n\ncy-at-example.com,C,n\n');
    expect(result.stderr).toContain('row 3, column "email": not a valid email address: must look like name@example.com (the cell holds "cy-at-example.com")');
  });

  it('names the column that holds the line break when a field reads several columns, and shows it', async () => {
    const template = { to: [{ address: '{{user}}@{{domain}}', name: '{{first}} {{last}}' }], subject: 'Hi', text: 'x' };
    const result = await merge('user,domain,first,last\nok,example.com,Ann,Lee\nbob,exa mple.com,Bob,Ray\ncy,example.com,Cy,"Ray\r\nBcc: victim@example.com"\n', template);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('row 3, column "user": not a valid email address: has an invalid domain "exa mple.com"\n');
    expect(result.stderr).toContain('row 4, column "last": must not contain line breaks (the cell holds "Ray\\r\\nBcc: victim@example.com")');
  });

  it('reads a column whose name holds a dot, and points at the column a mistyped placeholder meant', async () => {
    const merged = await merge('No.,e.mail,name\n7,dot@example.com,Dot\n', { to: [{ address: '{{e.mail}}' }], subject: 'Order {{No.}} for {{name}}', text: 'n° {{No.}}' });
    expect(merged.stderr).toBe('');
    const [mail] = await send();
    expect(mail).toMatchObject({ to: ['dot@example.com'], subject: 'Order 7 for Dot' });
    const typo = await merge('Email,First Name\na@example.com,A\n', { to: [{ address: '{{email}}' }], text: 'x' });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('template.to[0].address: {{email}} is not a column of the data file (did you mean {{Email}}?');
  });
});

describe('data files as spreadsheets write them', () => {
  it('reads Excel\'s "Unicode Text" (UTF-16 with a BOM, tabs) with its accents intact', async () => {
    const text = 'email\tname\tnote\r\nandre@example.com\tAndré Ñúñez\tcafé\r\n';
    const merged = await merge(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(merged.stderr).toBe('');
    const [mail] = await send();
    expect(mail).toMatchObject({ to: ['andre@example.com'], subject: 'Bonjour André Ñúñez', text: 'Note: café' });
  });

  it('skips the blank rows Excel leaves (",,") and a trailing delimiter, keeping the spreadsheet\'s row numbers', async () => {
    const merged = await merge('email,name,note,\r\na@example.com,A,n,\r\n,,,\r\n\r\nb@example.com,B,n,\r\n,,,\r\n,,,\r\n');
    expect(merged.stderr).toBe('');
    const { batch, queued } = JSON.parse(merged.stdout) as { batch: number; queued: number };
    expect(queued).toBe(2);
    const detail = JSON.parse((await run(['batch', String(batch), '--json'])).stdout) as { rows: Array<{ row: number; to: string }> };
    expect(detail.rows.map((r) => [r.row, r.to])).toEqual([
      [2, 'a@example.com'],
      [5, 'b@example.com'],
    ]);
    expect((await send()).map((mail) => mail.to[0]).sort()).toEqual(['a@example.com', 'b@example.com']);
  });

  it('refuses Windows-1252 (Excel\'s plain CSV) naming the encoding, with nothing queued', async () => {
    const before = await waiting();
    const result = await merge(Buffer.from('email;name;note\r\nandre@example.com;Andr\xe9;caf\xe9\r\n', 'latin1'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is not UTF-8 text \(first bad byte on line 2\); it looks like Windows-1252/u);
    expect(await waiting()).toBe(before);
  });

  it('refuses the same recipient twice in one list (any case), naming both rows; --skip-invalid sends them once', async () => {
    const before = await waiting();
    const data = 'email,name,note\nsam@example.com,Sam,n\nkim@example.com,Kim,n\nSam@Example.com,Sam again,n\n';
    const refused = await merge(data);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/1 of 3 rows cannot be sent[\s\S]*row 4, column "email": Sam@Example\.com already gets the mail of row 2/u);
    expect(await waiting()).toBe(before);
    files += 1;
    const skipping = await run(['merge', '--account', '1', '--template', write(`template-${files}.json`, JSON.stringify(TEMPLATE)), '--data', write(`data-${files}.csv`, data), '--skip-invalid', '--json']);
    expect(JSON.parse(skipping.stdout)).toMatchObject({ queued: 2, skipped: [{ row: 4, column: 'email' }] });
    expect((await send()).map((mail) => mail.to[0]).sort()).toEqual(['kim@example.com', 'sam@example.com']);
  });

  it('sends one person several rows when the list says so (--allow-duplicates: one row per invoice)', async () => {
    const data = 'email,name,note\nacct@example.com,Accounts,invoice 17\nkim@example.com,Kim,invoice 18\nACCT@example.com,Accounts,invoice 19\n';
    files += 1;
    const merged = await run(['merge', '--account', '1', '--template', write(`template-${files}.json`, JSON.stringify(TEMPLATE)), '--data', write(`data-${files}.csv`, data), '--allow-duplicates', '--json']);
    expect(merged.code).toBe(0);
    expect(JSON.parse(merged.stdout)).toMatchObject({ queued: 3, skipped: [] });
    const mails = await send();
    expect(mails.map((mail) => `${mail.to[0]}: ${mail.text}`).sort()).toEqual(['ACCT@example.com: Note: invoice 19', 'acct@example.com: Note: invoice 17', 'kim@example.com: Note: invoice 18']);
  });

  it('names the data file\'s folder when an attachments cell points outside it, by path or by symlink', async () => {
    const result = await merge('email,name,note,attachments\na@example.com,A,n,../../etc/hostname\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/row 2, column "attachments": \/etc\/hostname is outside the data file's folder/u);
    fs.symlinkSync('/etc/hostname', path.join(work, 'looks-local.txt'));
    const linked = await merge('email,name,note,attachments\na@example.com,A,n,looks-local.txt\n');
    expect(linked.code).toBe(2);
    expect(linked.stderr).toMatch(/row 2, column "attachments": .*looks-local\.txt \(which leads to \/etc\/hostname\) is outside the data file's folder/u);
  });
});

describe('placeholders beyond to, subject and body; per-row send times', () => {
  it('fills cc, bcc, reply-to and an attachment\'s file name per row', async () => {
    const template = {
      ...TEMPLATE,
      cc: [{ address: '{{manager}}' }],
      bcc: [{ address: '{{archive}}' }],
      replyTo: { address: '{{manager}}', name: 'Manager of {{name}}' },
      attachments: [{ contentBase64: Buffer.from('invoice').toString('base64'), filename: 'Invoice {{invoice}}.txt' }],
    };
    const merged = await merge('email,name,note,manager,archive,invoice\nrow@example.com,Rob,n,boss@example.com,keep@example.com,F-42\n', template);
    expect(merged.stderr).toBe('');
    const [mail] = await send();
    expect(mail?.to.sort()).toEqual(['boss@example.com', 'keep@example.com', 'row@example.com']);
    expect(mail?.raw).toMatch(/^Cc: boss@example\.com\r$/mu);
    expect(mail?.raw).toMatch(/^Reply-To: Manager of Rob <boss@example\.com>\r$/mu);
    expect(mail?.raw).not.toMatch(/keep@example\.com/u);
    expect(mail?.raw).toMatch(/filename="Invoice F-42\.txt"/u);
  });

  it('reads each row\'s send_at: its own offset wins, no offset is read in --time-zone; past, invalid or skipped times are named by row', async () => {
    const data = 'email,name,note,send_at\nny@example.com,A,n,2031-03-01T08:00\noff@example.com,B,n,2031-03-01T08:00+02:00\nutc@example.com,C,n,2031-03-01T08:00Z\nnow@example.com,D,n,\n';
    files += 1;
    const templateFile = write(`template-${files}.json`, JSON.stringify(TEMPLATE));
    const merged = await run(['merge', '--account', '1', '--template', templateFile, '--data', write(`data-${files}.csv`, data), '--time-zone', 'America/New_York', '--json']);
    expect(merged.stderr).toBe('');
    const list = JSON.parse((await run(['list', '--batch', String((JSON.parse(merged.stdout) as { batch: number }).batch), '--json'])).stdout) as Array<{ to: string[]; sendAt: string; status: string }>;
    const at = (who: string) => list.find((item) => item.to.join().includes(who));
    expect(at('ny@')).toMatchObject({ sendAt: '2031-03-01T13:00:00.000Z', status: 'scheduled' });
    expect(at('off@')).toMatchObject({ sendAt: '2031-03-01T06:00:00.000Z', status: 'scheduled' });
    expect(at('utc@')).toMatchObject({ sendAt: '2031-03-01T08:00:00.000Z', status: 'scheduled' });
    expect(at('now@')?.status).toBe('queued');
    await send();

    const before = await waiting();
    files += 1;
    const bad = 'email,name,note,send_at\np1@example.com,A,n,2020-03-01T08:00\np2@example.com,B,n,tomorrow\np3@example.com,C,n,2031-02-30T08:00\np4@example.com,D,n,2031-03-30T02:30\n';
    const refused = await run(['merge', '--account', '1', '--template', write(`template-${files}.json`, JSON.stringify(TEMPLATE)), '--data', write(`data-${files}.csv`, bad), '--time-zone', 'Europe/Paris']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('4 of 4 rows cannot be sent');
    expect(refused.stderr).toMatch(/row 2, column "send_at": 2020-03-01T08:00 is in the past/u);
    expect(refused.stderr).toMatch(/row 3, column "send_at": "tomorrow" is not an ISO-8601 date-time/u);
    expect(refused.stderr).toMatch(/row 4, column "send_at": "2031-02-30T08:00" is not a real date and time/u);
    expect(refused.stderr).toMatch(/row 5, column "send_at": 2031-03-30T02:30 does not exist in Europe\/Paris/u);
    expect(await waiting()).toBe(before);
  });
});
