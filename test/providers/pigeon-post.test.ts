// A provider registered in one place (test/fixtures/fixture-provider.ts) is a provider like the
// others: `accounts add` offers its flags and checks its settings, its password goes to the
// keychain after its login check, and the processor hands it the queued mail — recipients,
// subject, attachments — without a line of Facteur's own code naming it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/main/core/cli/main';
import { createHandlers } from '../../src/main/core/ipc/handlers';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-secret-store';
import { PIGEON_KIND, pigeonLog, registerPigeonPost } from '../fixtures/fixture-provider';
import { makeDataDir, removeDataDir } from '../helpers/data-dir';
import { makeEngine, simpleMessage } from '../helpers/engine';

let dataDir: string;
let secrets: MemorySecretStore;

/** `facteur …` in this process, with `stdin` as its standard input. */
async function facteur(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const input = vi.spyOn(process, 'stdin', 'get').mockReturnValue(Readable.from([stdin]) as unknown as typeof process.stdin);
  try {
    const code = await main(['node', 'facteur', ...args], {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      env: { FACTEUR_DATA_DIR: dataDir, FACTEUR_ENV_FILE: '/dev/null' },
      engineOptions: { secrets },
    });
    return { code, stdout, stderr };
  } finally {
    input.mockRestore();
  }
}

beforeAll(() => registerPigeonPost());

beforeEach(() => {
  dataDir = makeDataDir();
  secrets = new MemorySecretStore();
  pigeonLog.deliveries.length = 0;
  pigeonLog.verified.length = 0;
});

afterEach(() => removeDataDir(dataDir));

describe('a provider registered in one place', () => {
  it('is offered by `accounts add --help`, with its own flags', async () => {
    const help = await facteur(['accounts', 'add', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--provider <provider>\s+smtp, gmail, outlook or pigeon-post/u);
    expect(help.stdout).toMatch(/--drop-off <url>\s+Pigeon Post: the loft that takes your mail/u);
    expect(help.stdout).toMatch(/--birds-per-minute <n>/u);
    // The built-in providers' flags are all still there.
    for (const flag of ['--host <host>', '--port <port>', '--secure', '--username <username>', '--timeout-seconds <seconds>', '--workspace', '--large-attachments', '--password-stdin', '--tokens-stdin', '--no-verify']) {
      expect(help.stdout).toContain(flag);
    }
  });

  it('is added by `accounts add`: settings checked by its schema, login tried, password in the keychain, its limits listed', async () => {
    const added = await facteur(['accounts', 'add', '--provider', PIGEON_KIND, '--email', 'me@example.com', '--drop-off', 'https://loft.example', '--birds-per-minute', '4', '--password-stdin'], 's3cret\n');
    expect(added, added.stderr).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\n$/u) });
    expect(pigeonLog.verified).toEqual([{ settings: { dropOff: 'https://loft.example', birdsPerMinute: 4 }, secret: 's3cret' }]);
    const list = await facteur(['accounts', 'list', '--json']);
    const [account] = JSON.parse(list.stdout) as Array<{ provider: string; email: string; limits: { perMinute: number; maxRecipients: number } }>;
    expect(account).toMatchObject({ provider: PIGEON_KIND, email: 'me@example.com', limits: { perMinute: 4, maxRecipients: 3 } });
    expect([...secrets.entries.values()]).toEqual(['s3cret']);
    const doctor = await facteur(['doctor', '--json']);
    expect(JSON.parse(doctor.stdout)).toContainEqual({ check: `provider ${PIGEON_KIND}`, ok: true, detail: 'needs no set-up' });
  });

  it('refuses bad settings by field name, and a refused login, with nothing stored', async () => {
    const plain = await facteur(['accounts', 'add', '--provider', PIGEON_KIND, '--email', 'me@example.com', '--drop-off', 'http://loft.example', '--password-stdin'], 's3cret');
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/dropOff.*must be an https:\/\/ URL/u);
    const birds = await facteur(['accounts', 'add', '--provider', PIGEON_KIND, '--email', 'me@example.com', '--drop-off', 'https://loft.example', '--birds-per-minute', 'many'], '');
    expect(birds.code).toBe(2);
    expect(birds.stderr).toMatch(/birds-per-minute.*"many" is not a whole number/u);
    const noPassword = await facteur(['accounts', 'add', '--provider', PIGEON_KIND, '--email', 'me@example.com', '--drop-off', 'https://loft.example']);
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toMatch(/password.*--password-stdin/u);
    const refused = await facteur(['accounts', 'add', '--provider', PIGEON_KIND, '--email', 'me@example.com', '--drop-off', 'https://loft.example', '--password-stdin'], 'wrong');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/password.*the loft refused this password/u);
    const unknown = await facteur(['accounts', 'add', '--provider', 'carrier-owl', '--email', 'me@example.com']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/"carrier-owl" is not a provider; expected smtp, gmail, outlook or pigeon-post/u);
    expect(JSON.parse((await facteur(['accounts', 'list', '--json'])).stdout)).toEqual([]);
    expect([...secrets.entries.values()]).toEqual([]);
  });

  it('is relinked with its own flags: a changed setting is checked, logged in with and stored; a bad one changes nothing', async () => {
    const help = await facteur(['accounts', 'relink', '--help']);
    expect(help.stdout).toMatch(/--drop-off <url>\s+Pigeon Post: the loft that takes your mail/u);
    expect(help.stdout).toMatch(/--birds-per-minute <n>/u);
    for (const flag of ['--host <host>', '--port <port>', '--secure', '--starttls', '--username <username>', '--no-username', '--password-stdin', '--no-verify']) expect(help.stdout).toContain(flag);

    const added = await facteur(['accounts', 'add', '--provider', PIGEON_KIND, '--email', 'me@example.com', '--drop-off', 'https://loft.example', '--birds-per-minute', '4', '--password-stdin'], 's3cret\n');
    expect(added.code, added.stderr).toBe(0);
    const id = added.stdout.trim();
    const stored = async () => (JSON.parse((await facteur(['accounts', 'list', '--json'])).stdout) as Array<{ limits: { perMinute: number } }>)[0]?.limits.perMinute;
    pigeonLog.verified.length = 0;

    const relinked = await facteur(['accounts', 'relink', id, '--birds-per-minute', '10', '--password-stdin'], 'n3w\n');
    expect(relinked, relinked.stderr).toMatchObject({ code: 0, stdout: `account ${id} linked again; 0 held email(s) released\n` });
    // The login was tried with the whole of the new settings, the one given changed and the other kept.
    expect(pigeonLog.verified).toEqual([{ settings: { dropOff: 'https://loft.example', birdsPerMinute: 10 }, secret: 'n3w' }]);
    expect(await stored()).toBe(10);
    expect([...secrets.entries.values()]).toEqual(['n3w']);

    pigeonLog.verified.length = 0;
    const tooMany = await facteur(['accounts', 'relink', id, '--birds-per-minute', '99', '--password-stdin'], 'other\n');
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toMatch(/birdsPerMinute.*60/u);
    const plain = await facteur(['accounts', 'relink', id, '--drop-off', 'http://loft.example', '--password-stdin'], 'other\n');
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/dropOff.*must be an https:\/\/ URL/u);
    const notPigeon = await facteur(['accounts', 'relink', id, '--host', 'smtp.example.com', '--password-stdin'], 'other\n');
    expect(notPigeon.code).toBe(2);
    expect(notPigeon.stderr).toMatch(/host.*Pigeon Post/u);
    const refused = await facteur(['accounts', 'relink', id, '--birds-per-minute', '12', '--password-stdin'], 'wrong\n');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/password.*the loft refused this password/u);
    // Nothing changed: no login tried with a bad value, the settings and the password as they were.
    expect(pigeonLog.verified).toEqual([]);
    expect(await stored()).toBe(10);
    expect([...secrets.entries.values()]).toEqual(['n3w']);
  });

  it('is relinked over IPC with a settings patch: checked by its schema, logged in with, stored; its settings read back', async () => {
    const added = await facteur(['accounts', 'add', '--provider', PIGEON_KIND, '--email', 'me@example.com', '--drop-off', 'https://loft.example', '--password-stdin'], 's3cret\n');
    expect(added.code, added.stderr).toBe(0);
    const id = Number(added.stdout);
    const engine = makeEngine({ dataDir, secrets });
    try {
      const handlers = createHandlers(engine, { kind: 'loopback', version: '0', checkOutputs: true, attachmentsMustBePicked: false, openExternal: () => Promise.resolve(), setStartAtLogin: () => undefined, requestProcessing: () => undefined });
      expect(await handlers['accounts:settings']({ id })).toEqual({ ok: true, value: { dropOff: 'https://loft.example', birdsPerMinute: 6 } });
      pigeonLog.verified.length = 0;
      const bad = await handlers['accounts:relink']({ id, password: 'n3w', settings: { birdsPerMinute: 0 } });
      expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'settings.birdsPerMinute' } });
      // Its own lookup answers the window as it answers `--autoconfig`: a loft it knows, nothing for another domain.
      expect(await handlers['accounts:findSettings']({ kind: PIGEON_KIND, email: 'me@coop.example' })).toMatchObject({ ok: true, value: { found: { settings: { dropOff: 'https://loft.coop.example', birdsPerMinute: 12 }, from: 'Pigeon Post' } } });
      expect(await handlers['accounts:findSettings']({ kind: PIGEON_KIND, email: 'me@example.com' })).toEqual({ ok: true, value: { found: null, tried: [{ from: 'Pigeon Post’s roost list', outcome: 'no loft for example.com' }] } });
      expect(pigeonLog.verified).toEqual([]);
      const relinked = await handlers['accounts:relink']({ id, password: 'n3w', settings: { birdsPerMinute: 12 } });
      expect(relinked).toMatchObject({ ok: true, value: { id, limits: { perMinute: 12 } } });
      expect(pigeonLog.verified).toEqual([{ settings: { dropOff: 'https://loft.example', birdsPerMinute: 12 }, secret: 'n3w' }]);
      expect(await handlers['accounts:settings']({ id })).toEqual({ ok: true, value: { dropOff: 'https://loft.example', birdsPerMinute: 12 } });
      expect([...secrets.entries.values()]).toEqual(['n3w']);
    } finally {
      engine.close();
    }
  });

  it('is set up from the address by `accounts add --autoconfig` through its own lookup; the flags given win', async () => {
    const found = await facteur(['accounts', 'add', '--provider', PIGEON_KIND, '--email', 'me@coop.example', '--autoconfig', '--password-stdin'], 's3cret\n');
    expect(found, found.stderr).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\n$/u) });
    expect(found.stderr.split('\n')).toEqual([
      'Looking up the Pigeon Post loft for coop.example…',
      '  Pigeon Post’s roost list: found',
      'Found dropOff https://loft.coop.example, birdsPerMinute 12 — from Facteur’s list of known services (Pigeon Post)',
      'Note: the birds fly by day only',
      '',
    ]);
    const mine = await facteur(['accounts', 'add', '--provider', PIGEON_KIND, '--email', 'you@coop.example', '--autoconfig', '--birds-per-minute', '3', '--password-stdin'], 's3cret\n');
    expect(mine.code, mine.stderr).toBe(0);
    // Logged in with what was found, under what was given.
    expect(pigeonLog.verified.map((entry) => entry.settings)).toEqual([
      { dropOff: 'https://loft.coop.example', birdsPerMinute: 12 },
      { dropOff: 'https://loft.coop.example', birdsPerMinute: 3 },
    ]);
    const limits = (JSON.parse((await facteur(['accounts', 'list', '--json'])).stdout) as Array<{ limits: { perMinute: number } }>).map((account) => account.limits.perMinute);
    expect(limits).toEqual([12, 3]);
  });

  it('an address its lookup does not know: exit 2 naming its field, nothing stored; with the field given, that is used', async () => {
    const unknown = await facteur(['accounts', 'add', '--provider', PIGEON_KIND, '--email', 'me@example.com', '--autoconfig', '--password-stdin'], 's3cret\n');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('  Pigeon Post’s roost list: no loft for example.com');
    expect(unknown.stderr).toContain('dropOff: no Pigeon Post settings found for example.com — give the loft with --drop-off');
    expect(JSON.parse((await facteur(['accounts', 'list', '--json'])).stdout)).toEqual([]);
    expect([...secrets.entries.values()]).toEqual([]);
    const given = await facteur(['accounts', 'add', '--provider', PIGEON_KIND, '--email', 'me@example.com', '--autoconfig', '--drop-off', 'https://my.loft.example', '--password-stdin'], 's3cret\n');
    expect(given.code, given.stderr).toBe(0);
    expect(given.stderr).toContain('No settings found for example.com; using the loft you gave.');
    expect(pigeonLog.verified).toEqual([{ settings: { dropOff: 'https://my.loft.example', birdsPerMinute: 6 }, secret: 's3cret' }]);
  });

  it('receives queued mail from the processor: recipients, subject, body and attachments', async () => {
    const added = await facteur(['accounts', 'add', '--provider', PIGEON_KIND, '--email', 'me@example.com', '--drop-off', 'https://loft.example', '--password-stdin'], 's3cret\n');
    expect(added.code, added.stderr).toBe(0);
    const engine = makeEngine({ dataDir, secrets });
    try {
      const bytes = crypto.randomBytes(70_000);
      const file = path.join(dataDir, 'map.bin');
      fs.writeFileSync(file, bytes);
      const id = await engine.queue.queueEmail(
        simpleMessage('ana@example.com', {
          cc: [{ address: 'cc@example.com' }],
          bcc: [{ address: 'hidden@example.com' }],
          subject: 'By wing',
          attachments: [
            { path: file, filename: 'map.bin', contentType: 'application/octet-stream' },
            { contentBase64: Buffer.from('seed list').toString('base64'), filename: 'seeds.txt' },
          ],
        }),
        Number(added.stdout),
      );
      expect(await engine.process()).toMatchObject({ sent: 1, failed: 0, retrying: 0 });
      expect(engine.queue.get(id).status).toBe('sent');
      expect(pigeonLog.deliveries).toEqual([
        {
          accountEmail: 'me@example.com',
          password: 's3cret',
          dropOff: 'https://loft.example',
          messageId: engine.queue.get(id).messageId,
          from: 'me@example.com',
          to: ['ana@example.com'],
          cc: ['cc@example.com'],
          bcc: ['hidden@example.com'],
          subject: 'By wing',
          text: 'plain body',
          attachments: [
            { filename: 'map.bin', size: 70_000, sha256: crypto.createHash('sha256').update(bytes).digest('hex') },
            { filename: 'seeds.txt', size: 9, sha256: crypto.createHash('sha256').update('seed list').digest('hex') },
          ],
        },
      ]);
    } finally {
      engine.close();
    }
  });
});
