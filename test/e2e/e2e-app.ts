// Starts what the e2e test drives: the vite-built renderer, the real engine (temp data dir,
// in-memory secrets) with its scheduler and IPC handlers behind the loopback transport, and a
// real SMTP server — the same assembly as `npm run dev:web`, in-process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { createHandlers } from '../../src/main/core/ipc/handlers';
import { forwardEnginePushes, forwardOtherWriters } from '../../src/main/core/ipc/pushes';
import { Scheduler } from '../../src/main/core/scheduler/scheduler';
import { startLoopbackServer, type LoopbackServer } from '../../src/main/core/transport/loopback-server';
import { startSmtpTestServer, type SmtpTestServer } from '../fakes/smtp-test-server';
import { makeEngine, type TestEngine } from '../helpers/engine';

export interface E2eApp {
  engine: TestEngine;
  smtp: SmtpTestServer;
  server: LoopbackServer;
  /** What the fake native file dialog answers next. */
  pickedFiles: string[];
  fileDir: string;
  close(): Promise<void>;
}

const root = path.resolve(__dirname, '..', '..');

export async function buildRenderer(): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-renderer-'));
  await build({
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
  return outDir;
}

export interface E2eAppOptions {
  /** false: no native file dialog, as in a browser (`dev:web`) — the page uses a file input. */
  nativeDialog?: boolean;
}

/** `env`: extra configuration, e.g. OAuth client ids so Gmail and Outlook count as set up. */
export async function startE2eApp(staticDir: string, env: Record<string, string> = {}, options: E2eAppOptions = {}): Promise<E2eApp> {
  const engine = makeEngine({ env });
  const smtp = await startSmtpTestServer();
  const scheduler = new Scheduler(engine);
  const fileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-files-'));
  const pickedFiles: string[] = [];
  const handlers = createHandlers(engine, {
    kind: 'loopback',
    version: 'e2e',
    attachmentsMustBePicked: true,
    ...(options.nativeDialog === false ? {} : { openFiles: () => Promise.resolve(pickedFiles.splice(0)) }),
    openExternal: () => Promise.resolve(),
    setStartAtLogin: () => undefined,
    requestProcessing: () => void scheduler.catchUp(),
    settingsChanged: (settings) => scheduler.reconfigure(settings),
  });
  const server = await startLoopbackServer({ handlers, staticDir });
  const stopPushes = forwardEnginePushes(engine, (channel, payload) => server.push(channel, payload));
  const stopWatching = forwardOtherWriters(engine, (channel, payload) => server.push(channel, payload));
  scheduler.start();
  return {
    engine,
    smtp,
    server,
    pickedFiles,
    fileDir,
    async close() {
      stopWatching();
      await scheduler.stop();
      stopPushes();
      await server.close();
      await smtp.close();
      engine.dispose();
      fs.rmSync(fileDir, { recursive: true, force: true });
      fs.rmSync(staticDir, { recursive: true, force: true });
    },
  };
}
