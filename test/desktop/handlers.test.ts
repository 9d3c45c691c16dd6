// The handler map against a real engine: every contract channel has a handler (checked at run
// time too), every handler refuses garbage with invalid-input before touching anything, and the
// requests the UI relies on do what they say (enqueue by picked path, edit, drafts, settings,
// link allowlist).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REQUEST_CHANNELS, requestContract, type RequestChannel } from '../../src/shared/ipc-contract';
import type { Result } from '../../src/shared/result';
import { createHandlers, type Platform } from '../../src/main/core/ipc/handlers';
import type { HandlerMap, HandlerImpls } from '../../src/main/core/ipc/handler-map';
import { outputChecksWanted } from '../../src/main/core/ipc/output-check';
import { addSmtpAccount, makeEngine, simpleMessage, type TestEngine } from '../helpers/engine';

// Compile-time: the implementation map must name every channel (a missing one is an error here).
type MissingChannels = Exclude<RequestChannel, keyof HandlerImpls>;
const noneMissing: MissingChannels extends never ? true : false = true;

type FakePlatform = Platform & { opened: string[]; loginItem: boolean[]; files: string[]; processed: number };

function fakePlatform(overrides: Partial<Platform> = {}): FakePlatform {
  const platform: FakePlatform = {
    kind: 'electron' as const,
    version: '9.9.9',
    opened: [] as string[],
    loginItem: [] as boolean[],
    files: [] as string[],
    processed: 0,
    attachmentsMustBePicked: true,
    openFiles: () => Promise.resolve(platform.files),
    openExternal: async (url: string) => void platform.opened.push(url),
    setStartAtLogin: (enabled: boolean) => void platform.loginItem.push(enabled),
    requestProcessing: () => void (platform.processed += 1),
    ...overrides,
  };
  return platform;
}

const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

let engine: TestEngine;
let handlers: HandlerMap;
let platform: ReturnType<typeof fakePlatform>;
let accountId: number;

beforeEach(async () => {
  engine = makeEngine();
  platform = fakePlatform();
  handlers = createHandlers(engine, platform);
  accountId = await addSmtpAccount(engine, 2525);
});
afterEach(() => engine.dispose());

describe('contract coverage', () => {
  it('checks every answer here against its output schema, so an undeclared field fails these tests', () => {
    expect(outputChecksWanted()).toBe(true);
  });

  it('has a handler for every request channel and nothing else', () => {
    expect(noneMissing).toBe(true);
    expect(Object.keys(handlers).sort()).toEqual([...REQUEST_CHANNELS].sort());
    for (const channel of REQUEST_CHANNELS) expect(typeof handlers[channel]).toBe('function');
  });

  it.each(REQUEST_CHANNELS)('%s refuses garbage with invalid-input', async (channel) => {
    const before = engine.queue.counts();
    for (const garbage of ['nope', 42, [1, 2], { unexpected: true, id: 'x' }]) {
      const result = await handlers[channel](garbage);
      expect(result.ok, `${channel} accepted ${JSON.stringify(garbage)}`).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid-input');
    }
    expect(engine.queue.counts()).toEqual(before);
    expect(platform.opened).toEqual([]);
  });

  it('names the offending field', async () => {
    const result = await handlers['queue:enqueue']({ accountId, message: { ...simpleMessage(), to: [{ address: 'not an address' }] } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'message.to[0].address' } });
  });

  it('answers outputs that match the contract', async () => {
    value(await handlers['queue:enqueue']({ accountId, message: simpleMessage() }));
    const checks: Array<[RequestChannel, unknown]> = [
      ['accounts:list', {}],
      ['queue:list', {}],
      ['queue:get', { id: 1 }],
      ['queue:counts', {}],
      ['settings:get', {}],
      ['app:info', {}],
      ['drafts:list', {}],
    ];
    for (const [channel, input] of checks) {
      const out = value(await (handlers[channel] as (input: unknown) => Promise<Result<unknown>>)(input));
      expect(requestContract[channel].output.safeParse(out).success, channel).toBe(true);
    }
  });
});

describe('requests', () => {
  it('accepts an attachment path only after it was picked in the dialog', async () => {
    const file = path.join(engine.dataDir, 'report.txt');
    fs.writeFileSync(file, 'report');
    const message = { ...simpleMessage(), attachments: [{ path: file }] };
    const refused = await handlers['queue:enqueue']({ accountId, message });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'message.attachments[0].path' } });

    platform.files = [file];
    expect(value(await handlers['dialog:openFiles']({}))).toEqual([{ path: file, name: 'report.txt', size: 6 }]);
    const { id } = value(await handlers['queue:enqueue']({ accountId, message }));
    expect(engine.queue.get(id).attachments).toMatchObject([{ filename: 'report.txt', size: 6 }]);
  });

  it('edits unsent mail (validated like enqueue) and refuses to edit sent or cancelled mail', async () => {
    const { id } = value(await handlers['queue:enqueue']({ accountId, message: simpleMessage(), sendAt: '2099-01-01T09:00:00Z' }));
    const bad = await handlers['queue:edit']({ id, message: { ...simpleMessage(), text: null, html: null } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(engine.queue.get(id).subject).toBe('Hello');

    value(await handlers['queue:edit']({ id, message: simpleMessage('bo@example.com', { subject: 'Edited' }), sendAt: '2099-02-01T09:00:00Z' }));
    expect(engine.queue.get(id)).toMatchObject({ subject: 'Edited', to: ['Ana <bo@example.com>'], status: 'scheduled', sendAt: '2099-02-01T09:00:00.000Z' });

    value(await handlers['queue:cancel']({ id }));
    const late = await handlers['queue:edit']({ id, message: simpleMessage() });
    expect(late).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('pages the list and reports whether there is more', async () => {
    for (let i = 0; i < 3; i += 1) value(await handlers['queue:enqueue']({ accountId, message: simpleMessage(`p${i}@example.com`) }));
    const page = value(await handlers['queue:list']({ limit: 2 }));
    expect(page.items).toHaveLength(2);
    expect(page.hasMore).toBe(true);
    const rest = value(await handlers['queue:list']({ limit: 2, offset: 2 }));
    expect(rest).toMatchObject({ hasMore: false, items: [{ to: ['Ana <p0@example.com>'] }] });
    expect(value(await handlers['queue:counts']({})).counts.queued).toBe(3);
  });

  it('keeps drafts across a new handler map (a restart)', async () => {
    const saved = value(await handlers['drafts:save']({ content: { subject: 'half written' } }));
    value(await handlers['drafts:save']({ id: saved.id, content: { subject: 'more written' } }));
    const again = createHandlers(engine, fakePlatform());
    expect(value(await again['drafts:list']({}))).toMatchObject([{ id: saved.id, content: { subject: 'more written' } }]);
    value(await again['drafts:delete']({ id: saved.id }));
    expect(value(await again['drafts:list']({}))).toEqual([]);
    // Drafts are not settings: the settings view never sees them.
    expect(Object.keys(value(await again['settings:get']({})))).not.toContain(`draft:${saved.id}`);
  });

  it('saves settings, sets the login item when start-at-login changes, and refuses a bad cron', async () => {
    const next = value(await handlers['settings:update']({ startAtLogin: true, batchSize: 20 }));
    expect(next).toMatchObject({ startAtLogin: true, batchSize: 20 });
    expect(platform.loginItem).toEqual([true]);
    const bad = await handlers['settings:update']({ schedulerCron: 'every minute' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'schedulerCron' } });
    expect(engine.settings.get().schedulerCron).toBe('* * * * *');
  });

  it('opens only allowlisted pages in the browser', async () => {
    value(await handlers['app:openExternal']({ url: 'https://support.google.com/mail/answer/185833' }));
    for (const url of ['https://evil.example.com/', 'http://support.google.com/', 'file:///etc/passwd', 'https://user:pw@support.google.com/']) {
      expect(await handlers['app:openExternal']({ url })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    expect(platform.opened).toEqual(['https://support.google.com/mail/answer/185833']);
  });

  it('adds an SMTP account (password required with a username) and removes it with force', async () => {
    const missing = await handlers['accounts:add']({ kind: 'smtp', email: 'me@example.com', settings: { host: 'smtp.example.com', port: 587, username: 'me' }, credential: { type: 'password' } });
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'password' } });
    const account = value(await handlers['accounts:add']({ kind: 'smtp', email: 'relay@example.com', settings: { host: '127.0.0.1', port: 2526 }, credential: { type: 'password' }, verify: false }));
    expect(account).toMatchObject({ email: 'relay@example.com', provider: 'smtp', state: 'ok' });
    value(await handlers['queue:enqueue']({ accountId: account.id, message: simpleMessage() }));
    expect(await handlers['accounts:remove']({ id: account.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(value(await handlers['accounts:remove']({ id: account.id, force: true }))).toEqual({ cancelled: 1, moved: 0 });
    expect(value(await handlers['accounts:setActive']({ id: accountId, active: false }))).toMatchObject({ active: false });
  });
});
