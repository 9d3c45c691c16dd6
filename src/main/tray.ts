// The tray: what is due, sending and failed at a glance, pause/resume, open, quit. It stays when
// the window is closed, so the app keeps sending in the background. It follows the queue a few
// times a second at most, on a timer of its own, so a batch never waits for the tray.
import type { Menu as MenuType, MenuItemConstructorOptions, NativeImage, Tray as TrayType } from 'electron';
import { shellStrings, type Language } from '../shared/shell-strings';
import { coalesce, type CoalesceTimers } from './core/coalesce';
import type { Engine } from './core/engine';

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

/** The tray reads the counts at most this often while the queue changes (ms). */
export const TRAY_INTERVAL_MS = 500;

/**
 * Keeps the tray in step with the queue: every change asks for a refresh, refreshes are coalesced
 * (counts read and menu rebuilt at most once per interval, off the batch's turn), and the last
 * change is always shown. Returns `refresh` (for settings changes) and `stop`.
 */
export function followQueue(
  events: Engine['events'],
  tray: AppTray,
  readState: () => TrayState,
  options: { intervalMs?: number; timers?: CoalesceTimers } = {},
): { refresh(): void; stop(): void } {
  const refresh = coalesce(() => tray.update(readState()), options.intervalMs ?? TRAY_INTERVAL_MS, options.timers);
  const onChange = (): void => refresh.trigger();
  events.on('queue-changed', onChange);
  return {
    refresh: onChange,
    stop() {
      refresh.cancel();
      events.off('queue-changed', onChange);
    },
  };
}
