// "Link Gmail" as the desktop app does it: the IPC handler starts the OAuth sign-in, the shell
// opens the consent page (here an HTTP client plays the browser against the fake Google), the
// account appears, sends, and after its sign-in is revoked "Relink" releases its held mail.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../src/shared/result';
import { createHandlers, type Platform } from '../../src/main/core/ipc/handlers';
import { FakeGoogle } from '../fakes/fake-google';
import { makeEngine, simpleMessage, type TestEngine } from '../helpers/engine';

const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

/** The system browser: follows the consent page's 302 back to Facteur's loopback redirect. */
async function playBrowser(url: string): Promise<void> {
  const consent = await fetch(url, { redirect: 'manual' });
  const location = consent.headers.get('location');
  if (!location) throw new Error(`consent page answered ${consent.status} without a redirect`);
  await (await fetch(location)).text();
}

let fake: FakeGoogle;
let engine: TestEngine;
let opened: string[];

function platform(): Platform {
  return {
    kind: 'loopback',
    version: 'test',
    attachmentsMustBePicked: false,
    openFiles: () => Promise.resolve([]),
    openExternal: async (url: string) => {
      opened.push(url);
      await playBrowser(url);
    },
    setStartAtLogin: () => undefined,
    requestProcessing: () => undefined,
  };
}

beforeEach(async () => {
  fake = await new FakeGoogle({ userEmail: 'ana@gmail.com' }).start();
  engine = makeEngine({ env: fake.env() });
  opened = [];
});

afterEach(async () => {
  engine.dispose();
  await fake.close();
});

describe('linking Gmail from the app', () => {
  it('links through the system browser, sends, and relinks after a revoked sign-in', async () => {
    const handlers = createHandlers(engine, platform());
    const account = value(await handlers['accounts:add']({ kind: 'gmail', email: 'ana@gmail.com', credential: { type: 'oauth' } }));
    expect(account).toMatchObject({ email: 'ana@gmail.com', provider: 'gmail', state: 'ok', limits: { perDay: 500 } });
    expect(opened).toHaveLength(1);
    expect(new URL(opened[0]!).origin).toBe(fake.url);

    value(await handlers['queue:enqueue']({ accountId: account.id, message: simpleMessage('bob@example.com') }));
    expect(await engine.process()).toMatchObject({ sent: 1 });
    expect(fake.accepted).toHaveLength(1);

    for (const token of fake.issuedRefreshTokens()) fake.revoke(token);
    const { id } = value(await handlers['queue:enqueue']({ accountId: account.id, message: simpleMessage('carol@example.com') }));
    expect(await engine.process()).toMatchObject({ sent: 0, held: 1, failed: 0 });
    expect(value(await handlers['accounts:list']({}))[0]).toMatchObject({ state: 'needs-reauth' });

    const relinked = value(await handlers['accounts:relink']({ id: account.id }));
    expect(relinked.state).toBe('ok');
    expect(opened).toHaveLength(2);
    expect(engine.queue.get(id).status).toBe('queued');
    expect(await engine.process()).toMatchObject({ sent: 1 });
    expect(fake.accepted).toHaveLength(2);
  });

  it('refuses a sign-in with another Google account, and creates nothing', async () => {
    const handlers = createHandlers(engine, platform());
    const result = await handlers['accounts:add']({ kind: 'gmail', email: 'someone-else@gmail.com', credential: { type: 'oauth' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'auth-required' } });
    expect(engine.accounts.list()).toEqual([]);
  });
});
