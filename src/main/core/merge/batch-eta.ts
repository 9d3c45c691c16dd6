// When a batch's last email should leave: the account's waiting mail is replayed, in the order the
// processor takes it, through the same pacing rules (a burst, then an even spread over the
// minute; never more than the per-minute and rolling 24-hour counts; only inside the sending
// window, when there is one). Pure: no clock, no
// database — the caller passes the limits, the recent sends and the queue.
import { burstSize, DAY_MS, MINUTE_MS } from '../processor/pacing';

export interface EtaInput {
  now: number;
  limits: { perDay: number; perMinute: number };
  /** Start times of this account's sends in the last 24 hours, oldest first. */
  recentSends: number[];
  /** The account's waiting mail in claim order (due time, then id), flagged when it is the batch's. */
  queue: ReadonlyArray<{ due: number; mine: boolean }>;
  /** The provider asked to back off until then. */
  pausedUntil?: number | null;
  /**
   * Sending windows: the first instant at or after `at` when an email may leave (the account's
   * window, narrowed by the batch's for `mine` items); Infinity when it never opens.
   */
  openAt?: (at: number, mine: boolean) => number;
}

/** The time the last `mine` email should start, or null when the batch has nothing waiting (or its window never opens). */
export function estimateFinish(input: EtaInput): number | null {
  const { perDay, perMinute } = input.limits;
  const burst = burstSize(perMinute);
  const interval = MINUTE_MS / perMinute;
  const sends = [...input.recentSends];
  let dayStart = 0;
  let minuteStart = 0;
  let clock = Math.max(input.now, input.pausedUntil ?? 0);
  let finish: number | null = null;
  items: for (const item of input.queue) {
    let at = Math.max(clock, item.due);
    // Each rule may push the time later; repeat until one pass moves nothing.
    for (let moved = true; moved; ) {
      moved = false;
      while (dayStart < sends.length && (sends[dayStart] as number) <= at - DAY_MS) dayStart += 1;
      while (minuteStart < sends.length && (sends[minuteStart] as number) <= at - MINUTE_MS) minuteStart += 1;
      const inDay = sends.length - dayStart;
      const inMinute = sends.length - minuteStart;
      let next = at;
      if (inDay >= perDay) next = Math.max(next, (sends[sends.length - perDay] as number) + DAY_MS);
      if (inMinute >= perMinute) next = Math.max(next, (sends[sends.length - perMinute] as number) + MINUTE_MS);
      else if (inMinute >= burst) next = Math.max(next, (sends[sends.length - 1] as number) + interval);
      // Mail only leaves inside its window: a burst may start again at the opening.
      if (input.openAt) next = input.openAt(next, item.mine);
      if (!Number.isFinite(next)) {
        if (item.mine) return null;
        continue items; // never leaves: takes no slot from the others
      }
      if (next > at) {
        at = next;
        moved = true;
      }
    }
    sends.push(at);
    clock = at;
    if (item.mine) finish = at;
  }
  return finish;
}
