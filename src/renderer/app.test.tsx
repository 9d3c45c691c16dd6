// @vitest-environment jsdom
// The window as a whole: keyboard shortcuts, live updates from the engine's pushes (counts and a
// running batch), held mail leading straight to relinking its account, drafts surviving a restart.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from './app';
import { account, counts, emailItem, fakeEngine, renderWith } from './test-support';

describe('App', () => {
  it('opens compose on Ctrl+N and focuses the search on / and Ctrl+F', async () => {
    renderWith(<App />, fakeEngine({}));
    fireEvent.keyDown(window, { key: 'n', ctrlKey: true });
    expect(await screen.findByRole('heading', { name: 'New message' })).toBeTruthy();
    fireEvent.keyDown(document.body, { key: '/' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Search the outbox')));
    fireEvent.keyDown(window, { key: 'n', metaKey: true });
    await screen.findByRole('heading', { name: 'New message' });
    fireEvent.keyDown(window, { key: 'f', ctrlKey: true });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Search the outbox')));
  });

  it('follows the engine’s pushes: counts and a running batch', async () => {
    const engine = fakeEngine({});
    renderWith(<App />, engine);
    const failedTab = await screen.findByRole('tab', { name: /^Failed/ });
    await waitFor(() => expect(failedTab.textContent).toBe('Failed0'));
    act(() => engine.push('queue:counts', { counts: counts({ failed: 4, scheduled: 2 }), due: 0, attention: 4 }));
    expect(failedTab.textContent).toBe('Failed4');
    expect(screen.getByRole('button', { name: /Outbox/ }).textContent).toContain('4');
    const progress = { sent: 3, failed: 1, retrying: 0, held: 0, uncertain: 0, inFlight: 2, claimed: 10, batchSize: 100 };
    act(() => engine.push('batch:progress', { phase: 'progress', progress }));
    expect(screen.getByText('Sending: 3 sent, 1 failed of 10 taken')).toBeTruthy();
    expect((screen.getByRole('progressbar', { name: 'Sending progress' }) as HTMLProgressElement).value).toBe(4);
    act(() => engine.push('batch:progress', { phase: 'finished', summary: { sent: 9, failed: 1, retrying: 0, held: 0, deferred: 0, uncertain: 0, stoppedBy: 'done' } }));
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(await screen.findByText('Batch finished: 9 sent, 1 failed.')).toBeTruthy();
    // The scheduler's next tick finds nothing to send: a listener is not told "0 sent" every minute.
    const empty = { sent: 0, failed: 0, retrying: 0, held: 0, deferred: 0, uncertain: 0, stoppedBy: 'done' } as const;
    act(() => engine.push('batch:progress', { phase: 'started' }));
    act(() => engine.push('batch:progress', { phase: 'finished', summary: empty }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.getByTestId('batch-announcement').textContent).toBe('Batch finished: 9 sent, 1 failed.');
    expect(screen.queryByText(/Batch finished: 0 sent/u)).toBeNull();
    // A run that took mail but moved none of it (a window closed meanwhile) still ends: the live
    // region does not stay on "Sending…".
    act(() => engine.push('batch:progress', { phase: 'started' }));
    act(() => engine.push('batch:progress', { phase: 'progress', progress: { ...progress, sent: 0, failed: 0, claimed: 1, inFlight: 1 } }));
    act(() => engine.push('batch:progress', { phase: 'finished', summary: { ...empty, deferred: 1 } }));
    await waitFor(() => expect(screen.getByTestId('batch-announcement').textContent).toBe('Batch finished: 0 sent, 0 failed.'));
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('announces the end of a batch even when the next, empty run arrives before the window redraws', async () => {
    const engine = fakeEngine({});
    renderWith(<App />, engine);
    await screen.findByRole('tab', { name: /^Failed/ });
    const summary = { sent: 0, failed: 1, retrying: 0, held: 0, deferred: 0, uncertain: 0, stoppedBy: 'done' } as const;
    act(() => engine.push('batch:progress', { phase: 'finished', summary }));
    const live = screen.getByTestId('batch-announcement');
    await waitFor(() => expect(live.textContent).toBe('Batch finished: 0 sent, 1 failed.'));
    // The next run: its progress is held back (said at most every few seconds) ...
    const progress = { sent: 0, failed: 0, retrying: 0, held: 0, uncertain: 0, inFlight: 1, claimed: 1, batchSize: 100 };
    act(() => engine.push('batch:progress', { phase: 'started' }));
    act(() => engine.push('batch:progress', { phase: 'progress', progress }));
    // ... then it finishes, and the scheduler's catch-up pass starts and finds nothing, all
    // before React draws again (one batched render).
    act(() => {
      engine.push('batch:progress', { phase: 'finished', summary: { ...summary, failed: 0, sent: 1 } });
      engine.push('batch:progress', { phase: 'started' });
      engine.push('batch:progress', { phase: 'finished', summary: { ...summary, failed: 0 } });
    });
    await waitFor(() => expect(live.textContent).toBe('Batch finished: 1 sent, 0 failed.'));
    // The held-back progress never comes out after the finish.
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    expect(live.textContent).toBe('Batch finished: 1 sent, 0 failed.');
  }, 20_000);

  it('takes held mail straight to relinking its account', async () => {
    const user = userEvent.setup();
    const held = emailItem(3, { status: 'held', subject: 'Waiting', accountId: 2, accountEmail: 'grace@outlook.com' });
    const engine = fakeEngine({
      'accounts:list': () => [account({ id: 2, email: 'grace@outlook.com', provider: 'outlook', state: 'needs-reauth' })],
      'queue:counts': () => ({ counts: counts({ held: 1 }), due: 0, attention: 0 }),
      'queue:list': () => ({ items: [held], hasMore: false }),
      'queue:get': () => ({ ...held, cc: [], bcc: [], replyTo: null, text: 'x', html: null, attachments: [], history: [], recipients: [] }),
    });
    renderWith(<App />, engine);
    await user.click(await screen.findByRole('tab', { name: /^Held/ }));
    await user.click(await screen.findByText('Waiting'));
    expect(await screen.findByText('Waiting for the account')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Relink the account' }));
    const panel = await screen.findByRole('form', { name: 'Relink Outlook' });
    expect((within(panel).getByLabelText('Email address') as HTMLInputElement).value).toBe('grace@outlook.com');
  });

  it('keeps what is being written as a draft and restores it after a restart', async () => {
    const user = userEvent.setup();
    const stored: Array<{ id: string; content: Record<string, unknown>; updatedAt: string }> = [];
    const handlers = {
      'accounts:list': () => [account()],
      'drafts:list': () => stored,
      'drafts:save': (input: { id?: string | undefined; content: Record<string, unknown> }) => {
        const draft = { id: input.id ?? '6b1f0a52-7c1d-4b8e-9a53-0d6f3f6f1a01', content: input.content, updatedAt: new Date().toISOString() };
        stored.splice(0, stored.length, draft);
        return draft;
      },
    };
    const first = renderWith(<App initialView="compose" />, fakeEngine(handlers));
    await user.type(await screen.findByLabelText('Subject'), 'Half-written');
    await user.type(screen.getByLabelText('To'), 'ana@example.com{Enter}');
    // Both edits saved (drafts are saved a moment after typing stops; under load the subject alone
    // can be saved first).
    await waitFor(() => expect(stored[0]?.content).toMatchObject({ subject: 'Half-written', to: [{ address: 'ana@example.com' }] }), { timeout: 10_000 });
    first.unmount();

    renderWith(<App initialView="compose" />, fakeEngine(handlers));
    await waitFor(() => expect((screen.getByLabelText('Subject') as HTMLInputElement).value).toBe('Half-written'), { timeout: 10_000 });
    expect(await within(screen.getByRole('list', { name: 'To recipients' })).findByText('ana@example.com', {}, { timeout: 10_000 })).toBeTruthy();
  });
});
