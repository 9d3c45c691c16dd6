// Shared by the component tests: a fake engine behind the real contract-derived client, fixtures,
// and a render helper with i18n and the API in place.
import { cleanup, render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach } from 'vitest';
import type { AccountSummary, EmailListItem, StatusCounts } from '../shared/domain';
import { createFacteurApi, type FacteurApi } from '../shared/ipc-client';
import type { FacteurBridge, PushChannel, PushPayload, RequestChannel, RequestInput, RequestOutput } from '../shared/ipc-contract';
import type { Result } from '../shared/result';
import { DEFAULT_SETTINGS } from '../shared/settings';
import { ApiProvider } from './api/api-context';
import { createI18n, type Language } from './i18n/i18n';

afterEach(cleanup);

export type FakeHandlers = {
  [C in RequestChannel]?: (input: RequestInput<C>) => RequestOutput<C> | Result<RequestOutput<C>> | Promise<RequestOutput<C>>;
};

export interface FakeEngine {
  api: FacteurApi;
  calls: Array<{ channel: RequestChannel; input: unknown }>;
  callsTo(channel: RequestChannel): unknown[];
  push<C extends PushChannel>(channel: C, payload: PushPayload<C>): void;
}

const isResult = (value: unknown): value is Result<unknown> =>
  typeof value === 'object' && value !== null && 'ok' in value && typeof (value as { ok: unknown }).ok === 'boolean';

export function fakeEngine(handlers: FakeHandlers): FakeEngine {
  const calls: FakeEngine['calls'] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const defaults: FakeHandlers = {
    'drafts:list': () => [],
    'drafts:save': (input) => ({ id: input.id ?? '00000000-0000-4000-8000-000000000001', content: input.content, updatedAt: new Date().toISOString() }),
    'drafts:delete': () => null,
    // A checksum derived from the name and size stands in for the engine's store.
    'drafts:attach': (input) => ({
      sha256: Array.from(`${input.filename}:${input.contentBase64?.length ?? input.path ?? ''}`, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('').padEnd(64, '0').slice(0, 64),
      size: input.contentBase64 ? Math.floor((input.contentBase64.length * 3) / 4) - (input.contentBase64.match(/=+$/u)?.[0].length ?? 0) : 0,
      filename: input.filename,
      contentType: input.contentType ?? 'application/octet-stream',
    }),
    'app:info': () => ({ version: 'test', timeZone: 'UTC', platform: 'linux', transport: 'loopback', fileDialog: true }),
    'settings:get': () => DEFAULT_SETTINGS,
    'queue:counts': () => ({ counts: counts(), due: 0, attention: 0 }),
    'accounts:list': () => [],
    'queue:list': () => ({ items: [], hasMore: false }),
    'queue:processNow': () => null,
    'background:status': () => ({ installed: false, kind: null, every: null, files: [] }),
    'batches:list': () => [],
  };
  const bridge: FacteurBridge = {
    async invoke(channel, input) {
      calls.push({ channel, input });
      const handler = (handlers[channel] ?? defaults[channel]) as ((input: unknown) => unknown) | undefined;
      if (!handler) return { ok: false, error: { code: 'internal', message: `${channel} is not faked` } };
      const value = await handler(input);
      return (isResult(value) ? value : { ok: true, value }) as never;
    },
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
  return {
    api: createFacteurApi(bridge),
    calls,
    callsTo: (channel) => calls.filter((call) => call.channel === channel).map((call) => call.input),
    push: (channel, payload) => listeners.get(channel)?.forEach((listener) => listener(payload)),
  };
}

export function renderWith(ui: ReactElement, engine: FakeEngine, language: Language = 'en'): RenderResult & { i18n: ReturnType<typeof createI18n> } {
  const i18n = createI18n(language);
  const result = render(
    <I18nextProvider i18n={i18n}>
      <ApiProvider api={engine.api}>{ui}</ApiProvider>
    </I18nextProvider>,
  );
  return { ...result, i18n };
}

export function counts(values: Partial<StatusCounts> = {}): StatusCounts {
  return { scheduled: 0, queued: 0, sending: 0, sent: 0, failed: 0, cancelled: 0, held: 0, uncertain: 0, paused: 0, ...values };
}

export function account(overrides: Partial<AccountSummary> = {}): AccountSummary {
  return {
    id: 1,
    email: 'ada@example.com',
    provider: 'smtp',
    displayName: null,
    active: true,
    state: 'ok',
    stateReason: null,
    limits: { perDay: 500, perMinute: 30, recipientsPerDay: 10_000, maxRecipients: 100, maxMessageBytes: 25 * 1024 * 1024, concurrency: 2 },
    limitOverrides: {},
    quotaUsed: 0,
    pausedUntil: null,
    sendingWindow: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function emailItem(id: number, overrides: Partial<EmailListItem> = {}): EmailListItem {
  return {
    id,
    accountId: 1,
    accountEmail: 'ada@example.com',
    status: 'scheduled',
    subject: `Message ${id}`,
    to: [`reader${id}@example.com`],
    attempts: 0,
    maxAttempts: 3,
    sendAt: '2026-03-02T08:00:00.000Z',
    timeZone: 'Europe/Paris',
    nextAttemptAt: '2026-03-02T08:00:00.000Z',
    lastError: null,
    lastErrorCode: null,
    messageId: `<${id}@facteur>`,
    createdAt: '2026-03-01T08:00:00.000Z',
    sentAt: null,
    refusedCount: 0,
    expiresAfterMinutes: null,
    ...overrides,
  };
}
