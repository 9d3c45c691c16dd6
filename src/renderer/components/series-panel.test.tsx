// @vitest-environment jsdom
// A series in the detail pane says its rule in words whether it is running, stopped or finished:
// a stopped series has no next time, so its words come from the occurrence shown, never the raw rule.
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeEngine, renderWith } from '../test-support';
import { SeriesPanel } from './series-panel';

const weekly = { id: 4, rule: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20311231', timeZone: 'Europe/Paris' };
const panel = (series: Parameters<typeof SeriesPanel>[0]['series'], occurrenceAt: string, language: 'en' | 'fr' = 'en') =>
  renderWith(<SeriesPanel series={series} occurrenceAt={occurrenceAt} run={() => Promise.resolve()} />, fakeEngine({}), language);
const text = (): string => (screen.getByTestId('series-panel').textContent ?? '').replace(/\s/gu, ' ');

describe('SeriesPanel', () => {
  it('says a running series in words with the next times', () => {
    panel({ ...weekly, state: 'active', upcoming: ['2031-03-17T09:00:00+01:00', '2031-03-24T09:00:00+01:00'] }, '2031-03-17T08:00:00.000Z');
    expect(text()).toContain('Every Monday at 9:00 AM, until Dec 31, 2031 (Europe/Paris)');
  });

  it('says a stopped series in the same words, stopped — in the zone of the series, not UTC', () => {
    // 08:00 UTC is 09:00 in Paris (winter): "Every Monday at 9:00 AM", not the raw rule.
    panel({ ...weekly, state: 'stopped', upcoming: [] }, '2031-03-17T08:00:00.000Z');
    expect(text()).toContain('Every Monday at 9:00 AM, until Dec 31, 2031 (Europe/Paris), stopped');
    expect(text()).toContain('This series is stopped');
    expect(screen.queryByRole('button', { name: 'Stop series' })).toBeNull();
  });

  it('says a finished series in words too, in French', () => {
    panel({ ...weekly, rule: 'FREQ=DAILY;COUNT=3', state: 'finished', upcoming: [] }, '2031-03-31T07:00:00.000Z', 'fr');
    expect(text()).toContain('Chaque jour à 09:00, 3 fois (Europe/Paris), terminée');
  });
});
