// @vitest-environment jsdom
// The attempt log numbers tries in the order they happened. The engine's `attempt` is the counted
// attempt, which "Retry" starts again and a postponed try gives back; a person reading the log
// must see four tries as 1–4, not "1, 2, 1, 1".
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AttemptRecord } from '../../shared/domain';
import { fakeEngine, renderWith } from '../test-support';
import { AttemptLog } from './attempt-log';

const at = (minute: number): string => new Date(Date.UTC(2026, 2, 2, 8, minute)).toISOString();
const attempt = (counted: number, minute: number, outcome: AttemptRecord['outcome'], errorCode: string | null = null): AttemptRecord => ({
  attempt: counted,
  startedAt: at(minute),
  finishedAt: at(minute),
  outcome,
  errorCode,
  providerCode: null,
  message: null,
});

describe('AttemptLog', () => {
  it('numbers the tries by their order, across a retry and a postponed try', () => {
    // As the engine records it: two counted failures, the user's Retry, a try postponed by a
    // rate limit (its number given back), then the try that sent.
    const history = [attempt(1, 0, 'retry', 'smtp-421'), attempt(2, 5, 'failed', 'smtp-550'), attempt(1, 30, 'deferred', 'rate-limited'), attempt(1, 31, 'sent')];
    renderWith(<AttemptLog history={history} />, fakeEngine({}));
    const entries = within(screen.getByRole('list', { name: 'Attempt log' })).getAllByRole('listitem');
    expect(entries.map((entry) => entry.querySelector('.attempt-number')?.textContent)).toEqual(['Attempt 1', 'Attempt 2', 'Attempt 3', 'Attempt 4']);
    expect(entries.map((entry) => entry.querySelector('.outcome')?.textContent)).toEqual(['Will retry', 'Failed', 'Postponed (not counted)', 'Sent']);
  });
});
