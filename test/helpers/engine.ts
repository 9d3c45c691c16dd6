// An in-process engine on a real SQLite file in its own data dir, for integration tests.
import { createEngine, type Engine } from '../../src/main/core/engine';
import { readConfig } from '../../src/main/core/config';
import type { Clock } from '../../src/main/core/clock';
import type { ProviderRegistry } from '../../src/main/core/providers/registry';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-secret-store';
import type { SecretStore } from '../../src/main/core/secrets/secret-store';
import { makeDataDir, removeDataDir } from './data-dir';

export interface TestEngine extends Engine {
  dataDir: string;
  dispose(): void;
}

export interface MakeEngineOptions {
  clock?: Clock;
  providers?: Partial<ProviderRegistry>;
  secrets?: SecretStore;
  dataDir?: string;
  /** Extra FACTEUR_* variables, e.g. a fake provider's endpoints and client id. */
  env?: Record<string, string>;
}

/**
 * SMTP autoconfig lookups (typing an address in the SMTP form) go to a closed loopback port
 * unless a test points them at its fakes: a test never asks the internet about example.com.
 */
const NO_AUTOCONFIG = {
  FACTEUR_AUTOCONFIG_URL: 'http://127.0.0.1:9/autoconfig/{domain}?emailaddress={email}',
  FACTEUR_ISPDB_URL: 'http://127.0.0.1:9/ispdb/{domain}',
  FACTEUR_DNS_SERVER: '127.0.0.1:9',
};

export function makeEngine(options: MakeEngineOptions = {}): TestEngine {
  const dataDir = options.dataDir ?? makeDataDir();
  const engine = createEngine({
    config: readConfig({ ...NO_AUTOCONFIG, ...options.env, FACTEUR_DATA_DIR: dataDir }),
    secrets: options.secrets ?? new MemorySecretStore(),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.providers ? { providers: options.providers } : {}),
  });
  return Object.assign(engine, {
    dataDir,
    dispose() {
      engine.close();
      if (!options.dataDir) removeDataDir(dataDir);
    },
  });
}

/** Adds a password-less SMTP account pointing at a local test server. */
export async function addSmtpAccount(
  engine: Engine,
  port: number,
  email = 'sender@example.com',
  settings: Record<string, unknown> = {},
): Promise<number> {
  return engine.accounts.create('smtp', {
    email,
    displayName: 'Sender',
    secret: '',
    settings: { host: '127.0.0.1', port, secure: false, username: null, timeoutSeconds: 5, ...settings },
  });
}

export const simpleMessage = (to = 'ana@example.com', extra: Record<string, unknown> = {}) => ({
  to: [{ address: to, name: 'Ana' }],
  subject: 'Hello',
  text: 'plain body',
  html: '<p>html body</p>',
  ...extra,
});
