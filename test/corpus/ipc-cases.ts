// The IPC contract's bad-input corpus: one row per request the UI (or a compromised page) could
// send, run in-process through the real handler map by ipc-corpus.test.ts. Each names the channel,
// the input (built from the fixture ids), the error code, the field the answer must name (null
// where the contract has no field, e.g. an unknown top-level key: the message names the key), and
// what the message says. Nothing may be written unless `adds` says so.

export interface IpcFixture {
  accountId: number;
  disabledId: number;
  /** A scheduled email (for edit / reschedule). */
  scheduledId: number;
  /** An absolute path that exists but was never picked in the file dialog. */
  unpickedFile: string;
}

export interface IpcCase {
  name: string;
  channel: string;
  input: (f: IpcFixture) => unknown;
  /** 'ok': the request must work (and add `adds` emails). */
  code: 'invalid-input' | 'not-found' | 'conflict' | 'ok';
  field: string | null;
  message: RegExp;
  adds?: number;
}

const message = { to: [{ address: 'ana@example.com', name: 'Ana' }], subject: 'Hello', text: 'plain body' };
const CRLF = '\r\nBcc: victim@example.com';
const b64 = (filename: string, extra: Record<string, unknown> = {}) => ({ contentBase64: 'aGVsbG8=', filename, ...extra });
const enqueue = (name: string, patch: Record<string, unknown>, field: string, text: RegExp, extra: Record<string, unknown> = {}): IpcCase => ({
  name,
  channel: 'queue:enqueue',
  input: (f) => ({ accountId: f.accountId, message: { ...message, ...patch }, ...extra }),
  code: 'invalid-input',
  field,
  message: text,
});

export const IPC_CASES: IpcCase[] = [
  // ——— shapes ———
  { name: 'a string instead of an object', channel: 'queue:enqueue', input: () => 'send it', code: 'invalid-input', field: null, message: /expected object/u },
  { name: 'an unknown top-level key', channel: 'queue:enqueue', input: (f) => ({ accountId: f.accountId, message, priority: 'high' }), code: 'invalid-input', field: null, message: /unknown key "priority"/u },
  enqueue('an unknown key in the message', { importance: 'high' }, 'message', /unknown key "importance"/u),
  { name: 'an account id that is a string', channel: 'queue:enqueue', input: () => ({ accountId: '1', message }), code: 'invalid-input', field: 'accountId', message: /expected number/u },
  { name: 'an account id of 0', channel: 'queue:enqueue', input: () => ({ accountId: 0, message }), code: 'invalid-input', field: 'accountId', message: /Too small/u },

  // ——— recipients, addresses, bodies ———
  enqueue('no recipient', { to: [] }, 'message.to', /at least one recipient/u),
  // Checks the engine makes after parsing (recipient cap, size, account) name the message's own
  // fields ("to", "attachments", "account"), as the CLI does — not the IPC input's path.
  enqueue('10,000 recipients', { to: Array.from({ length: 10_000 }, (_, i) => ({ address: `r${i}@example.com` })) }, 'to', /10000 recipients is more than/u),
  enqueue('an address without a domain', { to: [{ address: 'ana@' }] }, 'message.to[0].address', /not a valid email address/u),
  enqueue('an internationalised domain with a space', { cc: [{ address: 'a@bü cher.de' }] }, 'message.cc[0].address', /invalid domain/u),
  {
    name: 'a valid internationalised address works (josé@bücher.de)',
    channel: 'queue:enqueue',
    input: (f) => ({ accountId: f.accountId, message: { ...message, to: [{ address: 'josé@bücher.de', name: 'José' }] } }),
    code: 'ok',
    field: null,
    message: /./u,
    adds: 1,
  },
  enqueue('an empty body', { text: '', html: null }, 'message.text', /a body or an attachment is required/u),
  enqueue('a 100,000-character subject', { subject: 's'.repeat(100_000) }, 'message.subject', /at most 998 characters/u),

  // ——— header injection, every header field ———
  enqueue('CRLF in the subject', { subject: `Hi${CRLF}` }, 'message.subject', /must not contain line breaks/u),
  enqueue('CRLF in a to name', { to: [{ address: 'a@example.com', name: `A${CRLF}` }] }, 'message.to[0].name', /must not contain line breaks/u),
  enqueue('CRLF in a to address', { to: [{ address: `a@example.com${CRLF}` }] }, 'message.to[0].address', /control character/u),
  enqueue('CRLF in a cc name', { cc: [{ address: 'c@example.com', name: `C${CRLF}` }] }, 'message.cc[0].name', /must not contain line breaks/u),
  enqueue('CRLF in a cc address', { cc: [{ address: `c@example.com${CRLF}` }] }, 'message.cc[0].address', /control character/u),
  enqueue('CRLF in a bcc name', { bcc: [{ address: 'b@example.com', name: `B${CRLF}` }] }, 'message.bcc[0].name', /must not contain line breaks/u),
  enqueue('CRLF in a bcc address', { bcc: [{ address: `b@example.com${CRLF}` }] }, 'message.bcc[0].address', /control character/u),
  enqueue('CRLF in the replyTo name', { replyTo: { address: 'r@example.com', name: `R${CRLF}` } }, 'message.replyTo.name', /must not contain line breaks/u),
  enqueue('CRLF in the replyTo address', { replyTo: { address: `r@example.com${CRLF}` } }, 'message.replyTo.address', /control character/u),
  enqueue('CRLF in an attachment filename', { attachments: [b64(`a${CRLF}.txt`)] }, 'message.attachments[0].filename', /must not contain line breaks/u),
  enqueue('CRLF in an attachment contentType', { attachments: [b64('a.txt', { contentType: `text/plain${CRLF}` })] }, 'message.attachments[0].contentType', /must be a MIME type/u),

  // ——— attachments ———
  enqueue('path traversal in a filename', { attachments: [b64('../../.ssh/authorized_keys')] }, 'message.attachments[0].filename', /must be a file name, not a path/u),
  enqueue('a relative attachment path', { attachments: [{ path: 'report.pdf' }] }, 'message.attachments[0].path', /must be an absolute path/u),
  {
    name: 'an attachment path never picked in the dialog (~/.ssh exfiltration)',
    channel: 'queue:enqueue',
    input: (f) => ({ accountId: f.accountId, message: { ...message, attachments: [{ path: f.unpickedFile }] } }),
    code: 'invalid-input',
    field: 'message.attachments[0].path',
    message: /choose the file with “Attach files” first/u,
  },
  enqueue('a 40 MB inline attachment over the account limit', { attachments: [{ contentBase64: 'A'.repeat(40 * 1024 * 1024), filename: 'a.bin' }] }, 'attachments', /more than .* may send/u),

  // ——— send times ———
  enqueue('a time in a DST gap', {}, 'sendAt', /does not exist in Europe\/Paris/u, { sendAt: '2030-03-31T02:30:00', timeZone: 'Europe/Paris' }),
  enqueue('a past send time', {}, 'sendAt', /is in the past/u, { sendAt: '2001-01-01T00:00:00Z' }),
  enqueue('a 65-character send time', {}, 'sendAt', /at most|<=64/u, { sendAt: '2'.repeat(65) }),
  enqueue('an unknown time zone', {}, 'timeZone', /not a known/u, { sendAt: '2030-01-01T09:00:00', timeZone: 'Mars/Olympus' }),
  { name: 'rescheduling to an ambiguous DST time', channel: 'queue:reschedule', input: (f) => ({ id: f.scheduledId, sendAt: '2030-10-27T02:30:00', timeZone: 'Europe/Paris' }), code: 'invalid-input', field: 'sendAt', message: /happens twice/u },
  { name: 'editing with CRLF in the subject', channel: 'queue:edit', input: (f) => ({ id: f.scheduledId, message: { ...message, subject: `x${CRLF}` } }), code: 'invalid-input', field: 'message.subject', message: /line breaks/u },
  enqueue('maxAttempts of 99', {}, 'maxAttempts', /<=20/u, { maxAttempts: 99 }),

  // ——— accounts ———
  { name: 'an unknown account', channel: 'queue:enqueue', input: () => ({ accountId: 999, message }), code: 'not-found', field: null, message: /account "999" not found/u },
  { name: 'a disabled account', channel: 'queue:enqueue', input: (f) => ({ accountId: f.disabledId, message }), code: 'invalid-input', field: 'account', message: /is disabled/u },
  { name: 'an SMTP host with CRLF', channel: 'accounts:add', input: () => ({ kind: 'smtp', email: 'x@example.com', settings: { host: 'smtp.example.com\r\nX', port: 25 }, credential: { type: 'password' } }), code: 'invalid-input', field: 'settings.host', message: /host name or IP address/u },
  { name: 'an SMTP port of 70000', channel: 'accounts:add', input: () => ({ kind: 'smtp', email: 'x@example.com', settings: { host: 'smtp.example.com', port: 70_000 }, credential: { type: 'password' } }), code: 'invalid-input', field: 'settings.port', message: /must be a port number from 1 to 65535/u },
  { name: 'an SMTP username with CRLF', channel: 'accounts:add', input: () => ({ kind: 'smtp', email: 'x@example.com', settings: { host: 'smtp.example.com', port: 25, username: `u${CRLF}` }, credential: { type: 'password', password: 'p' } }), code: 'invalid-input', field: 'settings.username', message: /line breaks/u },
  { name: 'an SMTP account address that is not one', channel: 'accounts:add', input: () => ({ kind: 'smtp', email: 'not an address', settings: { host: 'smtp.example.com', port: 25 }, credential: { type: 'password' } }), code: 'invalid-input', field: 'email', message: /not a valid email address/u },
  { name: 'an autoconfig address past 320 characters', channel: 'accounts:findSettings', input: () => ({ kind: 'smtp', email: `${'a'.repeat(400)}@example.com` }), code: 'invalid-input', field: 'email', message: /<=320/u },
  { name: 'an autoconfig request with an endpoint of its own', channel: 'accounts:findSettings', input: () => ({ kind: 'smtp', email: 'a@example.com', ispdbUrl: 'http://evil.example/' }), code: 'invalid-input', field: null, message: /ispdbUrl/u },
  { name: 'a settings lookup for a provider that signs in instead', channel: 'accounts:findSettings', input: () => ({ kind: 'gmail', email: 'a@gmail.com' }), code: 'invalid-input', field: 'kind', message: /Gmail settings are not looked up from the address/u },
  { name: 'a relink to an SMTP port of 70000', channel: 'accounts:relink', input: (f) => ({ id: f.accountId, settings: { port: 70_000 } }), code: 'invalid-input', field: 'settings.port', message: /must be a port number from 1 to 65535/u },
  { name: 'a relink with a setting SMTP does not have', channel: 'accounts:relink', input: (f) => ({ id: f.accountId, settings: { dropOff: 'https://loft.example' } }), code: 'invalid-input', field: 'settings', message: /dropOff/u },
  { name: 'adding an unknown provider', channel: 'accounts:add', input: () => ({ kind: 'yahoo', email: 'a@example.com', credential: { type: 'oauth' } }), code: 'invalid-input', field: 'kind', message: /"yahoo" is not a provider; expected smtp, gmail or outlook/u },
  { name: 'a password for a provider that signs in through the browser', channel: 'accounts:add', input: () => ({ kind: 'gmail', email: 'a@example.com', credential: { type: 'password', password: 'p' } }), code: 'invalid-input', field: 'credential', message: /gmail accounts sign in with the browser/u },
  { name: 'a per-minute limit of 0', channel: 'accounts:setLimits', input: (f) => ({ id: f.accountId, limits: { perMinute: 0 } }), code: 'invalid-input', field: 'limits.perMinute', message: /Too small/u },

  // ——— everything else the UI sends ———
  { name: 'a list page of 10,000', channel: 'queue:list', input: () => ({ limit: 10_000 }), code: 'invalid-input', field: 'limit', message: /<=500/u },
  { name: 'a negative batch size', channel: 'settings:update', input: () => ({ batchSize: -1 }), code: 'invalid-input', field: 'batchSize', message: />=1/u },
  { name: 'retry tuning from the UI (CLI only)', channel: 'settings:update', input: () => ({ retryBaseSeconds: 1 }), code: 'invalid-input', field: null, message: /unknown key "retryBaseSeconds"/u },
  { name: 'a cron expression that is not one', channel: 'settings:update', input: () => ({ schedulerCron: '* * * * * * * *' }), code: 'invalid-input', field: 'schedulerCron', message: /not a cron expression/u },
  { name: 'a draft id with path traversal', channel: 'drafts:save', input: () => ({ id: '../../etc/passwd', content: {} }), code: 'invalid-input', field: 'id', message: /letters, digits/u },
  { name: 'a javascript: URL to open', channel: 'app:openExternal', input: () => ({ url: 'javascript:alert(1)' }), code: 'invalid-input', field: 'url', message: /only provider sign-in and help pages/u },
  { name: 'a plain-http URL to open', channel: 'app:openExternal', input: () => ({ url: 'http://support.google.com/mail' }), code: 'invalid-input', field: 'url', message: /only provider sign-in and help pages/u },
];

/** Frames that are not Facteur's own window: the sender check refuses them before any handler. */
export const FOREIGN_FRAMES: Array<{ name: string; frame: { url: string; parent: object | null } | null }> = [
  { name: 'a web page', frame: { url: 'https://evil.example.com/', parent: null } },
  { name: 'a local file', frame: { url: 'file:///home/me/index.html', parent: null } },
  { name: 'an iframe inside the app', frame: { url: 'app://facteur/index.html', parent: {} } },
  { name: 'another app: origin', frame: { url: 'app://other/index.html', parent: null } },
  { name: 'no frame at all', frame: null },
];
