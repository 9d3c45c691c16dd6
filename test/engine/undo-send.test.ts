// Undo send through the IPC handlers, against the real SMTP server: an undoable "Send now" waits
// the undo delay in the engine (so it still leaves if the window closes), an undo before then
// removes it and nothing reaches the server, and after it has left undo is refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers, type Platform } from '../../src/main/core/ipc/handlers';
import type { HandlerMap } from '../../src/main/core/ipc/handler-map';
import type { Result } from '../../src/shared/result';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';
import { addSmtpAccount, makeEngine, simpleMessage, type TestEngine } from '../helpers/engine';

let engine: TestEngine;
let smtp: SmtpTestServer;
let handlers: HandlerMap;
let accountId: number;

const platform: Platform = {
  kind: 'loopback',
  version: 'test',
  attachmentsMustBePicked: false,
  openFiles: () => Promise.resolve([]),
  openExternal: () => Promise.resolve(),
  setStartAtLogin: () => undefined,
  requestProcessing: () => undefined,
};

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

beforeEach(async () => {
  smtp = await startSmtpTestServer();
  engine = makeEngine();
  accountId = await addSmtpAccount(engine, smtp.port);
  handlers = createHandlers(engine, platform);
});

afterEach(async () => {
  engine.dispose();
  await smtp.close();
});

describe('undo send', () => {
  it('holds an undoable send for the delay; undo before it leaves sends nothing and leaves no trace', async () => {
    engine.settings.update({ undoSendSeconds: 2 });
    const before = Date.now();
    const sent = value(await handlers['queue:enqueue']({ accountId, message: simpleMessage('ana@example.com', { subject: 'Oops' }), undoable: true }));
    const until = Date.parse(sent.undoUntil ?? '');
    expect(until - before).toBeGreaterThanOrEqual(2_000);
    expect(until - Date.now()).toBeLessThanOrEqual(2_000);
    expect(engine.queue.get(sent.id)).toMatchObject({ status: 'scheduled', sendAt: sent.undoUntil });

    // A run inside the delay does not send it.
    expect(await engine.process()).toMatchObject({ sent: 0 });
    expect(value(await handlers['queue:undoSend']({ id: sent.id }))).toBeNull();
    expect(engine.queue.list({})).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await engine.process()).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(0);
  });

  it('sends it once the delay has passed, and then refuses to undo it', async () => {
    engine.settings.update({ undoSendSeconds: 1 });
    const sent = value(await handlers['queue:enqueue']({ accountId, message: simpleMessage('bo@example.com', { subject: 'Keep' }), undoable: true }));
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(await engine.process()).toMatchObject({ sent: 1 });
    expect(smtp.received.map((mail) => mail.to)).toEqual([['bo@example.com']]);
    expect(await handlers['queue:undoSend']({ id: sent.id })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'id' } });
    expect(engine.queue.get(sent.id).status).toBe('sent');
  });

  it('with the delay set to 0, or a chosen send time, nothing is held back', async () => {
    engine.settings.update({ undoSendSeconds: 0 });
    const now = value(await handlers['queue:enqueue']({ accountId, message: simpleMessage(), undoable: true }));
    expect(now).toEqual({ id: now.id });
    expect(engine.queue.get(now.id).status).toBe('queued');
    engine.settings.update({ undoSendSeconds: 30 });
    const later = value(await handlers['queue:enqueue']({ accountId, message: simpleMessage(), undoable: true, sendAt: '2099-01-01T09:00:00Z' }));
    expect(later).toEqual({ id: later.id });
    expect(engine.queue.get(later.id).sendAt).toBe('2099-01-01T09:00:00.000Z');
    expect(await handlers['queue:undoSend']({ id: 999 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('refuses to undo scheduled mail, and leaves it scheduled', async () => {
    engine.settings.update({ undoSendSeconds: 30 });
    const sendAt = new Date(Date.now() + 3_600_000).toISOString();
    const later = value(await handlers['queue:enqueue']({ accountId, message: simpleMessage('cy@example.com', { subject: 'Later' }), undoable: true, sendAt }));
    expect(await handlers['queue:undoSend']({ id: later.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict', field: 'id', message: expect.stringMatching(/not sent with an undo delay/u) as unknown },
    });
    expect(engine.queue.get(later.id)).toMatchObject({ status: 'scheduled', sendAt: new Date(Date.parse(sendAt)).toISOString() });
  });

  it('refuses an undo delay outside 0–60 seconds, naming it', () => {
    expect(() => engine.settings.update({ undoSendSeconds: 61 })).toThrow(/undoSendSeconds/u);
    expect(() => engine.settings.update({ undoSendSeconds: -1 })).toThrow(/undoSendSeconds/u);
    expect(engine.settings.get().undoSendSeconds).toBe(10);
  });
});
