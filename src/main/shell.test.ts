// The shell modules with fake Electron objects: tray contents and counts, login-item settings,
// close hides instead of quitting, quit waits for the batch, notifications navigate on click,
// the IPC sender check refuses foreign frames, navigation and new windows are blocked, pushes
// and power events reach the scheduler.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { REQUEST_CHANNELS } from '../shared/ipc-contract';
import type { EngineEventMap } from './core/engine';
import type { HandlerMap } from './core/ipc/handler-map';
import { resolveAppFile } from './app-protocol';
import { isTrustedSender, registerIpcHandlers } from './ipc-main';
import { drainBeforeQuit } from './lifecycle';
import { applyStartAtLogin, launchedHidden } from './login-item';
import { watchForNotifications } from './notifications';
import { watchPowerAndNetwork } from './power';
import { hardenWebContents } from './security';
import { createTray, trayMenuTemplate, trayTooltip, type TrayActions } from './tray';
import { createMainWindow, type WindowFactory } from './window';

const actions = (): TrayActions & { calls: string[] } => {
  const calls: string[] = [];
  return { calls, open: () => calls.push('open'), openFailed: () => calls.push('failed'), setPaused: (p) => calls.push(`paused:${p}`), quit: () => calls.push('quit') };
};
const click = (item: MenuItemConstructorOptions | undefined): void => (item?.click as (() => void) | undefined)?.();

describe('tray', () => {
  it('shows due, sending and failed counts and offers pause, open and quit', () => {
    const a = actions();
    const menu = trayMenuTemplate({ due: 4, sending: 2, failed: 1, paused: false }, a);
    expect(menu.map((item) => item.label ?? item.type)).toEqual(['Due: 4', 'Sending: 2', 'Failed: 1', 'separator', 'Pause sending', 'Open Facteur', 'separator', 'Quit Facteur']);
    for (const item of menu) click(item);
    expect(a.calls).toEqual(['failed', 'paused:true', 'open', 'quit']);
    const paused = trayMenuTemplate({ due: 0, sending: 0, failed: 0, paused: true }, a);
    expect(paused[4]?.label).toBe('Resume sending');
    expect(paused[2]?.enabled).toBe(false);
  });

  it('updates the native tray menu and tooltip, only when the counts change', () => {
    const built: MenuItemConstructorOptions[][] = [];
    const tooltips: string[] = [];
    class FakeTray extends EventEmitter {
      setToolTip(text: string): void {
        tooltips.push(text);
      }
      setContextMenu(): void {}
      destroy(): void {}
    }
    const deps = {
      Tray: FakeTray as never,
      Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => (built.push(template), {}) as never },
      nativeImage: { createFromPath: () => ({}) as never },
    };
    const tray = createTray(deps, 'icon.png', actions(), { due: 1, sending: 0, failed: 0, paused: false });
    tray.update({ due: 1, sending: 0, failed: 0, paused: false });
    tray.update({ due: 0, sending: 1, failed: 2, paused: false });
    expect(built).toHaveLength(2);
    expect(tooltips.at(-1)).toBe('Facteur — 0 due, 1 sending, 2 failed');
  });
});

describe('login item', () => {
  it('starts at login hidden in the tray', () => {
    const setLoginItemSettings = vi.fn();
    applyStartAtLogin({ setLoginItemSettings }, true);
    expect(setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, openAsHidden: true, args: ['--hidden'] });
    applyStartAtLogin({ setLoginItemSettings }, false);
    expect(setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: false, openAsHidden: true, args: ['--hidden'] });
  });

  it('tells a login launch from a user launch', () => {
    const app = { getLoginItemSettings: () => ({ wasOpenedAsHidden: true }) as never };
    expect(launchedHidden(['facteur', '--hidden'], app, 'linux')).toBe(true);
    expect(launchedHidden(['facteur'], app, 'linux')).toBe(false);
    expect(launchedHidden(['facteur'], app, 'darwin')).toBe(true);
  });
});

describe('window', () => {
  function fakeWindowFactory(): { Factory: WindowFactory; created: Array<{ options: BrowserWindowConstructorOptions; win: EventEmitter & { hidden: number; shown: number } }> } {
    const created: Array<{ options: BrowserWindowConstructorOptions; win: EventEmitter & { hidden: number; shown: number } }> = [];
    class FakeWindow extends EventEmitter {
      hidden = 0;
      shown = 0;
      constructor(options: BrowserWindowConstructorOptions) {
        super();
        created.push({ options, win: this });
      }
      hide(): void {
        this.hidden += 1;
      }
      show(): void {
        this.shown += 1;
      }
    }
    return { Factory: FakeWindow as unknown as WindowFactory, created };
  }

  it('is sandboxed, context-isolated, without Node, with our preload', () => {
    const { Factory, created } = fakeWindowFactory();
    createMainWindow(Factory, { preload: '/app/preload.js', startHidden: false, isQuitting: () => false });
    expect(created[0]?.options.webPreferences).toMatchObject({ preload: '/app/preload.js', contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
  });

  it('hides on close instead of quitting, and closes for real when quitting', () => {
    const { Factory, created } = fakeWindowFactory();
    let quitting = false;
    createMainWindow(Factory, { preload: 'p', startHidden: false, isQuitting: () => quitting });
    const win = created[0]!.win;
    const event = { preventDefault: vi.fn() };
    win.emit('close', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(win.hidden).toBe(1);
    quitting = true;
    const last = { preventDefault: vi.fn() };
    win.emit('close', last);
    expect(last.preventDefault).not.toHaveBeenCalled();
  });

  it('has DevTools only when not packaged', () => {
    const { Factory, created } = fakeWindowFactory();
    createMainWindow(Factory, { preload: 'p', startHidden: false, isQuitting: () => false, devTools: false });
    createMainWindow(Factory, { preload: 'p', startHidden: false, isQuitting: () => false, devTools: true });
    expect(created[0]?.options.webPreferences?.devTools).toBe(false);
    expect(created[1]?.options.webPreferences?.devTools).toBe(true);
  });

  it('stays hidden when started at login', () => {
    const { Factory, created } = fakeWindowFactory();
    createMainWindow(Factory, { preload: 'p', startHidden: true, isQuitting: () => false });
    created[0]!.win.emit('ready-to-show');
    expect(created[0]!.win.shown).toBe(0);
  });
});

describe('quit', () => {
  it('waits for the running batch to finish before quitting', async () => {
    const app = new EventEmitter() as EventEmitter & { quit: () => void };
    let quits = 0;
    app.quit = () => {
      quits += 1;
      app.emit('before-quit', { preventDefault: () => undefined });
    };
    let finishBatch: () => void = () => undefined;
    const drain = vi.fn(() => new Promise<void>((resolve) => (finishBatch = resolve)));
    const guard = drainBeforeQuit(app as never, drain);
    const first = { preventDefault: vi.fn() };
    app.emit('before-quit', first);
    app.emit('before-quit', { preventDefault: vi.fn() });
    expect(first.preventDefault).toHaveBeenCalled();
    expect(guard.isQuitting()).toBe(true);
    expect(drain).toHaveBeenCalledTimes(1);
    expect(quits).toBe(0);
    finishBatch();
    await vi.waitFor(() => expect(quits).toBe(1));
  });
});

describe('notifications', () => {
  it('notifies a failure and a needed sign-in; a click opens that view', () => {
    const events = new EventEmitter<EngineEventMap>();
    const shown: Array<{ title: string; click: () => void }> = [];
    class FakeNotification extends EventEmitter {
      static isSupported = (): boolean => true;
      constructor(private readonly options: { title: string }) {
        super();
      }
      show(): void {
        shown.push({ title: this.options.title, click: () => this.emit('click') });
      }
    }
    const open = vi.fn();
    watchForNotifications({ Notification: FakeNotification as never }, events, open);
    events.emit('email-failed', 7, '550 no such user');
    events.emit('account-needs-reauth', 3, 'The token was revoked.');
    expect(shown.map((n) => n.title)).toEqual(['An email could not be sent', 'An account needs you to sign in again']);
    shown[0]!.click();
    shown[1]!.click();
    expect(open.mock.calls).toEqual([[{ view: 'email', emailId: 7 }], [{ view: 'account', accountId: 3 }]]);
  });

  it('summarises a storm of failures in one batch', () => {
    const events = new EventEmitter<EngineEventMap>();
    const titles: string[] = [];
    class FakeNotification extends EventEmitter {
      static isSupported = (): boolean => true;
      constructor(private readonly options: { title: string }) {
        super();
      }
      show(): void {
        titles.push(this.options.title);
      }
    }
    watchForNotifications({ Notification: FakeNotification as never }, events, vi.fn());
    events.emit('run-started');
    for (let id = 1; id <= 10; id += 1) events.emit('email-failed', id, 'bounced');
    events.emit('run-finished', { sent: 0, failed: 10, retrying: 0, held: 0, deferred: 0, uncertain: 0, stoppedBy: 'done' });
    expect(titles).toHaveLength(4);
    expect(titles.at(-1)).toBe('7 more emails could not be sent');
  });
});

describe('the shell in French', () => {
  it('labels the tray menu and tooltip in the language of the settings', () => {
    const a: TrayActions = { open: vi.fn(), openFailed: vi.fn(), setPaused: vi.fn(), quit: vi.fn() };
    const menu = trayMenuTemplate({ due: 4, sending: 2, failed: 1, paused: true, language: 'fr' }, a);
    expect(menu.map((item) => item.label).filter(Boolean)).toEqual(['À envoyer : 4', 'En cours : 2', 'Échecs : 1', 'Reprendre les envois', 'Ouvrir Facteur', 'Quitter Facteur']);
    expect(trayTooltip({ due: 4, sending: 2, failed: 1, paused: false, language: 'fr' })).toBe('Facteur — 4 à envoyer, 2 en cours, 1 en échec');
  });

  it('notifies in the language set when the notification is shown', () => {
    const events = new EventEmitter<EngineEventMap>();
    const titles: string[] = [];
    class FakeNotification extends EventEmitter {
      static isSupported = (): boolean => true;
      constructor(private readonly options: { title: string }) {
        super();
      }
      show(): void {
        titles.push(this.options.title);
      }
    }
    let language: 'en' | 'fr' = 'en';
    watchForNotifications({ Notification: FakeNotification as never }, events, vi.fn(), () => language);
    events.emit('email-failed', 1, 'bounced');
    language = 'fr';
    events.emit('email-failed', 2, 'bounced');
    events.emit('account-needs-reauth', 3, 'Jeton révoqué.');
    expect(titles).toEqual(['An email could not be sent', 'Un message n’a pas pu être envoyé', 'Un compte demande une nouvelle connexion']);
  });
});

describe('IPC sender check', () => {
  const handlers = Object.fromEntries(REQUEST_CHANNELS.map((channel) => [channel, vi.fn(async () => ({ ok: true, value: null }))])) as unknown as HandlerMap;
  const registered = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
  registerIpcHandlers({ handle: (channel: string, fn: never) => void registered.set(channel, fn), removeHandler: vi.fn() } as never, handlers);

  it('registers every contract channel', () => {
    expect([...registered.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
  });

  it('answers the app’s own top frame', async () => {
    const reply = await registered.get('queue:counts')!({ senderFrame: { url: 'app://facteur/index.html', parent: null } }, {});
    expect(reply).toEqual({ ok: true, value: null });
  });

  it('refuses a foreign frame, a subframe, or no frame, before the handler runs', async () => {
    const foreign = [
      { url: 'https://evil.example.com/', parent: null },
      { url: 'file:///home/me/index.html', parent: null },
      { url: 'app://facteur/index.html', parent: {} },
      { url: 'app://other/index.html', parent: null },
      null,
    ];
    for (const senderFrame of foreign) {
      await expect(registered.get('queue:cancel')!({ senderFrame }, { id: 1 })).rejects.toThrow(/refused/u);
    }
    expect(handlers['queue:cancel']).not.toHaveBeenCalled();
  });

  it('trusts the dev server only when one is configured', () => {
    const frame = { url: 'http://localhost:5173/', parent: null };
    expect(isTrustedSender(frame)).toBe(false);
    expect(isTrustedSender(frame, 'http://localhost:5173')).toBe(true);
  });
});

describe('web contents hardening', () => {
  it('denies new windows and cancels navigation away without opening anything: only a user action through IPC opens the browser', () => {
    const contents = new EventEmitter() as EventEmitter & { setWindowOpenHandler: (h: (d: { url: string }) => unknown) => void; handler?: (d: { url: string }) => unknown };
    contents.setWindowOpenHandler = (handler) => (contents.handler = handler);
    const opened: string[] = [];
    const options = { isAppUrl: (url: string) => url.startsWith('app://facteur/'), openExternal: (url: string) => void opened.push(url) };
    hardenWebContents(contents as never, options);
    expect(contents.handler?.({ url: 'https://support.google.com/' })).toEqual({ action: 'deny' });
    // A message's <meta http-equiv=refresh> towards an allowlisted sign-in host: cancelled, and
    // the browser is not opened on the page's say-so.
    const metaRefresh = { preventDefault: vi.fn() };
    contents.emit('will-navigate', metaRefresh, 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=attacker');
    expect(metaRefresh.preventDefault).toHaveBeenCalled();
    const away = { preventDefault: vi.fn() };
    contents.emit('will-navigate', away, 'https://evil.example.com/');
    expect(away.preventDefault).toHaveBeenCalled();
    const redirect = { preventDefault: vi.fn() };
    contents.emit('will-redirect', redirect, 'https://accounts.google.com/');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const reload = { preventDefault: vi.fn() };
    contents.emit('will-navigate', reload, 'app://facteur/index.html');
    expect(reload.preventDefault).not.toHaveBeenCalled();
    expect(opened).toEqual([]);
  });

  it('serves app:// only from inside the renderer folder', () => {
    expect(resolveAppFile('/r', 'app://facteur/')).toBe(path.resolve('/r/index.html'));
    expect(resolveAppFile('/r', 'app://facteur/assets/a.js')).toBe(path.resolve('/r/assets/a.js'));
    expect(resolveAppFile('/r', 'app://facteur/..%2F..%2Fetc%2Fpasswd')).toBeNull();
  });
});

describe('power and network', () => {
  it('catches up on resume and when the network comes back; blocks suspension while a batch runs', () => {
    const monitor = new EventEmitter();
    const events = new EventEmitter<EngineEventMap>();
    let online = false;
    let poll: () => void = () => undefined;
    const blocker = { start: vi.fn(() => 42), stop: vi.fn(), isStarted: vi.fn(() => true) };
    const catchUp = vi.fn();
    watchPowerAndNetwork(
      { powerMonitor: monitor as never, powerSaveBlocker: blocker, net: { isOnline: () => online }, setInterval: (run) => ((poll = run), {}), clearInterval: () => undefined },
      events,
      catchUp,
    );
    monitor.emit('resume');
    expect(catchUp).toHaveBeenCalledTimes(1);
    poll();
    expect(catchUp).toHaveBeenCalledTimes(1);
    online = true;
    poll();
    poll();
    expect(catchUp).toHaveBeenCalledTimes(2);
    events.emit('run-started');
    expect(blocker.start).toHaveBeenCalledWith('prevent-app-suspension');
    events.emit('run-finished', { sent: 1, failed: 0, retrying: 0, held: 0, deferred: 0, uncertain: 0, stoppedBy: 'done' });
    expect(blocker.stop).toHaveBeenCalledWith(42);
  });
});

describe('preload', () => {
  it('compiles to CommonJS requiring nothing but electron, so it runs in a sandboxed renderer', () => {
    // test/helpers/global-setup.ts compiles src/main with tsconfig.build.json before the tests.
    const compiled = fs.readFileSync(path.join(__dirname, '..', '..', 'dist', 'main', 'preload.js'), 'utf8');
    expect([...compiled.matchAll(/require\("([^"]+)"\)/gu)].map((match) => match[1])).toEqual(['electron']);
    expect(compiled).not.toMatch(/^\s*(import|export) /mu);
    expect(compiled).toMatch(/exposeInMainWorld\('facteur'/u);
  });
});
