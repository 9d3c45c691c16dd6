// Runs the IPC contract's bad-input corpus (ipc-cases.ts) in-process through the real handler map
// on a real engine: each request is answered with its error code, names the field, says why, and
// changes nothing (queue counts, accounts, settings, drafts, attachment files). Then the sender
// check: Electron's ipcMain wiring (registerIpcHandlers) with the real handlers refuses frames
// that are not Facteur's own window before the input is looked at.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, type Platform } from '../../src/main/core/ipc/handlers';
import type { HandlerMap } from '../../src/main/core/ipc/handler-map';
import { registerIpcHandlers } from '../../src/main/ipc-main';
import { REQUEST_CHANNELS } from '../../src/shared/ipc-contract';
import type { Result } from '../../src/shared/result';
import { addSmtpAccount, makeEngine, simpleMessage, type TestEngine } from '../helpers/engine';
import { FOREIGN_FRAMES, IPC_CASES, type IpcFixture } from './ipc-cases';

let engine: TestEngine;
let handlers: HandlerMap;
let fixture: IpcFixture;
const opened: string[] = [];

const platform: Platform = {
  kind: 'electron',
  version: '0.0.0-test',
  attachmentsMustBePicked: true,
  openFiles: () => Promise.resolve([]),
  openExternal: async (url) => void opened.push(url),
  setStartAtLogin: () => undefined,
  requestProcessing: () => undefined,
};

beforeAll(async () => {
  engine = makeEngine();
  handlers = createHandlers(engine, platform);
  const accountId = await addSmtpAccount(engine, 2525);
  const disabledId = await addSmtpAccount(engine, 2525, 'off@example.com');
  engine.accounts.setActive(disabledId, false);
  const scheduledId = await engine.queue.queueEmail(simpleMessage(), accountId, { sendAt: '2099-01-01T09:00:00Z' });
  const unpickedFile = path.join(engine.dataDir, 'id_ed25519');
  fs.writeFileSync(unpickedFile, 'PRIVATE KEY');
  fixture = { accountId, disabledId, scheduledId, unpickedFile };
});

afterAll(() => engine.dispose());

const call = (channel: string, input: unknown): Promise<Result<unknown>> =>
  (handlers as unknown as Record<string, (input: unknown) => Promise<Result<unknown>>>)[channel]?.(input) ??
  Promise.reject(new Error(`no channel ${channel}`));

/** Everything a refused request must leave as it was. */
async function footprint() {
  const store = path.join(engine.dataDir, 'attachments');
  const files = fs.existsSync(store) ? fs.readdirSync(store, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;
  const drafts = await call('drafts:list', {});
  return {
    counts: engine.queue.counts(),
    scheduled: engine.queue.get(fixture.scheduledId),
    accounts: engine.accounts.list(),
    settings: engine.settings.get(),
    drafts: drafts.ok ? drafts.value : null,
    files,
    opened: [...opened],
  };
}

describe('the IPC handlers refuse bad input clearly and write nothing', () => {
  it('has a corpus worth the name, on channels that exist', () => {
    expect(IPC_CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(IPC_CASES.map((test) => test.name)).size).toBe(IPC_CASES.length);
    for (const test of IPC_CASES) expect(REQUEST_CHANNELS, test.name).toContain(test.channel);
  });

  it.each(IPC_CASES)('$channel: $name', async (test) => {
    const before = await footprint();
    const result = await call(test.channel, test.input(fixture));
    if (test.code === 'ok') {
      expect(result.ok, JSON.stringify(result).slice(0, 300)).toBe(true);
      expect(engine.queue.counts().queued).toBe(before.counts.queued + (test.adds ?? 0));
      return;
    }
    if (result.ok) throw new Error(`${test.channel} accepted it: ${JSON.stringify(result.value).slice(0, 200)}`);
    expect(result.error.code).toBe(test.code);
    expect(result.error.message).toMatch(test.message);
    expect(result.error.field ?? null).toBe(test.field);
    expect(await footprint()).toEqual(before);
  });
});

describe('requests from a frame that is not Facteur’s own window', () => {
  const registered = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
  const refusals: Array<string | null> = [];

  beforeAll(() => {
    const ipcMain = {
      handle: (channel: string, listener: (event: unknown, input: unknown) => Promise<unknown>) => void registered.set(channel, listener),
      removeHandler: (channel: string) => void registered.delete(channel),
    };
    registerIpcHandlers(ipcMain as unknown as Parameters<typeof registerIpcHandlers>[0], handlers, { onRefused: (_channel, url) => void refusals.push(url) });
  });

  const validEnqueue = () => ({ accountId: fixture.accountId, message: simpleMessage('wrong-sender@example.com') });

  it.each(FOREIGN_FRAMES)('refuses $name before the handler runs, and writes nothing', async ({ frame }) => {
    const before = await footprint();
    await expect(registered.get('queue:enqueue')?.({ senderFrame: frame }, validEnqueue())).rejects.toThrow(/refused: the request did not come from Facteur’s own window/u);
    await expect(registered.get('app:openExternal')?.({ senderFrame: frame }, { url: 'https://support.google.com/mail/answer/185833' })).rejects.toThrow(/refused/u);
    expect(refusals.at(-1)).toBe(frame?.url ?? null);
    expect(await footprint()).toEqual(before);
  });

  it('answers the same request from the app’s own top frame (the check is not refusing everything)', async () => {
    const before = engine.queue.counts().queued;
    const reply = (await registered.get('queue:enqueue')?.({ senderFrame: { url: 'app://facteur/index.html', parent: null } }, validEnqueue())) as Result<{ id: number }>;
    expect(reply.ok).toBe(true);
    expect(engine.queue.counts().queued).toBe(before + 1);
  });
});
