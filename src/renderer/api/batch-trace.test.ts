// The rule the window's batch line and its live region share: a run that moved nothing and
// showed nothing leaves no trace; each keeps its own way of leaving none.
import { describe, expect, it } from 'vitest';
import { drawnAfter, leavesNoTrace, spokenAfter, type BatchProgress } from './batch-trace';

const EMPTY = { sent: 0, failed: 0, retrying: 0, held: 0, deferred: 0, uncertain: 0, stoppedBy: 'done' } as const;
const started: BatchProgress = { phase: 'started' };
const progress: BatchProgress = { phase: 'progress', progress: { sent: 0, failed: 0, retrying: 0, held: 0, uncertain: 0, inFlight: 1, claimed: 1, batchSize: 100 } };
const emptyFinish: BatchProgress = { phase: 'finished', summary: EMPTY };
const sentFinish: BatchProgress = { phase: 'finished', summary: { ...EMPTY, sent: 2 } };

describe('leavesNoTrace', () => {
  it('is a finish that moved nothing after nothing was shown', () => {
    expect(leavesNoTrace(null, emptyFinish)).toBe(true);
    expect(leavesNoTrace(sentFinish, emptyFinish)).toBe(true);
    // Deferred mail did not move: a window or a pause put it back.
    expect(leavesNoTrace(null, { phase: 'finished', summary: { ...EMPTY, deferred: 3 } })).toBe(true);
  });

  it('is not a run that showed progress, nor one that moved mail, nor anything but a finish', () => {
    expect(leavesNoTrace(progress, emptyFinish)).toBe(false);
    for (const moved of ['sent', 'failed', 'retrying', 'held', 'uncertain'] as const) expect(leavesNoTrace(null, { phase: 'finished', summary: { ...EMPTY, [moved]: 1 } })).toBe(false);
    expect(leavesNoTrace(null, started)).toBe(false);
    expect(leavesNoTrace(null, progress)).toBe(false);
  });
});

describe('what is drawn and what is said', () => {
  it('drawn: an empty run keeps the last finish on screen, or clears anything else', () => {
    expect(drawnAfter(sentFinish, emptyFinish)).toBe(sentFinish);
    expect(drawnAfter(started, emptyFinish)).toBeNull();
    expect(drawnAfter(progress, emptyFinish)).toBe(emptyFinish);
    expect(drawnAfter(sentFinish, started)).toBe(started);
  });

  it('said: a start is never read, and an empty run leaves the last words as they were', () => {
    expect(spokenAfter(sentFinish, started)).toBe(sentFinish);
    expect(spokenAfter(sentFinish, emptyFinish)).toBe(sentFinish);
    expect(spokenAfter(progress, emptyFinish)).toBe(emptyFinish);
    expect(spokenAfter(sentFinish, progress)).toBe(progress);
  });
});
