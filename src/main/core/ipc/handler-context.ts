// What the request handlers of every domain share: the engine, the shell's platform, and the
// checks that span domains — attachment paths (only files the user picked, in Electron) and the
// external-link allowlist (help pages, and the OAuth sign-in pages of the configured endpoints).
import path from 'node:path';
import type { Message } from '../../../shared/message-schema';
import type { Settings } from '../../../shared/settings';
import type { BackgroundJob } from '../background/background-job';
import type { Engine } from '../engine';
import { invalidInput } from '../errors';
import { isAllowedExternalUrl } from '../security/external-links';

export interface Platform {
  kind: 'electron' | 'loopback';
  version: string;
  /** The native "open files" dialog; [] when the user cancels. None: the page uses a file input. */
  openFiles?(options: { title?: string }): Promise<string[]>;
  /** Opens an already-vetted URL in the system browser. */
  openExternal(url: string): Promise<void>;
  setStartAtLogin(enabled: boolean): void;
  /**
   * Electron: attachments must be files the user picked in the dialog this session, so a
   * compromised page cannot mail ~/.ssh away. The loopback dev server has no dialog and allows
   * any absolute path (it is token-protected and development-only).
   */
  attachmentsMustBePicked: boolean;
  /** Asks the scheduler to send what is due now (never overlapping a running batch). */
  requestProcessing(): void;
  /** Settings were saved: the scheduler re-reads its cron, the tray its pause state. */
  settingsChanged?(settings: Settings): void;
  /** The OS job that sends while the app is quit (tests pass one on fake system tools). */
  backgroundJob?: BackgroundJob;
  /**
   * Check every answer against its output schema (ipc/output-check.ts). Default: FACTEUR_CHECK_OUTPUTS=1,
   * which the tests set; the desktop app turns it on in development.
   */
  checkOutputs?: boolean;
}

export interface HandlerContext {
  engine: Engine;
  platform: Platform;
  /** Files chosen in the native dialog this session (Electron: the only paths that may be attached). */
  picked: Set<string>;
  /** Refuses a path that is relative or, in Electron, was not picked; `field` names it in the error. */
  checkPath(file: string, field: string): void;
  checkAttachments(message: Message): void;
  /** Opens `url` in the system browser if it is on the allowlist; refuses it otherwise. */
  openExternal(url: string): Promise<void>;
}

export function createHandlerContext(engine: Engine, platform: Platform): HandlerContext {
  const picked = new Set<string>();
  const signInOrigins = [engine.config.endpoints.googleAuth, engine.config.endpoints.msAuthority].map((url) => new URL(url).origin);
  const checkPath = (file: string, field: string): void => {
    if (!path.isAbsolute(file)) throw invalidInput(field, 'must be an absolute path');
    if (platform.attachmentsMustBePicked && !picked.has(path.resolve(file))) {
      throw invalidInput(field, 'choose the file with “Attach files” first');
    }
  };
  return {
    engine,
    platform,
    picked,
    checkPath,
    checkAttachments: (message) => {
      message.attachments.forEach((attachment, index) => {
        if (attachment.path !== undefined) checkPath(attachment.path, `message.attachments[${index}].path`);
      });
    },
    openExternal: async (url) => {
      if (!isAllowedExternalUrl(url, signInOrigins)) throw invalidInput('url', 'Facteur opens only provider sign-in and help pages');
      await platform.openExternal(url);
    },
  };
}
