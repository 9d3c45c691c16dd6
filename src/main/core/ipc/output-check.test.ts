// An answer that carries a field its schema does not declare, or a field of the wrong type, fails
// the request when outputs are checked (tests, development) — it never crosses IPC unnoticed.
import { describe, expect, it } from 'vitest';
import { REQUEST_CHANNELS } from '../../../shared/ipc-contract';
import type { EmailListItem } from '../../../shared/output-schemas';
import { defineHandlers, type HandlerImpls } from './handler-map';
import { outputDrift } from './output-check';
import { emailListItemSchema } from '../../../shared/output-schemas';

const item: EmailListItem = {
  id: 1,
  accountId: 1,
  accountEmail: 'ana@example.com',
  status: 'queued',
  subject: 'Hello',
  to: ['bob@example.com'],
  attempts: 0,
  maxAttempts: 3,
  sendAt: '2026-11-29T10:00:00.000Z',
  timeZone: 'Europe/Paris',
  nextAttemptAt: '2026-11-29T10:00:00.000Z',
  lastError: null,
  lastErrorCode: null,
  messageId: '<1@facteur>',
  createdAt: '2026-11-29T09:00:00.000Z',
  sentAt: null,
  refusedCount: 0,
  expiresAfterMinutes: null,
  seriesId: null,
};

/** A handler map where only the channels under test answer. */
function fixtureHandlers(overrides: Partial<HandlerImpls>, checkOutputs: boolean) {
  const unused = () => {
    throw new Error('not used in this test');
  };
  const impls = { ...Object.fromEntries(REQUEST_CHANNELS.map((channel) => [channel, unused])), ...overrides } as HandlerImpls;
  return defineHandlers(impls, { checkOutputs });
}

describe('handler outputs checked against the contract', () => {
  it('passes an answer that is exactly its schema', async () => {
    const handlers = fixtureHandlers({ 'queue:list': () => ({ items: [item], hasMore: false }) }, true);
    expect(await handlers['queue:list']({})).toEqual({ ok: true, value: { items: [item], hasMore: false } });
  });

  it('fails a request whose answer has a field the schema lacks, naming where', async () => {
    const extra = { ...item, priority: 'high' };
    const handlers = fixtureHandlers({ 'queue:list': () => ({ items: [item, extra], hasMore: false }) }, true);
    const result = await handlers['queue:list']({});
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('internal');
      expect(result.error.message).toMatch(/queue:list does not match its schema: items\[1\]\.priority: not in the schema/u);
    }
  });

  it('fails a top-level extra field and a wrong type', async () => {
    const handlers = fixtureHandlers(
      {
        'queue:counts': () => ({ counts: { scheduled: 0, queued: 0, sending: 0, sent: 0, failed: 0, cancelled: 0, held: 0, uncertain: 0, paused: 0 }, due: 0, attention: 0, blocked: true }),
        'queue:retry': () => ({ count: '3' as unknown as number }),
      },
      true,
    );
    expect(await handlers['queue:counts']({})).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/blocked: not in the schema/u) } });
    expect(await handlers['queue:retry']({ id: 1 })).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/queue:retry .*count: /u) } });
  });

  it('lets the answer through unchecked when checks are off (an installed build)', async () => {
    const extra = { ...item, priority: 'high' };
    const handlers = fixtureHandlers({ 'queue:list': () => ({ items: [extra], hasMore: false }) }, false);
    expect(await handlers['queue:list']({})).toMatchObject({ ok: true });
  });
});

describe('outputDrift', () => {
  it('ignores keys left undefined and open records, but not nested extras', () => {
    expect(outputDrift(emailListItemSchema, { ...item, seriesId: undefined })).toBeNull();
    expect(outputDrift(emailListItemSchema, { ...item, extra: { deep: 1 } })).toBe('extra: not in the schema (add it to src/shared/output-schemas.ts or stop sending it)');
    expect(outputDrift(emailListItemSchema, { ...item, to: 'bob@example.com' })).toMatch(/^to: /u);
  });
});
