// What the window asks of the app itself: the native file dialog (whose choices become the only
// attachable paths in Electron), the app's facts, and opening allowlisted pages in the browser.
import fs from 'node:fs';
import path from 'node:path';
import { FacteurError } from '../errors';
import { systemTimeZone } from '../queue/enqueue-preparation';
import type { HandlerContext } from './handler-context';
import type { ImplsFor } from './handler-map';

export function appHandlers({ platform, picked, openExternal }: HandlerContext): ImplsFor<'dialog' | 'app'> {
  return {
    'dialog:openFiles': async ({ title }) => {
      if (!platform.openFiles) throw new FacteurError('unavailable', 'no file dialog here: use the page’s file picker');
      const chosen = await platform.openFiles(title === undefined ? {} : { title });
      return chosen.map((file) => {
        const resolved = path.resolve(file);
        let size: number;
        try {
          size = fs.statSync(resolved).size;
        } catch (error) {
          throw new FacteurError('not-found', `cannot read ${resolved}: ${(error as Error).message}`, 'path');
        }
        picked.add(resolved);
        return { path: resolved, name: path.basename(resolved), size };
      });
    },

    'app:info': () => ({ version: platform.version, timeZone: systemTimeZone(), platform: process.platform, transport: platform.kind, fileDialog: platform.openFiles !== undefined }),
    'app:openExternal': async ({ url }) => {
      await openExternal(url);
      return null;
    },
  };
}
