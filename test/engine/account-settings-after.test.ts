// One place decides what an account's settings become after a change (`settingsAfter`): the stored
// settings with the change over them, checked whole by the provider's schema, naming the field as
// the caller's edge names it, and whether a password is then needed. Relinking and `markOk` go
// through it, so a bad change writes nothing: not the settings, not the keychain, not the state.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FacteurError } from '../../src/main/core/errors';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-secret-store';
import { makeEngine, simpleMessage, type TestEngine } from '../helpers/engine';

const STORED = { host: '127.0.0.1', port: 2525, secure: false, username: 'me', timeoutSeconds: 5 };

let engine: TestEngine;
let secrets: MemorySecretStore;
let id: number;

beforeEach(async () => {
  secrets = new MemorySecretStore();
  engine = makeEngine({ secrets });
  id = await engine.accounts.create('smtp', { email: 'me@example.com', displayName: null, secret: 'pw', settings: STORED });
});

afterEach(() => engine.dispose());

/** What `fn` threw, as the edges see it. */
function thrown(fn: () => unknown): { code: string; field: string | undefined; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof FacteurError) return { code: error.code, field: error.field, message: error.message };
    throw error;
  }
  throw new Error('expected an error');
}

const storedRow = () => ({ settings: JSON.parse(engine.accounts.get(id).settings) as unknown, state: engine.accounts.get(id).state, secrets: [...secrets.entries.values()] });

describe('AccountService.settingsAfter', () => {
  it('puts the change over the stored settings, checks the whole, and says whether a password is needed', () => {
    expect(engine.accounts.settingsAfter(id, { port: 465, secure: true })).toEqual({ settings: { ...STORED, port: 465, secure: true }, needsSecret: true });
    expect(engine.accounts.settingsAfter(id, { username: null })).toEqual({ settings: { ...STORED, username: null }, needsSecret: false });
    expect(engine.accounts.settingsAfter(id, {})).toEqual({ settings: STORED, needsSecret: true });
  });

  it('names the bad field as the caller’s edge names it: settings.port by default, port for the command line', () => {
    expect(thrown(() => engine.accounts.settingsAfter(id, { port: 70_000 }))).toEqual({ code: 'invalid-input', field: 'settings.port', message: 'settings.port: must be a port number from 1 to 65535' });
    expect(thrown(() => engine.accounts.settingsAfter(id, { port: 70_000 }, ''))).toEqual({ code: 'invalid-input', field: 'port', message: 'port: must be a port number from 1 to 65535' });
    expect(thrown(() => engine.accounts.settingsAfter(id, { colour: 'blue' }, ''))).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/colour/u) });
  });
});

describe('a bad settings change writes nothing', () => {
  it('relink: refused before any login, the settings, the password and the state as they were', async () => {
    engine.accounts.markNeedsReauth(id, 'password refused');
    const before = storedRow();
    await expect(engine.accounts.relink(id, { email: 'me@example.com', displayName: null, secret: 'new', settings: { port: 0 } }, { verify: true })).rejects.toMatchObject({ code: 'invalid-input', field: 'settings.port' });
    expect(storedRow()).toEqual(before);
    expect(before).toMatchObject({ state: 'needs-reauth', secrets: ['pw'] });
  });

  it('markOk: a bad change leaves the account needing a new sign-in and its mail held; a good one is stored checked', async () => {
    const queued = await engine.queue.queueEmail(simpleMessage(), id);
    engine.accounts.markNeedsReauth(id, 'password refused');
    engine.db.$client.prepare(`update emails set status = 'held' where id = ?`).run(queued);
    const before = storedRow();
    expect(() => engine.accounts.markOk(id, { host: 'smtp.example.com\r\nRCPT TO:<x@y>' })).toThrow(/settings\.host/u);
    expect(storedRow()).toEqual(before);
    expect(engine.queue.get(queued).status).toBe('held');

    expect(engine.accounts.markOk(id, { port: 587 })).toBe(1);
    expect(storedRow()).toMatchObject({ settings: { ...STORED, port: 587 }, state: 'ok' });
  });
});
