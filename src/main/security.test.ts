// Web contents hardening: no new windows, no navigation away, nothing opened in the browser on a
// page's say-so; app:// serves only files inside the renderer folder.
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { resolveAppFile } from './app-protocol';
import { hardenWebContents } from './security';

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
