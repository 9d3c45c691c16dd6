// The Electron entry point: wires the real `electron` module into the shell modules and the
// engine. Everything with logic lives in those modules (tested with fakes) or in core; this file
// only decides the order things happen in.
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, net, Notification, powerMonitor, powerSaveBlocker, protocol, session, shell, Tray } from 'electron';
import type { NavigateTarget } from '../shared/ipc-contract';
import { BackgroundJob } from './core/background/background-job';
import { headlessCliArgs } from './core/background/job-spec';
import { countLeavingWithin } from './core/late/upcoming';
import { main as cliMain } from './core/cli/main';
import { loadEnv, readConfig } from './core/config';
import { createEngine } from './core/engine';
import { createHandlers } from './core/ipc/handlers';
import { forwardEnginePushes, forwardOtherWriters, type PushSink } from './core/ipc/pushes';
import { Scheduler } from './core/scheduler/scheduler';
import { contentSecurityPolicy } from './core/security/csp';
import { registerAppScheme, serveAppScheme } from './app-protocol';
import { APP_ORIGIN, isAppUrl, registerIpcHandlers } from './ipc-main';
import { claimSingleInstance, drainBeforeQuit } from './lifecycle';
import { applyStartAtLogin, launchedHidden } from './login-item';
import { watchForNotifications } from './notifications';
import { watchPowerAndNetwork } from './power';
import { hardenWebContents, installSessionPolicy } from './security';
import { confirmQuit } from './quit-prompt';
import { createTray, followQueue, type TrayState } from './tray';
import { createMainWindow, revealWindow } from './window';

const ROOT = path.resolve(__dirname, '..', '..');
const RENDERER_DIR = path.join(ROOT, 'dist', 'renderer');
const ICON = path.join(ROOT, 'build', 'icons', 'icon.png');
/** Development only: load the vite dev server instead of the bundled renderer. */
const DEV_SERVER_URL = !app.isPackaged ? (process.env.FACTEUR_DEV_SERVER_URL ?? null) : null;

const headless = headlessCliArgs(process.argv);
if (headless) {
  // A background job (or a user) running the command line with the app's own binary: no window,
  // no tray, no single-instance lock — the queue's batch lock keeps it and the app apart.
  app.dock?.hide();
  cliMain(['facteur', 'facteur', ...headless]).then(
    (code) => app.exit(code),
    () => app.exit(1),
  );
} else {
  registerAppScheme(protocol);
  if (claimSingleInstance(app, () => window && revealWindow(window))) void start();
}

let window: BrowserWindow | null = null;

async function start(): Promise<void> {
  await app.whenReady();
  const env = loadEnv(process.env);
  const config = readConfig({ ...env, FACTEUR_DATA_DIR: env.FACTEUR_DATA_DIR ?? app.getPath('userData') });
  const engine = createEngine({ config, consoleLogs: !app.isPackaged });
  const csp = contentSecurityPolicy(DEV_SERVER_URL ? { connect: [DEV_SERVER_URL.replace(/^http/u, 'ws')] } : {});
  serveAppScheme(protocol, net, RENDERER_DIR, csp);
  installSessionPolicy(session.defaultSession, csp);

  const scheduler = new Scheduler(engine);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, { isAppUrl: (url) => isAppUrl(url, DEV_SERVER_URL) }));

  const push: PushSink = (channel, payload) => {
    if (window && !window.isDestroyed()) window.webContents.send(channel, payload);
  };
  const navigate = (target: NavigateTarget): void => {
    if (!window) return;
    revealWindow(window);
    push('navigate', target);
  };

  const handlers = createHandlers(engine, {
    kind: 'electron',
    version: app.getVersion(),
    // A development build refuses an answer its schema does not declare; an installed one skips the walk.
    checkOutputs: !app.isPackaged,
    attachmentsMustBePicked: true,
    openFiles: async ({ title }) => {
      const options = { properties: ['openFile', 'multiSelections'] as Array<'openFile' | 'multiSelections'>, ...(title ? { title } : {}) };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
    openExternal: (url) => shell.openExternal(url),
    setStartAtLogin: (enabled) => applyStartAtLogin(app, enabled),
    requestProcessing: () => void scheduler.catchUp(),
    settingsChanged: (settings) => {
      scheduler.reconfigure(settings);
      refreshTray();
    },
  });
  registerIpcHandlers(ipcMain, handlers, {
    devServerUrl: DEV_SERVER_URL,
    onRefused: (channel, url) => engine.log.warn({ channel, url }, 'IPC request from a foreign frame refused'),
  });
  forwardEnginePushes(engine, push);
  const stopWatching = forwardOtherWriters(engine, push);

  const background = new BackgroundJob({ dataDir: engine.config.dataDir });
  const quit = drainBeforeQuit(app, async () => {
    stopWatching();
    await scheduler.stop();
    engine.close();
  }, (error) => engine.log.error({ err: error }, 'error while finishing the last batch'), () =>
    // Tray "Quit", the app menu and Cmd+Q all come through before-quit: warn about mail that would wait.
    confirmQuit({
      dialog,
      window: () => window,
      upcoming: () => countLeavingWithin(engine.db, engine.clock.now()),
      backgroundInstalled: () => background.status().installed,
      installBackground: () => void background.install(),
      language: () => engine.settings.get().language,
    }),
  );

  window = createMainWindow(BrowserWindow, {
    preload: path.join(__dirname, 'preload.js'),
    icon: ICON,
    startHidden: launchedHidden(process.argv, app),
    isQuitting: quit.isQuitting,
    devTools: !app.isPackaged,
  });
  void window.loadURL(DEV_SERVER_URL ?? `${APP_ORIGIN}/index.html`);

  const trayState = (): TrayState => {
    const counts = engine.queue.counts();
    const settings = engine.settings.get();
    return { due: engine.queue.dueCount(), sending: counts.sending, failed: counts.failed, paused: settings.paused, language: settings.language };
  };
  const tray = createTray({ Tray, Menu, nativeImage }, ICON, {
    open: () => window && revealWindow(window),
    openFailed: () => navigate({ view: 'failed' }),
    setPaused: (paused) => {
      scheduler.reconfigure(engine.settings.update({ paused }));
      refreshTray();
    },
    quit: () => app.quit(),
  }, trayState());
  const trayFollower = followQueue(engine.events, tray, trayState);
  function refreshTray(): void {
    trayFollower.refresh();
  }

  watchForNotifications({ Notification }, engine.events, navigate, () => engine.settings.get().language);
  watchPowerAndNetwork({ powerMonitor, powerSaveBlocker, net, setInterval, clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout) }, engine.events, () => void scheduler.catchUp());
  // Keep the login item in step with the setting (the user may have removed it in the OS).
  applyStartAtLogin(app, engine.settings.get().startAtLogin);
  scheduler.start();
  // Closing the window hides it; the app lives in the tray until "Quit".
  app.on('window-all-closed', () => undefined);
  app.on('activate', () => window && revealWindow(window));
}
