// @vitest-environment jsdom
// The schedule picker's quick times: built-in presets, the user's own, and a time typed in words
// (English and French), each shown back as an exact time and zone before it is used.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type QuickTime } from '../../shared/settings';
import { fakeEngine, renderWith } from '../test-support';
import { SchedulePicker } from './schedule-picker';

// Thursday 26 March 2026, 09:00 in Paris (UTC+1); clocks go to UTC+2 on Sunday the 29th.
const NOW = Date.UTC(2026, 2, 26, 8, 0);

function Harness({ now = NOW }: { now?: number }): ReactNode {
  const [value, setValue] = useState('');
  const [zone, setZone] = useState('Europe/Paris');
  return <SchedulePicker value={value} timeZone={zone} now={now} onChange={(v, z) => (setValue(v), setZone(z))} />;
}

const sendAtInput = () => screen.getByLabelText<HTMLInputElement>(/^(Date and time|Date et heure)$/u);
const summary = () => screen.getByTestId('schedule-summary').textContent ?? '';

function engineWith(quickTimes: QuickTime[] = [], language: 'en' | 'fr' = 'en') {
  return fakeEngine({ 'settings:get': () => ({ ...DEFAULT_SETTINGS, quickTimes, language }) });
}

describe('SchedulePicker quick times', () => {
  it('offers in 1 hour, this afternoon, tomorrow morning and Monday morning, in the chosen zone', async () => {
    const user = userEvent.setup();
    renderWith(<Harness />, engineWith());
    await user.click(screen.getByRole('button', { name: 'In 1 hour' }));
    expect(sendAtInput().value).toBe('2026-03-26T10:00');
    await user.click(screen.getByRole('button', { name: 'This afternoon 2:00 PM' }));
    expect(sendAtInput().value).toBe('2026-03-26T14:00');
    await user.click(screen.getByRole('button', { name: 'Tomorrow 9:00 AM' }));
    expect(sendAtInput().value).toBe('2026-03-27T09:00');
    expect(summary()).toMatch(/^Will send Mar 27, 2026, 9:00\sAM, Europe\/Paris \(GMT\+1\)\.$/u);
    await user.click(screen.getByRole('button', { name: 'Monday 9:00 AM' }));
    expect(sendAtInput().value).toBe('2026-03-30T09:00');
    // After the change to summer time: the summary says so.
    expect(summary()).toMatch(/^Will send Mar 30, 2026, 9:00\sAM, Europe\/Paris \(GMT\+2\)\.$/u);
  });

  it('leaves out "this afternoon" once it is nearly 14:00', () => {
    renderWith(<Harness now={Date.UTC(2026, 2, 26, 12, 45)} />, engineWith());
    expect(screen.queryByRole('button', { name: 'This afternoon 2:00 PM' })).toBeNull();
    expect(screen.getByRole('button', { name: 'In 1 hour' })).toBeTruthy();
  });

  it('shows the user’s own quick times and picks their next occurrence', async () => {
    const user = userEvent.setup();
    renderWith(<Harness />, engineWith([{ label: 'Friday wrap-up', day: 'fri', time: '16:00' }, { label: 'Thursday early', day: 'thu', time: '07:00' }]));
    await user.click(await screen.findByRole('button', { name: 'Friday wrap-up' }));
    expect(sendAtInput().value).toBe('2026-03-27T16:00');
    // Thursday 07:00 has passed today (it is 09:00): next week's.
    await user.click(screen.getByRole('button', { name: 'Thursday early' }));
    expect(sendAtInput().value).toBe('2026-04-02T07:00');
  });

  it('reads a time typed in English, shows it exactly, and uses it only when asked', async () => {
    const user = userEvent.setup();
    renderWith(<Harness />, engineWith());
    const typed = screen.getByLabelText('Or type a time');
    await user.type(typed, 'fri 3pm');
    expect(screen.getByTestId('typed-reading').textContent).toMatch(/^Reads as Mar 27, 2026, 3:00\sPM, Europe\/Paris \(GMT\+1\)\.$/u);
    expect(sendAtInput().value).toBe('');
    await user.click(screen.getByRole('button', { name: 'Use this time' }));
    expect(sendAtInput().value).toBe('2026-03-27T15:00');
    expect(summary()).toMatch(/Mar 27, 2026, 3:00\sPM, Europe\/Paris/u);

    await user.type(typed, 'tomorrow');
    await user.keyboard('{Enter}');
    expect(sendAtInput().value).toBe('2026-03-27T09:00');

    await user.type(typed, 'whenever you like');
    expect(screen.getByTestId('typed-reading').textContent).toContain('Not understood');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Use this time' }).disabled).toBe(true);
    await user.clear(typed);
    await user.type(typed, 'yesterday 9am');
    expect(screen.getByTestId('typed-reading').textContent).toContain('That time has passed');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Use this time' }).disabled).toBe(true);
  });

  it('reads French ("demain 9h", "lundi 8h30", "dans 2 heures") in a French window', async () => {
    const user = userEvent.setup();
    const { i18n } = renderWith(<Harness />, engineWith([], 'fr'), 'fr');
    expect(i18n.language).toBe('fr');
    const typed = screen.getByLabelText('Ou écrivez une heure');
    await user.type(typed, 'demain 9h');
    expect(screen.getByTestId('typed-reading').textContent).toMatch(/^Compris : 27 mars 2026, 09:00, Europe\/Paris \(UTC\+1\)\.$/u);
    await user.click(screen.getByRole('button', { name: 'Utiliser cette heure' }));
    expect(sendAtInput().value).toBe('2026-03-27T09:00');
    await user.type(typed, 'lundi 8h30{Enter}');
    expect(sendAtInput().value).toBe('2026-03-30T08:30');
    expect(summary()).toContain('(UTC+2)');
    await user.type(typed, 'dans 2 heures{Enter}');
    expect(sendAtInput().value).toBe('2026-03-26T11:00');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Dans 1 heure' })).toBeTruthy());
  });
});
