// The tray: what is due, sending and failed at a glance, pause/resume, open, quit. It stays when
// the window is closed, so the app keeps sending in the background.
import type { Menu as MenuType, MenuItemConstructorOptions, NativeImage, Tray as TrayType } from 'electron';

export interface TrayState {
  due: number;
  sending: number;
  failed: number;
  paused: boolean;
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
  const parts = [`${state.due} due`, `${state.sending} sending`, `${state.failed} failed`];
  return `Facteur — ${parts.join(', ')}${state.paused ? ' (paused)' : ''}`;
}

export function trayMenuTemplate(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { label: `Due: ${state.due}`, enabled: false },
    { label: `Sending: ${state.sending}`, enabled: false },
    { label: `Failed: ${state.failed}`, enabled: state.failed > 0, click: () => actions.openFailed() },
    { type: 'separator' },
    state.paused
      ? { label: 'Resume sending', click: () => actions.setPaused(false) }
      : { label: 'Pause sending', click: () => actions.setPaused(true) },
    { label: 'Open Facteur', click: () => actions.open() },
    { type: 'separator' },
    { label: 'Quit Facteur', click: () => actions.quit() },
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
