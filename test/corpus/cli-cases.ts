// The command line's bad-input corpus: one row per case, run by cli-corpus.test.ts. A row gives
// the message file's content (or a fixture, or a whole other command), the exit code, and what
// stderr must say — always the field and why. Unless `adds` says otherwise, nothing may be
// written. Fixtures (made by the runner, beside the message files, so relative paths resolve):
//   ok.txt, a-folder/, big.bin (200 MB, sparse), fifo (a named pipe), huge.json (60 MB message).
// Revoked tokens are covered end to end in test/gmail/gmail-cli.test.ts ("a revoked grant holds
// the mail") and test/outlook/outlook-cli.test.ts; they are not repeated here.

export interface CliCase {
  name: string;
  /** The message file: a value, JSON-encoded… */
  message?: unknown;
  /** …or raw bytes, one per character (latin1, so non-UTF-8 files can be written)… */
  raw?: string;
  /** …or a fixture passed as --message. */
  messageFile?: string;
  /** Extra enqueue flags. */
  args?: string[];
  /** --account (default "1", the active SMTP account). */
  account?: string;
  /** A whole other command instead of enqueue. */
  command?: string[];
  env?: Record<string, string>;
  input?: string;
  code: number;
  stderr: RegExp;
  stdout?: RegExp;
  /** Emails the case queues (0: it must be refused). */
  adds?: number;
}

const base = { to: [{ address: 'ana@example.com', name: 'Ana' }], subject: 'Hello', text: 'plain body', html: '<p>html body</p>' };
const withAttachment = (attachment: Record<string, unknown>) => ({ ...base, attachments: [attachment] });
const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' };
const CRLF = '\r\nBcc: victim@example.com';

export const CLI_CASES: CliCase[] = [
  // ——— the file itself ———
  { name: 'malformed JSON', raw: '{"to": [', code: 2, stderr: /message: .* is not valid JSON/u },
  { name: 'binary garbage, not UTF-8', raw: '\xff\xfe\x00garbage', code: 2, stderr: /message: .* is not UTF-8 text \(byte 0 is 0xff\)/u },
  { name: 'a JSON array instead of an object', message: [base], code: 2, stderr: /expected object/u },
  { name: 'a 60 MB message file', messageFile: 'huge.json', code: 2, stderr: /message: .*huge\.json is larger than 50 MB/u },
  { name: 'a folder as the message file', messageFile: 'a-folder', code: 2, stderr: /message: cannot read .*a-folder/u },
  { name: 'a missing message file names it', messageFile: 'absent.json', code: 2, stderr: /message: file not found: .*absent\.json/u },
  { name: 'an unknown key', message: { ...base, colour: 'red' }, code: 2, stderr: /unknown key "colour"/u },
  { name: 'a __proto__ key', raw: `{"__proto__":{"admin":true},${JSON.stringify(base).slice(1)}`, code: 2, stderr: /unknown key "__proto__"/u },
  { name: 'an unknown key in a recipient', message: { ...base, to: [{ address: 'a@example.com', nickname: 'x' }] }, code: 2, stderr: /to\[0\]: unknown key "nickname"/u },
  { name: 'an unknown key in an attachment', message: withAttachment({ path: 'ok.txt', mode: '0777' }), code: 2, stderr: /attachments\[0\]: unknown key "mode"/u },

  // ——— recipients and addresses ———
  { name: 'no recipient', message: { ...base, to: [] }, code: 2, stderr: /to: at least one recipient/u },
  { name: '10,000 recipients (account allows 100)', message: { ...base, to: Array.from({ length: 10_000 }, (_, i) => ({ address: `r${i}@example.com` })) }, code: 2, stderr: /to: 10000 recipients is more than/u },
  { name: 'an address without @', message: { ...base, to: [{ address: 'ana.example.com' }] }, code: 2, stderr: /to\[0\]\.address: not a valid email address/u },
  { name: 'an address with a space', message: { ...base, cc: [{ address: 'an a@example.com' }] }, code: 2, stderr: /cc\[0\]\.address: not a valid email address/u },
  { name: 'an address with a numeric TLD', message: { ...base, bcc: [{ address: 'a@example.123' }] }, code: 2, stderr: /bcc\[0\]\.address/u },
  { name: 'an internationalised domain with a space', message: { ...base, to: [{ address: 'a@bü cher.de' }] }, code: 2, stderr: /to\[0\]\.address: not a valid email address: has an invalid domain/u },
  { name: 'a domain label starting with a hyphen', message: { ...base, to: [{ address: 'a@-bucher.de' }] }, code: 2, stderr: /to\[0\]\.address: .*invalid domain/u },
  { name: 'a valid internationalised address works (josé@bücher.de)', message: { ...base, to: [{ address: 'josé@bücher.de', name: 'José' }] }, code: 0, stderr: /^$/u, stdout: /^\d+\n$/u, adds: 1 },

  // ——— header injection, every header field ———
  { name: 'CRLF in the subject', message: { ...base, subject: `Hi${CRLF}` }, code: 2, stderr: /subject: must not contain line breaks/u },
  { name: 'LF in a to name', message: { ...base, to: [{ address: 'a@example.com', name: 'Ana\nBcc: x@example.com' }] }, code: 2, stderr: /to\[0\]\.name: must not contain line breaks/u },
  { name: 'CRLF in a to address', message: { ...base, to: [{ address: `a@example.com${CRLF}` }] }, code: 2, stderr: /to\[0\]\.address/u },
  { name: 'CRLF in a cc name', message: { ...base, cc: [{ address: 'c@example.com', name: `C${CRLF}` }] }, code: 2, stderr: /cc\[0\]\.name: must not contain line breaks/u },
  { name: 'CRLF in a bcc address', message: { ...base, bcc: [{ address: `b@example.com${CRLF}` }] }, code: 2, stderr: /bcc\[0\]\.address: .*control character/u },
  { name: 'CRLF in the replyTo name', message: { ...base, replyTo: { address: 'a@example.com', name: 'x\r\ny' } }, code: 2, stderr: /replyTo\.name: must not contain line breaks/u },
  { name: 'CRLF in the replyTo address', message: { ...base, replyTo: { address: `r@example.com${CRLF}` } }, code: 2, stderr: /replyTo\.address: .*control character/u },
  { name: 'CRLF in an attachment filename', message: withAttachment({ path: 'ok.txt', filename: `a${CRLF}.txt` }), code: 2, stderr: /attachments\[0\]\.filename: must not contain line breaks/u },
  { name: 'CRLF in an attachment contentType', message: withAttachment({ path: 'ok.txt', contentType: `text/plain${CRLF}` }), code: 2, stderr: /attachments\[0\]\.contentType: must be a MIME type/u },

  // ——— bodies ———
  { name: 'no body', message: { to: base.to, subject: 'x' }, code: 2, stderr: /text: a body or an attachment is required/u },
  { name: 'an empty text body', message: { to: base.to, subject: 'x', text: '' }, code: 2, stderr: /text: a body or an attachment is required/u },

  // ——— attachments ———
  { name: 'a missing attachment', message: withAttachment({ path: 'nope.pdf' }), code: 2, stderr: /attachments\[0\]\.path: file not found/u },
  { name: 'a folder as attachment', message: withAttachment({ path: 'a-folder' }), code: 2, stderr: /attachments\[0\]\.path: is a folder/u },
  // Tests run as root, where chmod 000 still reads: a named pipe is what cannot be read as a file
  // (opening it would block until a writer comes).
  { name: 'an unreadable attachment (a named pipe)', message: withAttachment({ path: 'fifo' }), code: 2, stderr: /attachments\[0\]\.path: is not a regular file/u },
  { name: 'an attachment path under a file', message: withAttachment({ path: 'ok.txt/inner.pdf' }), code: 2, stderr: /attachments\[0\]\.path: file not found/u },
  { name: 'a 200 MB attachment (sparse file)', message: withAttachment({ path: 'big.bin' }), code: 2, stderr: /attachments: the message would be about .* MB, more than .* may send/u },
  { name: 'path traversal in a filename', message: withAttachment({ path: 'ok.txt', filename: '../../etc/passwd' }), code: 2, stderr: /attachments\[0\]\.filename: must be a file name, not a path/u },
  { name: 'Windows path traversal in a filename', message: withAttachment({ path: 'ok.txt', filename: '..\\..\\win.ini' }), code: 2, stderr: /attachments\[0\]\.filename: must be a file name, not a path/u },
  { name: 'both path and contentBase64', message: withAttachment({ path: 'ok.txt', contentBase64: 'aGk=', filename: 'a.txt' }), code: 2, stderr: /attachments\[0\]: give exactly one of path, contentBase64/u },
  { name: 'contentBase64 that is not base64', message: withAttachment({ contentBase64: '!!!not base64', filename: 'a.txt' }), code: 2, stderr: /attachments\[0\]\.contentBase64: is not valid base64/u },

  // ——— send times ———
  { name: 'an invalid date', message: base, args: ['--send-at', '2030-02-30T09:00:00Z'], code: 2, stderr: /sendAt: .* is not a real date/u },
  { name: 'a date that is not ISO-8601', message: base, args: ['--send-at', 'tomorrow'], code: 2, stderr: /sendAt: .* is not an ISO-8601 date-time/u },
  { name: 'a time in a DST gap', message: base, args: ['--send-at', '2030-03-31T02:30:00', '--time-zone', 'Europe/Paris'], code: 2, stderr: /sendAt: .*does not exist in Europe\/Paris/u },
  { name: 'an ambiguous DST time', message: base, args: ['--send-at', '2030-10-27T02:30:00', '--time-zone', 'Europe/Paris'], code: 2, stderr: /sendAt: .*happens twice/u },
  { name: 'an offset with 99 minutes', message: base, args: ['--send-at', '2030-01-01T09:00:00+01:99'], code: 2, stderr: /sendAt: "\+01:99" is not a real UTC offset/u },
  { name: 'an offset past 14 hours', message: base, args: ['--send-at', '2030-01-01T09:00:00-15:00'], code: 2, stderr: /sendAt: "-15:00" is not a real UTC offset/u },
  { name: 'a past send time', message: base, args: ['--send-at', '2001-01-01T00:00:00Z'], code: 2, stderr: /sendAt: .* is in the past/u },
  { name: 'an unknown time zone', message: base, args: ['--send-at', '2030-01-01T09:00:00', '--time-zone', 'Mars/Olympus'], code: 2, stderr: /timeZone: "Mars\/Olympus" is not a known/u },
  { name: '--max-attempts 0', message: base, args: ['--max-attempts', '0'], code: 2, stderr: /max-attempts: "0" must be a whole number from 1 to 20/u },

  // ——— accounts and environment ———
  { name: 'an unknown account is "not found" (exit 4)', message: base, account: 'ghost@example.com', code: 4, stderr: /account "ghost@example.com" not found/u },
  { name: 'a disabled account is refused', message: base, account: '2', code: 2, stderr: /account: account off@example.com is disabled/u },
  { name: 'a non-HTTPS Gmail endpoint off loopback', command: ['status'], env: { FACTEUR_GMAIL_API_URL: 'http://gmail.example.com' }, code: 2, stderr: /FACTEUR_GMAIL_API_URL: .*only https:\/\//u },
  { name: 'a non-HTTPS Microsoft authority off loopback', command: ['status'], env: { FACTEUR_MS_AUTHORITY: 'http://login.example.com/common' }, code: 2, stderr: /FACTEUR_MS_AUTHORITY: .*only https:\/\//u },
  { name: 'a non-default Google token endpoint off loopback, not allowed', command: ['status'], env: { FACTEUR_GOOGLE_TOKEN_URL: 'https://tokens.evil.example/token' }, code: 2, stderr: /FACTEUR_GOOGLE_TOKEN_URL: .*FACTEUR_ALLOW_CUSTOM_ENDPOINTS=1/u },
  {
    name: 'a secret without a keychain: exit 3, never plaintext',
    command: ['accounts', 'add', '--provider', 'smtp', '--email', 'k@example.com', '--host', '127.0.0.1', '--port', '25', '--username', 'k', '--password-stdin', '--no-verify'],
    input: 'secret-xyz',
    env: NO_KEYCHAIN,
    code: 3,
    stderr: /keychain is not available/u,
  },

  // ——— usage ———
  { name: 'a batch size that is not a number', command: ['process-queue', '--batch-size', 'lots'], code: 2, stderr: /batch-size/u },
  { name: 'an unknown status filter', command: ['list', '--status', 'lost'], code: 2, stderr: /status/u },
  { name: 'an unknown command', command: ['frobnicate'], code: 2, stderr: /unknown command/u },
  { name: 'retry without an id', command: ['retry'], code: 2, stderr: /give an email id or --all-failed/u },
];
