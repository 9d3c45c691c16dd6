// The quit warning with fake Electron objects (app, dialog) and real parts behind them: a real
// engine on a fake clock counts the mail due in the next 24 hours, and "Turn on and quit" installs
// the real background job against fake `systemctl`/`crontab` on PATH.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { MessageBoxOptions, MessageBoxReturnValue } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from './core/clock';
import { BackgroundJob } from './core/background/background-job';
import { countLeavingWithin } from './core/late/upcoming';
import { drainBeforeQuit } from './lifecycle';
import { confirmQuit } from './quit-prompt';
import { makeEngine, simpleMessage, type TestEngine } from '../../test/helpers/engine';
import { makeDataDir, removeDataDir } from '../../test/helpers/data-dir';
import { installFakeTools, type FakeTools } from '../../test/helpers/fake-system-tools';

const T0 = Date.UTC(2030, 0, 1, 9, 0);
let root: string;
let engine: TestEngine;
let clock: FakeClock;
let tools: FakeTools;
let background: BackgroundJob;
let accountId: number;

beforeEach(async () => {
  root = makeDataDir('facteur-quit-');
  fs.mkdirSync(path.join(root, 'home'));
  tools = installFakeTools(root, { systemdAnswers: true });
  clock = new FakeClock(T0);
  engine = makeEngine({ clock });
  background = new BackgroundJob({
    dataDir: engine.dataDir,
    platform: 'linux',
    env: { PATH: tools.path, HOME: path.join(root, 'home'), XDG_CONFIG_HOME: path.join(root, 'config') },
    home: path.join(root, 'home'),
  });
  accountId = await engine.accounts.create('smtp', { email: 'me@example.com', displayName: null, secret: '', settings: { host: '127.0.0.1', port: 25 } });
});

afterEach(() => {
  engine.dispose();
  removeDataDir(root);
});

/** A dialog that answers with the given buttons in turn and records what it was shown. */
function fakeDialog(...responses: number[]) {
  const shown: MessageBoxOptions[] = [];
  return {
    shown,
    showMessageBox: vi.fn((...args: unknown[]): Promise<MessageBoxReturnValue> => {
      shown.push(args.at(-1) as MessageBoxOptions);
      return Promise.resolve({ response: responses.shift() ?? 2, checkboxChecked: false });
    }),
  };
}

/** The app as drainBeforeQuit sees it, with the quit prompt wired as main.ts wires it. */
function quitSetup(dialog: ReturnType<typeof fakeDialog>, language: 'en' | 'fr' = 'en') {
  const app = new EventEmitter() as EventEmitter & { quit: () => void };
  let quits = 0;
  app.quit = () => {
    quits += 1;
    app.emit('before-quit', { preventDefault: () => undefined });
  };
  const drain = vi.fn(() => Promise.resolve());
  const guard = drainBeforeQuit(app as never, drain, undefined, () =>
    confirmQuit({
      dialog,
      window: () => null,
      upcoming: () => countLeavingWithin(engine.db, clock.now()),
      backgroundInstalled: () => background.status().installed,
      installBackground: () => void background.install(),
      language: () => language,
    }),
  );
  /** What the tray's "Quit" does: app.quit(), which emits before-quit. */
  const trayQuit = (): void => void app.emit('before-quit', { preventDefault: () => undefined });
  return { guard, drain, trayQuit, quits: () => quits };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

async function scheduleIn(hours: number): Promise<number> {
  return engine.queue.queueEmail(simpleMessage(), accountId, { sendAt: new Date(T0 + hours * 3_600_000).toISOString(), timeZone: 'UTC' });
}

describe('quitting with mail due soon and background sending off', () => {
  it('says so; Cancel keeps the app running and sending, and asks again next time', async () => {
    await scheduleIn(3);
    await scheduleIn(30); // beyond 24 h: not counted
    const dialog = fakeDialog(2, 2);
    const { guard, drain, trayQuit, quits } = quitSetup(dialog);
    trayQuit();
    await settle();
    expect(dialog.shown).toHaveLength(1);
    expect(dialog.shown[0]).toMatchObject({
      message: 'An email is due in the next 24 hours.',
      buttons: ['Turn on and quit', 'Quit anyway', 'Cancel'],
      cancelId: 2,
    });
    expect(dialog.shown[0]?.detail).toMatch(/Sending in the background is off/u);
    expect(drain).not.toHaveBeenCalled();
    expect(guard.isQuitting()).toBe(false);
    expect(quits()).toBe(0);
    trayQuit();
    await settle();
    expect(dialog.shown).toHaveLength(2);
    expect(drain).not.toHaveBeenCalled();
  }, 30_000);

  it('"Quit anyway" quits without installing anything', async () => {
    await scheduleIn(1);
    const dialog = fakeDialog(1);
    const { guard, drain, trayQuit, quits } = quitSetup(dialog);
    trayQuit();
    await vi.waitFor(() => expect(quits()).toBe(1));
    expect(guard.isQuitting()).toBe(true);
    expect(drain).toHaveBeenCalledTimes(1);
    expect(tools.calls().some(([tool, ...args]) => tool === 'systemctl' && args.includes('enable'))).toBe(false);
    expect(background.status().installed).toBe(false);
  }, 30_000);

  it('"Turn on and quit" installs the background job, then quits; the next quit does not ask', async () => {
    await scheduleIn(2);
    await scheduleIn(5);
    const dialog = fakeDialog(0);
    const { drain, trayQuit, quits } = quitSetup(dialog, 'fr');
    trayQuit();
    await vi.waitFor(() => expect(quits()).toBe(1));
    expect(dialog.shown[0]).toMatchObject({ message: '2 messages doivent partir dans les prochaines 24 heures.', buttons: ['Activer et quitter', 'Quitter quand même', 'Annuler'] });
    expect(drain).toHaveBeenCalledTimes(1);
    expect(tools.calls().some(([tool, ...args]) => tool === 'systemctl' && args[1] === 'enable' && args[2] === '--now')).toBe(true);
    expect(background.status()).toMatchObject({ installed: true, kind: 'systemd' });

    const again = fakeDialog();
    const second = quitSetup(again);
    second.trayQuit();
    await vi.waitFor(() => expect(second.quits()).toBe(1));
    expect(again.shown).toHaveLength(0);
  }, 30_000);

  it('when turning it on fails, says why and stays open', async () => {
    await scheduleIn(2);
    const dialog = fakeDialog(0, 0);
    const { drain, trayQuit, quits } = quitSetup(dialog);
    fs.writeFileSync(path.join(tools.dir, 'systemctl'), '#!/bin/sh\necho "Failed to enable unit: Access denied" >&2\nexit 1\n');
    fs.writeFileSync(path.join(tools.dir, 'crontab'), '#!/bin/sh\necho "crontab: permission denied" >&2\nexit 1\n');
    trayQuit();
    await vi.waitFor(() => expect(dialog.shown).toHaveLength(2));
    expect(dialog.shown[1]).toMatchObject({ type: 'error', message: 'Background sending could not be turned on' });
    expect(String(dialog.shown[1]?.detail)).not.toBe('');
    await settle();
    expect(drain).not.toHaveBeenCalled();
    expect(quits()).toBe(0);
  }, 30_000);

  it('does not ask when nothing is due within 24 hours', async () => {
    await scheduleIn(25);
    const dialog = fakeDialog();
    const { trayQuit, quits } = quitSetup(dialog);
    trayQuit();
    await vi.waitFor(() => expect(quits()).toBe(1));
    expect(dialog.showMessageBox).not.toHaveBeenCalled();
  }, 30_000);
});
