// Assembles the engine from its parts. The desktop app, the CLI, the loopback transport and the
// tests all build it here, each injecting what differs (clock, secret store, providers, logger).
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { AccountService } from './accounts/account-service';
import { AttachmentStore } from './attachments/attachment-store';
import { systemClock, type Clock } from './clock';
import { DATABASE_FILE, type Config } from './config';
import { openDatabase, type Db } from './db/open-database';
import { ensureDataDir } from './db/storage-errors';
import { createRootLogger, type Logger, type RootLogger } from './logger';
import { Processor, type ProcessOptions, type ProcessProgress } from './processor/processor';
import { createProviderRegistry, type ProviderRegistry } from './providers/registry';
import { BatchService } from './merge/batch-service';
import { QueueManager } from './queue/queue-manager';
import { SeriesService } from './series/series-service';
import { KeytarSecretStore } from './secrets/keytar-secret-store';
import { redactingSecretStore, SecretRedactor } from './security/secret-redactor';
import type { SecretStore } from './secrets/secret-store';
import { SettingsStore } from './settings-store';
import type { ProcessSummary } from '../../shared/domain';

export interface EngineEventMap {
  'queue-changed': [];
  'account-changed': [accountId: number];
  'email-changed': [emailId: number];
  'email-failed': [emailId: number, message: string];
  'account-needs-reauth': [accountId: number, reason: string];
  progress: [progress: ProcessProgress];
  'run-started': [];
  'run-finished': [summary: ProcessSummary];
}

export interface EngineOptions {
  config: Config;
  clock?: Clock;
  logger?: Logger;
  secrets?: SecretStore;
  /** Replace registered providers (tests, benchmarks). */
  providers?: Partial<ProviderRegistry>;
  /** Print logs to stderr as well as the log file. */
  consoleLogs?: boolean;
}

export interface Engine {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  secrets: SecretStore;
  attachments: AttachmentStore;
  settings: SettingsStore;
  accounts: AccountService;
  queue: QueueManager;
  /** Repeating mail (core/series/). */
  series: SeriesService;
  batches: BatchService;
  processor: Processor;
  events: EventEmitter<EngineEventMap>;
  /** Runs one batch; emits run-started / progress / run-finished. */
  process(options?: ProcessOptions): Promise<ProcessSummary>;
  close(): void;
}

export { DATABASE_FILE } from './config';

export function createEngine(options: EngineOptions): Engine {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  // Every secret that passes through the keychain (and the OAuth client secret) is removed from
  // stored errors and log lines by value, whatever a provider quoted back.
  const redactor = new SecretRedactor();
  redactor.add(config.oauth.google.clientSecret);
  // A data dir that is a file, read-only or on a full disk is one plain sentence, before anything.
  ensureDataDir(config.dataDir);
  // The engine flushes only the logger it made; an injected one belongs to the caller.
  let root: RootLogger | null = null;
  const log: Logger = options.logger ?? (root = createRootLogger({ dataDir: config.dataDir, console: options.consoleLogs ?? false, redact: (line) => redactor.redact(line) }));
  for (const { variable, url } of config.customEndpoints ?? []) {
    log.warn({ variable, url }, 'provider endpoint is not the real service: tokens and mail for this provider go there');
  }
  const secrets = redactingSecretStore(options.secrets ?? new KeytarSecretStore(), redactor);
  const db = openDatabase(path.join(config.dataDir, DATABASE_FILE));
  const events = new EventEmitter<EngineEventMap>();
  const attachments = new AttachmentStore(path.join(config.dataDir, 'attachments'));
  const settings = new SettingsStore(db, clock);
  const providers = createProviderRegistry(
    { secrets, endpoints: config.endpoints, oauth: config.oauth, clock, logger: log.child({ module: 'provider' }), ...(config.autoconfig ? { autoconfig: config.autoconfig } : {}) },
    options.providers,
  );
  const accounts = new AccountService(db, secrets, providers, clock, log.child({ module: 'accounts' }), {
    onAccountChanged: (id) => events.emit('account-changed', id),
  });
  const queue = new QueueManager(db, accounts, attachments, settings, clock, log.child({ module: 'queue' }), {
    onQueueChanged: () => events.emit('queue-changed'),
  });
  const series = new SeriesService(db, accounts, attachments, settings, clock, log.child({ module: 'series' }), () => events.emit('queue-changed'));
  const batches = new BatchService(db, accounts, attachments, settings, clock, log.child({ module: 'batches' }), () =>
    events.emit('queue-changed'),
  );
  const processor = new Processor(db, accounts, attachments, settings, clock, log.child({ module: 'processor' }), {
    errorText: (text) => redactor.errorText(text),
    onProgress: (progress) => events.emit('progress', progress),
    onEmailChanged: (id) => {
      events.emit('email-changed', id);
      events.emit('queue-changed');
    },
    onEmailFailed: (id, message) => events.emit('email-failed', id, message),
    onAccountNeedsReauth: (id, reason) => {
      events.emit('account-needs-reauth', id, reason);
      events.emit('account-changed', id);
    },
  });
  return {
    config,
    db,
    clock,
    log,
    secrets,
    attachments,
    settings,
    accounts,
    queue,
    series,
    batches,
    processor,
    events,
    async process(processOptions = {}) {
      events.emit('run-started');
      const summary = await processor.run(processOptions);
      events.emit('run-finished', summary);
      events.emit('queue-changed');
      return summary;
    },
    close() {
      db.$client.close();
      root?.flush();
    },
  };
}
