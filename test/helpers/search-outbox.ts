// What the search tests share: a fresh engine per test with one SMTP account, a way to queue mail
// to given recipients, and the ids a search finds (newest first, as the outbox lists them).
import { afterEach, beforeEach } from 'vitest';
import type { ListFilter } from '../../src/main/core/queue/list-query';
import { addSmtpAccount, makeEngine, type TestEngine } from './engine';

export type Recipients = Array<{ address: string; name?: string }>;

export interface SearchOutbox {
  /** The current test's engine (a new one for each test). */
  readonly engine: TestEngine;
  readonly accountId: number;
  /** Queues a mail to `to` from the account; `extra` adds cc, bcc or other message fields. */
  queue(subject: string, to: Recipients, extra?: Record<string, unknown>): Promise<number>;
  /** The ids of the mail `search` finds, with any other list filter. */
  found(search: string, filter?: Omit<ListFilter, 'search'>): number[];
}

/** Registers the per-test engine (made before each test, disposed after it) and returns its handle. */
export function useSearchOutbox(): SearchOutbox {
  let current: { engine: TestEngine; accountId: number } | undefined;
  beforeEach(async () => {
    const engine = makeEngine();
    current = { engine, accountId: await addSmtpAccount(engine, 9) };
  });
  afterEach(() => {
    current?.engine.dispose();
    current = undefined;
  });
  const started = () => {
    if (current) return current;
    throw new Error('The search engine is made in beforeEach: use it inside a test or a hook.');
  };
  return {
    queue: (subject, to, extra = {}) => started().engine.queue.queueEmail({ to, subject, text: 'body', ...extra }, started().accountId),
    found: (search, filter = {}) => started().engine.queue.list({ search, ...filter }).map((item) => item.id),
    get engine() {
      return started().engine;
    },
    get accountId() {
      return started().accountId;
    },
  };
}
