// The tray: what is due, sending and failed at a glance, pause/resume, open, quit. It stays when
// the window is closed, so the app keeps sending in the background.
import type { Menu as MenuType, MenuItemConstructorOptions, NativeImage, Tray as TrayType } from 'electron';
import { shellStrings, type Language } from '../shared/shell-strings';

export interface TrayState {
  due: number;
  sending: number;
  failed: number;
  paused: boolean;
  /** The window's language setting (default English). */
  language?: Language;
}

export interface TrayActions {
  open(): void;
  openFailed(): void;
  setPaused(paused: boolean): void;
  quit(): void;
}

export interface TrayDeps {
  Tray: new (image: NativeImage) => TrayType;
  Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): MenuType };
  nativeImage: { createFromPath(path: string): NativeImage };
}

export function trayTooltip(state: TrayState): string {
  return shellStrings(state.language).tooltip(state.due, state.sending, state.failed, state.paused);
}

export function trayMenuTemplate(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  const words = shellStrings(state.language);
  return [
    { label: words.due(state.due), enabled: false },
    { label: words.sending(state.sending), enabled: false },
    { label: words.failed(state.failed), enabled: state.failed > 0, click: () => actions.openFailed() },
    { type: 'separator' },
    state.paused ? { label: words.resume, click: () => actions.setPaused(false) } : { label: words.pause, click: () => actions.setPaused(true) },
    { label: words.open, click: () => actions.open() },
    { type: 'separator' },
    { label: words.quit, click: () => actions.quit() },
  ];
}

export interface AppTray {
  update(state: TrayState): void;
  destroy(): void;
}

export function createTray(deps: TrayDeps, iconPath: string, actions: TrayActions, initial: TrayState): AppTray {
  const tray = new deps.Tray(deps.nativeImage.createFromPath(iconPath));
  tray.on('click', () => actions.open());
  let last = '';
  const update = (state: TrayState): void => {
    // Rebuilding a native menu on every queue change of a 500-mail batch is wasteful.
    const key = JSON.stringify(state);
    if (key === last) return;
    last = key;
    tray.setToolTip(trayTooltip(state));
    tray.setContextMenu(deps.Menu.buildFromTemplate(trayMenuTemplate(state, actions)));
  };
  update(initial);
  return { update, destroy: () => tray.destroy() };
}
