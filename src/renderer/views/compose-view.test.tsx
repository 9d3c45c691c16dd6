// @vitest-environment jsdom
// Compose: addresses are checked as they become chips, a schedule says which time zone it is read
// in (DST included), an attachment over the account's limit is flagged before sending, and what
// is queued is exactly the form's content.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { account, fakeEngine, renderWith } from '../test-support';
import { fromEmail } from '../api/compose-state';
import type { EmailDetail } from '../api/types';
import { ComposeView } from './compose-view';

// Sunday 1 March 2026, 12:00 UTC (13:00 in Paris, winter time).
const NOW = Date.UTC(2026, 2, 1, 12, 0);

const scheduledDetail = {
  id: 5,
  accountId: 1,
  accountEmail: 'ada@example.com',
  status: 'scheduled',
  subject: 'Plan',
  to: ['ana@example.com'],
  cc: [],
  bcc: [],
  replyTo: null,
  text: 'See the plan.',
  html: '<p>See the plan.</p>',
  attempts: 0,
  maxAttempts: 3,
  sendAt: '2026-03-03T14:00:00.000Z',
  timeZone: 'America/New_York',
  nextAttemptAt: '2026-03-03T14:00:00.000Z',
  lastError: null,
  lastErrorCode: null,
  messageId: '<x@example.com>',
  createdAt: '2026-03-01T09:00:00.000Z',
  sentAt: null,
  attachments: [],
  history: [],
  refusedCount: 0,
  expiresAfterMinutes: null,
  recipients: [],
} as EmailDetail;

describe('ComposeView', () => {
  it('flags an invalid address chip with the reason, and accepts "Name <address>"', async () => {
    const user = userEvent.setup();
    renderWith(<ComposeView accounts={[account()]} now={() => NOW} onQueued={() => {}} />, fakeEngine({}));
    const to = screen.getByLabelText('To');
    await user.type(to, 'Ada Lovelace <ada@example.com>{Enter}bob@example{Enter}');
    const chips = within(screen.getByRole('list', { name: 'To recipients' })).getAllByRole('listitem');
    const good = chips.find((chip) => chip.textContent?.includes('ada@example.com'));
    const bad = chips.find((chip) => chip.textContent?.includes('bob@example'));
    expect(good?.getAttribute('aria-invalid')).toBeNull();
    expect(good?.textContent).toContain('Ada Lovelace');
    expect(bad?.getAttribute('aria-invalid')).toBe('true');
    expect(bad?.textContent).toContain('needs a domain with a dot (example.com)');
  });

  it('reads a scheduled time in the chosen zone and says so, refusing a time that DST skips', async () => {
    const user = userEvent.setup();
    renderWith(<ComposeView accounts={[account()]} now={() => NOW} onQueued={() => {}} />, fakeEngine({}));
    await user.click(screen.getByRole('radio', { name: 'Schedule' }));
    await user.selectOptions(screen.getByLabelText('Time zone'), 'Europe/Paris');
    await user.click(screen.getByRole('button', { name: 'Monday 9:00 AM' }));
    expect((screen.getByLabelText('Date and time') as HTMLInputElement).value).toBe('2026-03-02T09:00');
    const summary = screen.getByTestId('schedule-summary');
    expect(summary.textContent).toContain('Europe/Paris (GMT+1)');
    expect(summary.textContent).toContain('Mar 2, 2026');
    expect(summary.textContent).toContain('9:00');
    // 29 March 2026, 02:30 does not exist in Paris (clocks jump from 02:00 to 03:00).
    fireEvent.change(screen.getByLabelText('Date and time'), { target: { value: '2026-03-29T02:30' } });
    expect(summary.textContent).toBe('That time does not exist in Europe/Paris: the clocks skip it for daylight saving time.');
  });

  it('finds a time zone by typing a city, and shows the same moment in this computer’s zone', async () => {
    const user = userEvent.setup();
    renderWith(<ComposeView accounts={[account()]} now={() => NOW} onQueued={() => {}} />, fakeEngine({}));
    await user.click(screen.getByRole('radio', { name: 'Schedule' }));
    await user.type(screen.getByLabelText('Find a time zone'), 'new york');
    expect((screen.getByLabelText('Time zone') as HTMLSelectElement).value).toBe('America/New_York');
    expect(within(screen.getByLabelText('Time zone')).getAllByRole('option').map((option) => option.textContent)).toEqual(['America/New York']);
    fireEvent.change(screen.getByLabelText('Date and time'), { target: { value: '2026-03-02T09:00' } });
    const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(screen.getByTestId('schedule-local').textContent).toBe(`That is ${new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: local }).format(Date.UTC(2026, 2, 2, 14, 0))} in your time zone (${local}).`);
  });

  it('asks before discarding, and an edit of scheduled mail is saved in place with its own time and zone', async () => {
    const user = userEvent.setup();
    const engine = fakeEngine({ 'queue:edit': (input) => ({ id: input.id }) });
    const seed = fromEmail(
      { ...scheduledDetail, attachments: [{ filename: 'plan.pdf', contentType: 'application/pdf', size: 10, sha256: 'c'.repeat(64) }] },
      { now: NOW },
    );
    let closed: number | null = null;
    renderWith(<ComposeView accounts={[account()]} seed={seed} now={() => NOW} onQueued={() => {}} onClosed={(id) => (closed = id)} />, engine);
    expect(screen.getByRole('heading', { name: 'Edit scheduled message' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Discard changes' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Keep editing' }));
    expect(closed).toBeNull();
    await user.clear(screen.getByLabelText('Subject'));
    await user.type(screen.getByLabelText('Subject'), 'Fixed');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(engine.callsTo('queue:edit')).toHaveLength(1));
    expect(engine.callsTo('queue:edit')[0]).toMatchObject({
      id: 5,
      sendAt: '2026-03-03T09:00',
      timeZone: 'America/New_York',
      message: { subject: 'Fixed', attachments: [{ sha256: 'c'.repeat(64), filename: 'plan.pdf' }] },
    });
    expect(engine.callsTo('queue:enqueue')).toEqual([]);
    expect(engine.callsTo('queue:processNow')).toEqual([]);
    expect(engine.callsTo('drafts:delete')).toEqual([{ id: 'edit-5' }]);
  });

  it('warns when attachments push the message over the account’s size limit', async () => {
    const small = account({ limits: { ...account().limits, maxMessageBytes: 4_000 } });
    renderWith(<ComposeView accounts={[small]} now={() => NOW} onQueued={() => {}} />, fakeEngine({}));
    expect(screen.queryByRole('alert')).toBeNull();
    const file = new File([new Uint8Array(3_500)], 'report.pdf', { type: 'application/pdf' });
    fireEvent.drop(screen.getByTestId('drop-zone'), { dataTransfer: { files: [file] } });
    expect(await screen.findByText('report.pdf')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/over this account’s limit of 3\.9 kB/);
  });

  it('queues exactly what the form holds, with the generated plain text, on Ctrl+Enter', async () => {
    const user = userEvent.setup();
    let queued = 0;
    const engine = fakeEngine({ 'queue:enqueue': () => ({ id: 42 }) });
    renderWith(<ComposeView accounts={[account({ id: 7 })]} now={() => NOW} onQueued={(id) => (queued = id)} />, engine);
    await user.type(screen.getByLabelText('To'), 'reader@example.com{Enter}');
    await user.type(screen.getByLabelText('Subject'), 'Minutes');
    const body = screen.getByRole('textbox', { name: 'Message body' });
    body.innerHTML = '<p>Hello <b>team</b></p><ul><li>one</li><li>two</li></ul>';
    fireEvent.input(body);
    fireEvent.drop(screen.getByTestId('drop-zone'), { dataTransfer: { files: [new File(['hi'], 'a.txt', { type: 'text/plain' })] } });
    await screen.findByText('a.txt');
    // The dropped file is stored (pinned to this compose's draft) and then referred to by checksum.
    await screen.findByText('2 bytes');
    const [attached] = engine.callsTo('drafts:attach') as Array<{ draftId: string; filename: string; contentBase64: string }>;
    expect(attached).toMatchObject({ filename: 'a.txt', contentBase64: 'aGk=', contentType: 'text/plain' });
    expect(attached?.draftId).toMatch(/^new-/u);
    fireEvent.keyDown(screen.getByLabelText('Subject'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(queued).toBe(42));
    expect(engine.callsTo('queue:enqueue')).toEqual([
      {
        accountId: 7,
        message: {
          to: [{ address: 'reader@example.com' }],
          cc: [],
          bcc: [],
          subject: 'Minutes',
          html: '<p>Hello <b>team</b></p><ul><li>one</li><li>two</li></ul>',
          text: 'Hello team\n\n- one\n- two',
          attachments: [{ sha256: expect.stringMatching(/^[0-9a-f]{64}$/u), filename: 'a.txt', contentType: 'text/plain' }],
        },
        undoable: true,
      },
    ]);
    // "Send now" without an undo delay also asks the engine to process what is due.
    expect(engine.callsTo('queue:processNow')).toHaveLength(1);
  });
});
