// Registers the contract's handler map on Electron's ipcMain. Before anything else, every request
// must come from the app's own top-level page (app://facteur/ or the dev server in development):
// a frame from anywhere else — an injected iframe, a page navigated to by mistake — is refused
// without its input ever being looked at.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { REQUEST_CHANNELS } from '../shared/ipc-contract';
import { dispatch, type HandlerMap } from './core/ipc/handler-map';

export const APP_ORIGIN = 'app://facteur';

/** Whether `url` is one of the app's own pages: the bundled renderer, or the dev server when set. */
export function isAppUrl(url: string, devServerUrl: string | null = null): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'app:' && parsed.host === 'facteur') return true;
  if (devServerUrl) return parsed.origin === new URL(devServerUrl).origin;
  return false;
}

type SenderFrame = Pick<NonNullable<IpcMainInvokeEvent['senderFrame']>, 'url' | 'parent'> | null;

export function isTrustedSender(frame: SenderFrame, devServerUrl: string | null = null): boolean {
  return frame !== null && frame.parent === null && isAppUrl(frame.url, devServerUrl);
}

export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: HandlerMap,
  options: { devServerUrl?: string | null; onRefused?: (channel: string, url: string | null) => void } = {},
): () => void {
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, (event: { senderFrame: SenderFrame }, input: unknown) => {
      if (!isTrustedSender(event.senderFrame, options.devServerUrl ?? null)) {
        options.onRefused?.(channel, event.senderFrame?.url ?? null);
        // Rejecting (not an envelope): a foreign frame is not our UI and gets nothing to read.
        return Promise.reject(new Error('refused: the request did not come from Facteur’s own window'));
      }
      return dispatch(handlers, channel, input);
    });
  }
  return () => {
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel);
  };
}
