// Every request of the IPC contract, implemented over the engine. The same map serves Electron's
// ipcMain and the loopback WebSocket; what only the shell can do (file dialog, login item,
// system browser) comes in through `platform`. Input arrives parsed (handler-map.ts); here are
// the checks the schemas cannot make: attachment paths, the link allowlist, cron syntax.
import fs from 'node:fs';
import path from 'node:path';
import { validate as validateCron } from 'node-cron';
import { detectMimeType } from 'nodemailer/lib/mime-funcs';
import type { AccountSummary } from '../../../shared/domain';
import type { Settings } from '../../../shared/settings';
import type { Message } from '../../../shared/message-schema';
import { smtpSettingsSchema } from '../../../shared/smtp-settings';
import { findSmtpSettings } from '../providers/smtp/autoconfig/find-smtp-settings';
import { BackgroundJob } from '../background/background-job';
import { moveUnsentMail, unsentMail } from '../accounts/account-move';
import { DraftStore } from '../drafts/draft-store';
import { undoDeadline, undoSend } from '../queue/undo-send';
import type { Engine } from '../engine';
import { FacteurError, invalidInput, notFound } from '../errors';
import type { LinkedCredentials } from '../providers/email-provider';
import { systemTimeZone } from '../queue/enqueue-preparation';
import { resendRefused } from '../queue/resend-refused';
import { waitReason } from '../queue/wait-reason';
import { isAllowedExternalUrl } from '../security/external-links';
import { defineHandlers, type HandlerMap } from './handler-map';
import { mergeFromApp } from './merge-handlers';
import { outputChecksWanted } from './output-check';

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

export function createHandlers(engine: Engine, platform: Platform): HandlerMap {
  const drafts = new DraftStore(engine.db, engine.clock);
  const background = (): BackgroundJob => platform.backgroundJob ?? new BackgroundJob({ dataDir: engine.config.dataDir });
  const picked = new Set<string>();
  let linking: AbortController | null = null;
  const signInOrigins = [engine.config.endpoints.googleAuth, engine.config.endpoints.msAuthority].map((url) => new URL(url).origin);

  const summary = (id: number): AccountSummary => {
    const found = engine.accounts.list().find((account) => account.id === id);
    if (!found) throw notFound(`account ${id}`);
    return found;
  };

  const openExternal = async (url: string): Promise<void> => {
    if (!isAllowedExternalUrl(url, signInOrigins)) throw invalidInput('url', 'Facteur opens only provider sign-in and help pages');
    await platform.openExternal(url);
  };

  /** OAuth in the system browser; one sign-in at a time (a new one cancels the previous). */
  const signIn = async (provider: 'gmail' | 'outlook', email: string): Promise<LinkedCredentials> => {
    const implementation = engine.accounts.provider(provider);
    if (!implementation.link) throw invalidInput('provider', `${provider} accounts cannot be linked interactively`);
    linking?.abort();
    const controller = new AbortController();
    linking = controller;
    try {
      return await implementation.link({ email, openUrl: openExternal, signal: controller.signal });
    } finally {
      if (linking === controller) linking = null;
    }
  };

  const checkPath = (file: string, field: string): void => {
    if (!path.isAbsolute(file)) throw invalidInput(field, 'must be an absolute path');
    if (platform.attachmentsMustBePicked && !picked.has(path.resolve(file))) {
      throw invalidInput(field, 'choose the file with “Attach files” first');
    }
  };
  const checkAttachments = (message: Message): void => {
    message.attachments.forEach((attachment, index) => {
      if (attachment.path !== undefined) checkPath(attachment.path, `message.attachments[${index}].path`);
    });
  };

  return defineHandlers(
    {
      'accounts:list': () => engine.accounts.list(),
      'accounts:link': async ({ provider, email, displayName }) => {
        const credentials = await signIn(provider, email);
        const id = await engine.accounts.create(provider, displayName ? { ...credentials, displayName } : credentials);
        return summary(id);
      },
      'accounts:providers': () => {
        const { google, microsoft } = engine.config.oauth;
        const gmailMissing = google.clientId ? [] : ['FACTEUR_GOOGLE_CLIENT_ID'];
        const outlookMissing = microsoft.clientId ? [] : ['FACTEUR_MS_CLIENT_ID'];
        return [
          { provider: 'gmail' as const, ready: gmailMissing.length === 0, missing: gmailMissing },
          { provider: 'outlook' as const, ready: outlookMissing.length === 0, missing: outlookMissing },
        ];
      },
      'accounts:cancelLink': () => {
        linking?.abort();
        return null;
      },
      'accounts:addSmtp': async ({ email, displayName, settings, password, verify }) => {
        if (settings.username && !password) throw invalidInput('password', 'is required when a username is given');
        const id = await engine.accounts.create('smtp', { email, displayName: displayName ?? null, secret: password ?? '', settings }, {}, { verify });
        return summary(id);
      },
      'accounts:relink': async ({ id, password, host, port, secure, username }) => {
        const row = engine.accounts.get(id);
        if (row.provider === 'smtp') {
          const changes = Object.fromEntries(Object.entries({ host, port, secure, username }).filter(([, value]) => value !== undefined));
          const settings: Record<string, unknown> = { ...(JSON.parse(row.settings) as Record<string, unknown>), ...changes };
          if (settings.username && !password) throw invalidInput('password', 'is required for this SMTP account');
          await engine.accounts.relink(id, { email: row.email, displayName: row.displayName, secret: password ?? '', settings: changes }, { verify: true });
        } else {
          await engine.accounts.relink(id, await signIn(row.provider, row.email));
        }
        return summary(id);
      },
      'accounts:smtpAutoconfig': ({ email }) => findSmtpSettings(email, engine.config.autoconfig ? { endpoints: engine.config.autoconfig } : {}),
      'accounts:smtpSettings': ({ id }) => {
        const row = engine.accounts.get(id);
        if (row.provider !== 'smtp') return null;
        const parsed = smtpSettingsSchema.safeParse(JSON.parse(row.settings));
        return parsed.success ? parsed.data : null;
      },
      'accounts:setActive': ({ id, active }) => {
        engine.accounts.setActive(id, active);
        return summary(id);
      },
      'accounts:remove': async ({ id, force, moveTo }) => {
        const moved = moveTo === undefined ? 0 : moveUnsentMail(engine.db, engine.accounts, id, moveTo, engine.clock);
        try {
          return { cancelled: await engine.accounts.remove(id, force), moved };
        } finally {
          // Its mail moved or went with it: the counts changed either way.
          engine.events.emit('queue-changed');
        }
      },
      'accounts:unsent': ({ id }) => {
        engine.accounts.get(id);
        return unsentMail(engine.db, id);
      },
      'accounts:setLimits': ({ id, limits }) => {
        engine.accounts.setLimits(id, limits);
        return summary(id);
      },
      'accounts:setWindow': ({ id, window }) => {
        engine.accounts.setWindow(id, window);
        return summary(id);
      },

      'queue:enqueue': async ({ accountId, message, sendAt, timeZone, maxAttempts, expiresAfterMinutes, undoable, repeat }) => {
        checkAttachments(message);
        // The delay lives in the engine (a send time a few seconds ahead), so closing the window
        // after "Send" still sends.
        const undoUntil = undoable && !sendAt && !repeat ? undoDeadline(engine.clock.now(), engine.settings.get().undoSendSeconds) : null;
        const id = await engine.queue.queueEmail(message, accountId, {
          sendAt: undoUntil ?? sendAt ?? null,
          timeZone: timeZone ?? null,
          maxAttempts: maxAttempts ?? null,
          expiresAfterMinutes: expiresAfterMinutes ?? null,
          repeat: repeat ?? null,
        });
        return undoUntil ? { id, undoUntil } : { id };
      },
      'queue:undoSend': ({ id }) => {
        undoSend(engine.db, engine.clock, id);
        engine.events.emit('queue-changed');
        return null;
      },
      'queue:edit': async ({ id, accountId, message, sendAt, timeZone, maxAttempts, expiresAfterMinutes }) => {
        checkAttachments(message);
        await engine.queue.edit(id, message, {
          sendAt: sendAt ?? null,
          timeZone: timeZone ?? null,
          maxAttempts: maxAttempts ?? null,
          expiresAfterMinutes: expiresAfterMinutes ?? null,
          ...(accountId === undefined ? {} : { accountRef: accountId }),
        });
        return { id };
      },
      'queue:resendRefused': async ({ originalId, accountId, message, sendAt, timeZone, maxAttempts }) => {
        checkAttachments(message);
        const options = { sendAt: sendAt ?? null, timeZone: timeZone ?? null, maxAttempts: maxAttempts ?? null };
        return { id: await resendRefused(engine.db, engine.queue, originalId, message, accountId, options) };
      },
      'queue:reschedule': ({ id, sendAt, timeZone }) => {
        engine.queue.reschedule(id, sendAt, timeZone ?? null);
        return null;
      },
      'queue:cancel': ({ id }) => {
        engine.queue.cancel(id);
        return null;
      },
      'queue:retry': ({ id }) => ({ count: engine.queue.retry(id) }),
      'queue:retryAllFailed': ({ accountId }) => engine.queue.retryAllFailed(accountId),
      'queue:markSent': ({ id }) => {
        engine.queue.markSent(id);
        return null;
      },
      'series:stop': ({ id }) => engine.series.stop(id),
      'series:skip': ({ id }) => engine.series.skip(id),
      'queue:list': ({ status, accountId, search, attention, order, limit, offset }) => {
        // One row more than asked tells whether there is a next page without a count query.
        const rows = engine.queue.list({ status, accountId, search, attention, order, limit: limit + 1, offset });
        return { items: rows.slice(0, limit), hasMore: rows.length > limit };
      },
      'queue:get': ({ id }) => ({ ...engine.queue.get(id), waiting: waitReason(engine.db, engine.accounts, engine.settings, engine.clock, id) }),
      'queue:counts': () => ({ counts: engine.queue.counts(), due: engine.queue.dueCount(), attention: engine.queue.attentionCount() }),
      'queue:processNow': () => {
        platform.requestProcessing();
        return null;
      },

      'merge:preview': (input) => mergeFromApp(engine, input, true),
      'merge:queue': async (input) => {
        const result = await mergeFromApp(engine, input, false);
        platform.requestProcessing();
        return result;
      },
      'batches:list': () => engine.batches.list(),
      'batches:get': ({ id }) => engine.batches.get(id),
      'batches:pause': ({ id }) => ({ count: engine.batches.pause(id) }),
      'batches:resume': ({ id }) => {
        const count = engine.batches.resume(id);
        platform.requestProcessing();
        return { count };
      },
      'batches:cancel': ({ id }) => ({ count: engine.batches.cancel(id) }),

      'settings:get': () => engine.settings.get(),
      'settings:update': (patch) => {
        if (patch.schedulerCron !== undefined && !validateCron(patch.schedulerCron)) {
          throw invalidInput('schedulerCron', `"${patch.schedulerCron}" is not a cron expression such as "* * * * *"`);
        }
        const before = engine.settings.get();
        const next = engine.settings.update(patch);
        if (patch.startAtLogin !== undefined && patch.startAtLogin !== before.startAtLogin) platform.setStartAtLogin(next.startAtLogin);
        platform.settingsChanged?.(next);
        return next;
      },

      'background:status': () => background().status(),
      'background:set': ({ enabled, every }) => {
        const job = background();
        if (enabled) job.install(every);
        else job.uninstall();
        return job.status();
      },

      'drafts:list': () => drafts.list(),
      'drafts:save': ({ id, content }) => drafts.save(id, content),
      'drafts:delete': ({ id }) => {
        drafts.delete(id);
        return null;
      },
      'drafts:attach': async ({ draftId, filename, contentType, path: file, contentBase64 }) => {
        if (file !== undefined) checkPath(file, 'path');
        const blob = await drafts.attach(draftId, engine.attachments, async () => {
          if (file === undefined) return engine.attachments.putBuffer(Buffer.from(contentBase64 ?? '', 'base64'));
          try {
            return await engine.attachments.putFile(path.resolve(file));
          } catch (error) {
            if (error instanceof FacteurError) throw error;
            throw invalidInput('path', `could not be read: ${(error as Error).message}`);
          }
        });
        return { sha256: blob.sha256, size: blob.size, filename, contentType: contentType ?? detectMimeType(filename) };
      },

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
    },
    { log: engine.log, checkOutputs: platform.checkOutputs ?? outputChecksWanted() },
  );
}
