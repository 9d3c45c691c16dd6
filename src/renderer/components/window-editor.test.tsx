// @vitest-environment jsdom
// The sending window editor: what the user picks is what is saved; a window without days is refused
// in words naming the field; switched off, it saves "any time" (null).
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { account, fakeEngine, renderWith } from '../test-support';
import { WindowEditor, WindowSummary } from './window-editor';

const office = { days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, hours: [{ start: '09:00', end: '17:30' }], timeZone: 'Europe/Paris' };

describe('WindowEditor', () => {
  it('saves the days, hours and zone picked, with a second range of hours', async () => {
    const user = userEvent.setup();
    const saved: unknown[] = [];
    renderWith(<WindowEditor account={account({ sendingWindow: { ...office, days: [...office.days] } })} onSave={(w) => saved.push(w)} onCancel={() => {}} />, fakeEngine({}));
    await user.click(screen.getByRole('button', { name: 'Friday' }));
    await user.click(screen.getByRole('button', { name: 'Saturday' }));
    await user.click(screen.getByRole('button', { name: 'Add hours' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(saved).toEqual([
      { days: ['mon', 'tue', 'wed', 'thu', 'sat'], hours: [{ start: '09:00', end: '17:30' }, { start: '17:30', end: '18:30' }], timeZone: 'Europe/Paris' },
    ]);
  });

  it('refuses a window without days, naming the field, and saves nothing', async () => {
    const user = userEvent.setup();
    const saved: unknown[] = [];
    renderWith(<WindowEditor account={account({ sendingWindow: { ...office, days: ['mon'] } })} onSave={(w) => saved.push(w)} onCancel={() => {}} />, fakeEngine({}));
    await user.click(screen.getByRole('button', { name: 'Monday' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('alert').textContent).toBe('Days: give at least one day');
    expect(saved).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Monday' }));
    await user.clear(screen.getByLabelText('From (range 1)'));
    await user.type(screen.getByLabelText('From (range 1)'), '18:00');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('alert').textContent).toBe('Hours: must end after it starts (use two ranges to span midnight)');
    expect(saved).toEqual([]);
  });

  it('switched off, saves null: the account sends at any time', async () => {
    const user = userEvent.setup();
    const saved: unknown[] = [];
    renderWith(<WindowEditor account={account({ sendingWindow: { ...office, days: [...office.days] } })} onSave={(w) => saved.push(w)} onCancel={() => {}} />, fakeEngine({}));
    await user.click(screen.getByRole('checkbox', { name: 'Only send on these days and hours' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(saved).toEqual([null]);
  });

  it('writes the hours in its summary as every other time is written (9:00 AM in English, 09:00 in French)', () => {
    renderWith(<WindowSummary window={{ ...office, days: ['mon', 'fri'] }} />, fakeEngine({}));
    expect(screen.getByTestId('window-summary').textContent?.replace(/\s/gu, ' ')).toBe('Sends Mon Fri · 9:00 AM–5:30 PM (Europe/Paris)');
  });
});
