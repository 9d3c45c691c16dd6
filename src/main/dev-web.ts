// `npm run dev:web`: the real engine (FACTEUR_DATA_DIR, .env, keychain) and scheduler behind the
// loopback transport, serving the built renderer, so the React UI runs in a browser — for
// development and the Chromium e2e tests. Prints the page URL with the per-run token in the
// fragment. FACTEUR_DEV_ORIGIN allows a vite dev server's page to connect too (it then needs
// `#token=…&ws=ws://127.0.0.1:PORT` in its URL, also printed).
import path from 'node:path';
import { loadEnv, readConfig } from './core/config';
import { createEngine } from './core/engine';
import { createHandlers } from './core/ipc/handlers';
import { forwardEnginePushes, forwardOtherWriters } from './core/ipc/pushes';
import { Scheduler } from './core/scheduler/scheduler';
import { startLoopbackServer } from './core/transport/loopback-server';

async function main(): Promise<void> {
  const env = loadEnv(process.env);
  const engine = createEngine({ config: readConfig(env), consoleLogs: true });
  const scheduler = new Scheduler(engine);
  const handlers = createHandlers(engine, {
    kind: 'loopback',
    version: readVersion(),
    checkOutputs: true,
    attachmentsMustBePicked: false,
    // No native dialog in a browser: "Attach files" is the page's own file input, whose bytes go
    // through the transport into the attachment store (drafts:attach).
    openExternal: (url) => {
      process.stdout.write(`open in your browser: ${url}\n`);
      return Promise.resolve();
    },
    setStartAtLogin: () => undefined,
    requestProcessing: () => void scheduler.catchUp(),
    settingsChanged: (settings) => scheduler.reconfigure(settings),
  });
  const devOrigin = env.FACTEUR_DEV_ORIGIN?.trim();
  const server = await startLoopbackServer({
    handlers,
    port: env.FACTEUR_DEV_PORT ? Number(env.FACTEUR_DEV_PORT) : 0,
    staticDir: path.resolve(__dirname, '..', '..', 'dist', 'renderer'),
    allowedOrigins: devOrigin ? [devOrigin] : [],
    log: engine.log,
  });
  const stopPushes = forwardEnginePushes(engine, (channel, payload) => server.push(channel, payload));
  const stopWatching = forwardOtherWriters(engine, (channel, payload) => server.push(channel, payload));
  scheduler.start();
  process.stdout.write(`Facteur (loopback) for ${engine.config.dataDir}\n${server.pageUrl}\n`);
  if (devOrigin) process.stdout.write(`${devOrigin}/#token=${server.token}&ws=ws://127.0.0.1:${server.port}\n`);

  let closing = false;
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    // Same rule as the app: the batch in flight finishes before the engine closes.
    stopWatching();
    await scheduler.stop();
    stopPushes();
    await server.close();
    engine.close();
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

function readVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`facteur dev:web: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
