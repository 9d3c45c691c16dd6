// The main window: sandboxed, context-isolated, no Node in the page, our preload only. Closing
// it hides it — the tray process keeps sending — unless the app is really quitting.
import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions } from 'electron';

export type WindowFactory = new (options: BrowserWindowConstructorOptions) => BrowserWindowType;

export interface MainWindowOptions {
  preload: string;
  icon?: string;
  /** Started at login: stay in the tray until the user opens the window. */
  startHidden: boolean;
  isQuitting: () => boolean;
  /** DevTools: only in development (`!app.isPackaged`); an installed app never opens them. */
  devTools?: boolean;
}

export function windowOptions(options: MainWindowOptions): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Facteur',
    ...(options.icon ? { icon: options.icon } : {}),
  };
}

export function createMainWindow(BrowserWindow: WindowFactory, options: MainWindowOptions): BrowserWindowType {
  // webPreferences are written out here, at the constructor, so static checkers
  // (electronegativity) see exactly what the window gets.
  const window = new BrowserWindow({
    ...windowOptions(options),
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: options.devTools ?? false,
      spellcheck: true,
      // A middle-click must not open a link in a new window behind setWindowOpenHandler's back.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => {
    if (!options.startHidden) window.show();
  });
  window.on('close', (event) => {
    if (options.isQuitting()) return;
    event.preventDefault();
    window.hide();
  });
  return window;
}

/** Brings the window back from the tray (or from behind other windows). */
export function revealWindow(window: Pick<BrowserWindowType, 'isMinimized' | 'restore' | 'show' | 'focus'>): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
