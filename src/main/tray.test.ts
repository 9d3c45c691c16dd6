// The tray's menu and tooltip: counts, pause and resume, open, quit, in the settings' language;
// the native menu is rebuilt only when what it shows changes.
import { EventEmitter } from 'node:events';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createTray, trayMenuTemplate, trayTooltip, type TrayActions } from './tray';

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

describe('the tray in French', () => {
  it('labels the tray menu and tooltip in the language of the settings', () => {
    const a: TrayActions = { open: vi.fn(), openFailed: vi.fn(), setPaused: vi.fn(), quit: vi.fn() };
    const menu = trayMenuTemplate({ due: 4, sending: 2, failed: 1, paused: true, language: 'fr' }, a);
    expect(menu.map((item) => item.label).filter(Boolean)).toEqual(['À envoyer : 4', 'En cours : 2', 'Échecs : 1', 'Reprendre les envois', 'Ouvrir Facteur', 'Quitter Facteur']);
    expect(trayTooltip({ due: 4, sending: 2, failed: 1, paused: false, language: 'fr' })).toBe('Facteur — 4 à envoyer, 2 en cours, 1 en échec');
  });
});
