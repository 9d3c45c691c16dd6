// @vitest-environment jsdom
// Where a compose starts from an existing email: unsent mail is edited in place with its own time,
// zone and files; sent or failed mail is edited and resent from the user's last choice; "send
// again to the refused recipients" keeps only those. Drafts never cross from one compose to another.
import { describe, expect, it } from 'vitest';
import { pickDraft, toDraft } from './compose-draft';
import { describeProblem } from './compose-problems';
import { buildMessage, fromEmail, newCompose } from './compose-state';
import type { EmailDetail } from './types';
import { createI18n } from '../i18n/i18n';

const NOW = Date.UTC(2030, 0, 1, 12, 0);

const detail = (overrides: Partial<EmailDetail> = {}): EmailDetail =>
  ({
    id: 3,
    accountId: 1,
    accountEmail: 'me@example.com',
    status: 'failed',
    subject: 'Plan',
    to: ['Ana <ana@example.com>', 'bo@example.com'],
    cc: ['cy@example.com'],
    bcc: [],
    replyTo: null,
    text: 'See attached.',
    html: null,
    attempts: 1,
    maxAttempts: 3,
    sendAt: '2030-01-02T14:00:00.000Z',
    timeZone: 'America/New_York',
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
    ...overrides,
  }) as EmailDetail;

describe('fromEmail', () => {
  it('edits scheduled mail in place, with its time, zone and files', () => {
    const state = fromEmail(detail({ status: 'scheduled' }), { now: NOW });
    expect(state.origin).toEqual({ kind: 'edit', emailId: 3, scheduled: true });
    expect(state.draftId).toBe('edit-3');
    expect(state).toMatchObject({ when: 'schedule', sendAt: '2030-01-02T09:00', timeZone: 'America/New_York' });
    const built = buildMessage(state);
    expect(built.ok && built.message.attachments).toEqual([{ sha256: 'a'.repeat(64), filename: 'plan.pdf', contentType: 'application/pdf' }]);
  });

  it('resends failed mail in place and sent mail as a new email, starting from the last choice', () => {
    const last = { when: 'schedule' as const, timeZone: 'Europe/Paris' };
    expect(fromEmail(detail(), { last, now: NOW })).toMatchObject({ origin: { kind: 'resend', inPlace: true }, when: 'schedule', sendAt: '', timeZone: 'Europe/Paris' });
    expect(fromEmail(detail({ status: 'sent' }), { last: { when: 'now', timeZone: 'UTC' }, now: NOW })).toMatchObject({
      origin: { kind: 'resend', emailId: 3, inPlace: false },
      draftId: 'resend-3',
      when: 'now',
    });
  });

  it('sends again to the refused recipients only, as a new email', () => {
    const state = fromEmail(detail({ status: 'sent' }), { only: ['BO@example.com', 'cy@example.com'], now: NOW });
    expect(state.origin).toEqual({ kind: 'refused', emailId: 3 });
    expect(state.draftId).toBe('refused-3');
    expect(state.to).toEqual([{ name: null, address: 'bo@example.com' }]);
    expect(state.cc).toEqual([{ name: null, address: 'cy@example.com' }]);
  });

  it('cleans the HTML it puts into the editor', () => {
    const state = fromEmail(detail({ html: '<p>Hi</p><meta http-equiv="refresh" content="0;url=https://x.example"><style>body{display:none}</style>' }), { now: NOW });
    expect(state.html).toBe('<p>Hi</p>');
  });
});

describe('drafts', () => {
  const saved = (id: string, content: Record<string, unknown>, updatedAt: string) => ({ id, content, updatedAt });

  it('gives "New message" the newest new draft, never an edit’s, and an edit only its own', () => {
    const edit = toDraft(fromEmail(detail({ status: 'scheduled', subject: 'Edited' }), { now: NOW }));
    const fresh = { ...toDraft(newCompose('UTC')), subject: 'Mine' };
    const legacyEdit = { subject: 'Old edit', to: [], html: '', editingId: 9 };
    const drafts = [
      saved('edit-3', edit as unknown as Record<string, unknown>, '2030-01-01T12:05:00.000Z'),
      saved('legacy', legacyEdit, '2030-01-01T12:06:00.000Z'),
      saved('new-a', fresh as unknown as Record<string, unknown>, '2030-01-01T12:01:00.000Z'),
    ];
    expect(pickDraft(drafts, { kind: 'new' }, 'UTC')?.subject).toBe('Mine');
    expect(pickDraft(drafts, { kind: 'edit', emailId: 3, scheduled: true }, 'UTC')?.subject).toBe('Edited');
    expect(pickDraft(drafts, { kind: 'edit', emailId: 4, scheduled: true }, 'UTC')).toBeNull();
  });

  it('brings a new message back with its "Repeat" choice, and no repeat from a draft that has a bad one', () => {
    const weekly = { kind: 'weekly', custom: '', end: 'count', until: '', count: 6 } as const;
    const draft = toDraft({ ...newCompose('Europe/Paris'), subject: 'Weekly', when: 'schedule', sendAt: '2031-01-06T09:00', repeat: weekly });
    // Through JSON, as the engine stores it.
    const stored = JSON.parse(JSON.stringify(draft)) as Record<string, unknown>;
    expect(pickDraft([saved('new-w', stored, '2030-01-01T12:00:00.000Z')], { kind: 'new' }, 'UTC')?.repeat).toEqual(weekly);

    for (const bad of [{ ...weekly, kind: 'hourly-ish' }, { ...weekly, end: 'someday' }, 'FREQ=DAILY', null]) {
      const restored = pickDraft([saved('new-b', { ...stored, repeat: bad }, '2030-01-01T12:00:00.000Z')], { kind: 'new' }, 'UTC');
      expect(restored?.repeat.kind).toBe('none');
    }
    const older = { ...stored };
    delete older.repeat; // drafts saved before "Repeat" existed
    expect(pickDraft([saved('new-o', older, '2030-01-01T12:00:00.000Z')], { kind: 'new' }, 'UTC')?.repeat.kind).toBe('none');
  });
});

describe('problems', () => {
  it('names a bad recipient by position and field, in English and French', () => {
    const state = { ...newCompose('UTC'), to: [{ name: null, address: 'ana@example.com' }, { name: null, address: 'bob@example' }], text: 'x', html: '<p>x</p>' };
    const built = buildMessage(state);
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(describeProblem(createI18n('en').t, built.problem)).toBe('Recipient 2 in To: needs a domain with a dot (example.com)');
    expect(describeProblem(createI18n('fr').t, built.problem)).toMatch(/^Destinataire 2 \(À\) : /u);
  });

  it('refuses the same address twice across To, Cc and Bcc, and accepts a mail that is only a file', () => {
    const twice = { ...newCompose('UTC'), to: [{ name: null, address: 'ana@example.com' }], bcc: [{ name: 'Ana', address: 'ANA@example.com' }], text: 'x' };
    const built = buildMessage(twice);
    expect(!built.ok && describeProblem(createI18n('en').t, built.problem)).toBe(
      'Recipient 1 in Bcc: ANA@example.com appears more than once. Remove the extra one: each recipient gets the message once.',
    );
    const fileOnly = { ...newCompose('UTC'), to: [{ name: null, address: 'ana@example.com' }], attachments: [{ key: 'k', filename: 'a.pdf', size: 3, sha256: 'b'.repeat(64) }] };
    expect(buildMessage(fileOnly).ok).toBe(true);
    const nothing = { ...newCompose('UTC'), to: [{ name: null, address: 'ana@example.com' }] };
    const refused = buildMessage(nothing);
    expect(!refused.ok && describeProblem(createI18n('fr').t, refused.problem)).toBe('Écrivez un message ou joignez un fichier.');
  });
});
