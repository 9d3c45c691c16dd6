// The main window: sandboxed, context-isolated, no Node, our preload; closing hides it (the tray
// keeps sending) unless the app is quitting; DevTools only in development.
import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createMainWindow, type WindowFactory } from './window';

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
