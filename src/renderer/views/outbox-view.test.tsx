// @vitest-environment jsdom
// Outbox: tab counts come from the engine, 100,000 rows stay windowed (only the visible rows are
// in the DOM, loaded page by page), and the detail pane tells what happened in plain words.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { StatusCounts } from '../../shared/domain';
import type { EmailDetail } from '../api/types';
import { counts, emailItem, fakeEngine, renderWith } from '../test-support';
import { OutboxView, ROW_HEIGHT, type OutboxTab } from './outbox-view';

function Harness({ initialCounts, initialTab = 'scheduled' }: { initialCounts: StatusCounts; initialTab?: OutboxTab }) {
  const [tab, setTab] = useState<OutboxTab>(initialTab);
  const [selected, setSelected] = useState<number | null>(null);
  return (
    <OutboxView
      counts={initialCounts}
      attention={initialCounts.failed + initialCounts.held + initialCounts.uncertain}
      version={0}
      tab={tab}
      onTab={setTab}
      selectedId={selected}
      onSelectId={setSelected}
      onEdit={() => {}}
      onResendRefused={() => {}}
      onRelink={() => {}}
    />
  );
}

const TOTAL = 100_000;
const bigQueue = fakeEngineWithRows(TOTAL);

function fakeEngineWithRows(total: number) {
  return () =>
    fakeEngine({
      'queue:list': (input) => {
        const offset = input.offset ?? 0;
        const limit = input.limit ?? 50;
        const items = [];
        for (let index = offset; index < Math.min(total, offset + limit); index += 1) items.push(emailItem(total - index));
        return { items, hasMore: offset + limit < total };
      },
    });
}

describe('OutboxView', () => {
  it('shows each tab with the engine’s count', () => {
    renderWith(<Harness initialCounts={counts({ scheduled: 12, queued: 3, sent: 1234, failed: 2, uncertain: 1 })} />, fakeEngine({}));
    const tab = (name: RegExp) => screen.getByRole('tab', { name });
    expect(tab(/^Scheduled/).textContent).toBe('Scheduled12');
    expect(tab(/^Sent/).textContent).toBe('Sent1,234');
    expect(tab(/^Failed/).textContent).toBe('Failed2');
    expect(tab(/^All/).textContent).toBe('All1,252');
    expect(tab(/^Scheduled/).getAttribute('aria-selected')).toBe('true');
  });

  it('renders only the visible rows of 100,000 and fetches pages as the list scrolls', async () => {
    const engine = bigQueue();
    renderWith(<Harness initialCounts={counts({ scheduled: TOTAL })} />, engine);
    const list = screen.getByRole('listbox');
    await within(list).findByText('Message 100000');
    const spacer = list.firstElementChild as HTMLElement;
    expect(spacer.style.height).toBe(`${TOTAL * ROW_HEIGHT}px`);
    const visible = within(list).getAllByRole('option');
    expect(visible.length).toBeGreaterThan(5);
    expect(visible.length).toBeLessThan(40);
    expect(visible[0]?.getAttribute('aria-setsize')).toBe(String(TOTAL));

    // Jump to the middle: the rows there are rendered (and fetched), the first ones are gone.
    list.scrollTop = 50_000 * ROW_HEIGHT;
    fireEvent.scroll(list);
    await within(list).findByText('Message 50000');
    expect(within(list).queryByText('Message 100000')).toBeNull();
    expect(within(list).getAllByRole('option').length).toBeLessThan(40);
    const offsets = engine.callsTo('queue:list').map((input) => (input as { offset: number }).offset);
    expect(offsets).toContain(50_000 - (50_000 % 200));
    expect(offsets.length).toBeLessThan(5); // pages in view only, never the whole queue
  });

  it('shows the attempt log with each error in plain words, and retries a failed email', async () => {
    const user = userEvent.setup();
    const failed = emailItem(9, {
      status: 'failed',
      subject: 'Quarterly report',
      to: ['nobody@example.com'],
      attempts: 1,
      lastError: '550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown',
      lastErrorCode: 'smtp-550',
    });
    const detail: EmailDetail = {
      ...failed,
      cc: [],
      bcc: [],
      replyTo: null,
      text: 'Numbers attached.',
      html: null,
      attachments: [{ filename: 'q3.pdf', contentType: 'application/pdf', size: 2048, sha256: 'abc' }],
      history: [
        { attempt: 1, startedAt: '2026-03-02T08:00:00.000Z', finishedAt: '2026-03-02T08:00:01.000Z', outcome: 'failed', errorCode: 'smtp-550', providerCode: '550', message: '5.1.1 Recipient address rejected: User unknown' },
      ],
      recipients: [],
    };
    const engine = fakeEngine({
      'queue:list': () => ({ items: [failed], hasMore: false }),
      'queue:get': () => detail,
      'queue:retry': () => ({ count: 1 }),
    });
    renderWith(<Harness initialCounts={counts({ failed: 1 })} initialTab="failed" />, engine);
    await user.click(await screen.findByText('Quarterly report'));
    const pane = await screen.findByRole('complementary', { name: 'Message details' });
    const log = await within(pane).findByRole('list', { name: 'Attempt log' });
    expect(within(log).getByText('Attempt 1')).toBeTruthy();
    expect(within(log).getByText(/refused a recipient: the address probably does not exist/)).toBeTruthy();
    expect(within(log).getByText('5.1.1 Recipient address rejected: User unknown')).toBeTruthy();
    expect(within(pane).getByText('q3.pdf')).toBeTruthy();
    expect(within(pane).getByText('Numbers attached.')).toBeTruthy();
    await user.click(within(pane).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(engine.callsTo('queue:retry')).toEqual([{ id: 9 }]));
  });

  it('offers a decision for uncertain mail: mark as sent or send again', async () => {
    const user = userEvent.setup();
    const uncertain = emailItem(5, { status: 'uncertain', subject: 'Invoice', lastError: 'connection closed after DATA', lastErrorCode: 'smtp-no-confirmation' });
    const engine = fakeEngine({
      'queue:list': () => ({ items: [uncertain], hasMore: false }),
      'queue:get': () => ({ ...uncertain, cc: [], bcc: [], replyTo: null, text: 'x', html: null, attachments: [], history: [], recipients: [] }),
      'queue:markSent': () => null,
    });
    renderWith(<Harness initialCounts={counts({ uncertain: 1 })} initialTab="uncertain" />, engine);
    await user.click(await screen.findByText('Invoice'));
    expect(await screen.findByText('Was it delivered? Facteur cannot tell.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Send again' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Mark as sent' }));
    await waitFor(() => expect(engine.callsTo('queue:markSent')).toEqual([{ id: 5 }]));
  });

  it('asks before cancelling a message, and cancels only on confirmation', async () => {
    const user = userEvent.setup();
    const item = emailItem(7, { status: 'scheduled', subject: 'Party invite' });
    const engine = fakeEngine({
      'queue:list': () => ({ items: [item], hasMore: false }),
      'queue:get': () => ({ ...item, cc: [], bcc: [], replyTo: null, text: 'x', html: null, attachments: [], history: [], recipients: [] }),
      'queue:cancel': () => null,
    });
    renderWith(<Harness initialCounts={counts({ scheduled: 1 })} />, engine);
    await user.click(await screen.findByText('Party invite'));
    await user.click(await screen.findByRole('button', { name: 'Cancel message' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(within(dialog).getByText('Cancel “Party invite”?')).toBeTruthy();
    // Focus starts on the safe choice; keeping the message changes nothing.
    await user.click(within(dialog).getByRole('button', { name: 'Keep message' }));
    expect(engine.callsTo('queue:cancel')).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Cancel message' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Cancel message' }));
    await waitFor(() => expect(engine.callsTo('queue:cancel')).toEqual([{ id: 7 }]));
  });

  it('searches through the engine and reschedules in a chosen zone', async () => {
    const user = userEvent.setup();
    const item = emailItem(4, { subject: 'Board pack' });
    const engine = fakeEngine({
      'queue:list': (input) => ({ items: input.search === 'board' || input.search === undefined ? [item] : [], hasMore: false }),
      'queue:get': () => ({ ...item, cc: [], bcc: [], replyTo: null, text: 'x', html: null, attachments: [], history: [], recipients: [] }),
      'queue:reschedule': () => null,
    });
    renderWith(<Harness initialCounts={counts({ scheduled: 1 })} />, engine);
    await user.type(screen.getByLabelText('Search the outbox'), 'nothing');
    expect(await screen.findByText('No message matches this search.')).toBeTruthy();
    await user.clear(screen.getByLabelText('Search the outbox'));
    await user.type(screen.getByLabelText('Search the outbox'), 'board');
    await user.click(await screen.findByText('Board pack'));
    expect(engine.callsTo('queue:list').some((input) => (input as { search?: string }).search === 'board')).toBe(true);

    await user.click(await screen.findByRole('button', { name: 'Reschedule' }));
    await user.selectOptions(screen.getByLabelText('Time zone'), 'America/New_York');
    fireEvent.change(screen.getByLabelText('Date and time'), { target: { value: '2031-07-04T08:30' } });
    await user.click(screen.getByRole('button', { name: 'Save new time' }));
    await waitFor(() => expect(engine.callsTo('queue:reschedule')).toEqual([{ id: 4, sendAt: '2031-07-04T08:30', timeZone: 'America/New_York' }]));
  });
});
