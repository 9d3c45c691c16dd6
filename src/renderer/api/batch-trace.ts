// What the window keeps of a sending run, from the engine's `batch:progress` pushes: the line the
// sidebar draws and what its live region reads. Both follow one rule — a run that moved nothing
// and showed nothing leaves no trace (the scheduler looks every minute and usually finds nothing)
// — and each leaves none its own way.
import type { PushPayload } from '../../shared/ipc-contract';

export type BatchProgress = PushPayload<'batch:progress'>;
export type BatchState = BatchProgress | null;

/**
 * `payload` is a finish with nothing sent, failed, retrying, held or uncertain, after no progress was shown.
 * One that showed progress did take mail, even if none of it moved (a pause, a window, a local
 * wait): it ends with its finish, never left saying "Sending…".
 */
export function leavesNoTrace(previous: BatchState, payload: BatchProgress): boolean {
  if (payload.phase !== 'finished' || previous?.phase === 'progress') return false;
  const { sent, failed, retrying, held, uncertain } = payload.summary;
  return sent + failed + retrying + held + uncertain === 0;
}

/** What the sidebar draws after `payload`: a run that leaves no trace keeps the last finish on screen, or clears. */
export function drawnAfter(previous: BatchState, payload: BatchProgress): BatchState {
  if (!leavesNoTrace(previous, payload)) return payload;
  return previous?.phase === 'finished' ? previous : null;
}

/**
 * What the live region reads after `payload`, kept apart from what is drawn: several pushes may
 * reach one render (a finish, then the scheduler's empty catch-up pass), and the finish must
 * still be said — and a progress line held back for later must never come out after it. A start
 * says nothing new; a run that leaves no trace leaves the last words.
 */
export function spokenAfter(previous: BatchState, payload: BatchProgress): BatchState {
  return payload.phase === 'started' || leavesNoTrace(previous, payload) ? previous : payload;
}
