// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { buildMessage, fromEmail } from './compose-state';
import type { EmailDetail } from './types';

const detail = {
  id: 3,
  accountId: 1,
  accountEmail: 'me@example.com',
  status: 'failed',
  subject: 'Plan',
  to: ['Ana <ana@example.com>'],
  cc: [],
  bcc: [],
  replyTo: null,
  text: 'See attached.',
  html: null,
  attempts: 1,
  maxAttempts: 3,
  sendAt: '2030-01-01T09:00:00.000Z',
  timeZone: 'UTC',
  nextAttemptAt: null,
  lastError: 'refused',
  lastErrorCode: 'smtp-550',
  messageId: '<x@example.com>',
  createdAt: '2030-01-01T09:00:00.000Z',
  sentAt: null,
  attachments: [{ filename: 'plan.pdf', contentType: 'application/pdf', size: 1234, sha256: 'a'.repeat(64) }],
  history: [],
  refusedCount: 0,
  recipients: [],
} as EmailDetail;

describe('edit and resend', () => {
  it('carries the original attachments by checksum into the edited message', () => {
    const state = fromEmail(detail);
    expect(state.attachments).toEqual([expect.objectContaining({ filename: 'plan.pdf', size: 1234, sha256: 'a'.repeat(64) })]);
    const built = buildMessage(state);
    expect(built.ok && built.message.attachments).toEqual([{ sha256: 'a'.repeat(64), filename: 'plan.pdf', contentType: 'application/pdf' }]);
  });
});
