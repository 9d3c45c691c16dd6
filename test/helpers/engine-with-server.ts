// Per test: an in-process engine on its own data dir and a real SMTP test server with one account
// linked to it, both closed after the test — for engine tests that check what reached the server.
// (Apart from helpers/engine.ts, which the chaos bench imports outside vitest.)
import { afterEach } from 'vitest';
import type { FakeClock } from '../../src/main/core/clock';
import { startSmtpTestServer, type SmtpTestServer, type SmtpTestServerOptions } from '../fakes/smtp-test-server';
import { addSmtpAccount, makeEngine, type TestEngine } from './engine';

export interface EngineWithServer {
  engine: TestEngine;
  server: SmtpTestServer;
  accountId: number;
}

/**
 * Registers the clean-up and returns what starts a pair. With `clock`, the engine runs on it and
 * the server stamps what it receives by it; `server` adds the server's own options (a delay).
 */
export function useEngineWithServer(): (options?: { clock?: FakeClock; server?: SmtpTestServerOptions }) => Promise<EngineWithServer> {
  const started: Array<{ engine: TestEngine; server: SmtpTestServer }> = [];
  afterEach(async () => {
    for (const { engine, server } of started.splice(0)) {
      engine.dispose();
      await server.close();
    }
  });
  return async ({ clock, server: serverOptions } = {}) => {
    const server = await startSmtpTestServer({ ...(clock ? { now: () => clock.now() } : {}), ...serverOptions });
    const engine = makeEngine(clock ? { clock } : {});
    started.push({ engine, server });
    return { engine, server, accountId: await addSmtpAccount(engine, server.port) };
  };
}
