// Sending windows: the days of the week and hours of the day, in an IANA time zone, when an
// account (or a mail merge batch) may send — "Mon–Fri 09:00–17:30 Europe/Paris". Mail due
// outside the window waits for its opening.
//
// Everything is read on the zone's wall clock, so 09:00 in Paris is 09:00 local on both sides of
// a daylight-saving change. A range whose start does not exist on a given day (the clocks skip
// it) opens at the first instant after the gap; a wall time that happens twice opens at the first.
// Pure: no Node, no DOM; the engine, the CLI and the UI all use these functions.
import { z } from 'zod';
import { isValidTimeZone } from './send-at';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const HHMM = /^([01]\d|2[0-4]):([0-5]\d)$/u;

/** Minutes since midnight of "HH:MM" (24:00 allowed as the end of the day), or null. */
export function minutesOf(value: string): number | null {
  const match = HHMM.exec(value);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes > 24 * 60 ? null : minutes;
}

export const hourRangeSchema = z
  .object({
    start: z.string().refine((v) => minutesOf(v) !== null && minutesOf(v) !== 24 * 60, { message: 'must be a time of day HH:MM (00:00–23:59)' }),
    end: z.string().refine((v) => minutesOf(v) !== null, { message: 'must be a time of day HH:MM (00:00–24:00)' }),
  })
  .strict()
  .refine((r) => (minutesOf(r.start) ?? 0) < (minutesOf(r.end) ?? 0), { message: 'must end after it starts (use two ranges to span midnight)', path: ['end'] });
export type HourRange = z.infer<typeof hourRangeSchema>;

export const sendingWindowSchema = z
  .object({
    days: z
      .array(z.enum(WEEKDAYS, { message: `must be one of ${WEEKDAYS.join(', ')}` }))
      .min(1, { message: 'give at least one day' })
      .refine((days) => new Set(days).size === days.length, { message: 'names a day twice' }),
    hours: z
      .array(hourRangeSchema)
      .min(1, { message: 'give at least one range of hours' })
      .max(12, { message: 'at most 12 ranges' })
      .refine((ranges) => !overlapping(ranges), { message: 'ranges overlap' }),
    timeZone: z.string().refine(isValidTimeZone, { message: 'is not a known IANA time zone (e.g. Europe/Paris)' }),
  })
  .strict();
export type SendingWindow = z.infer<typeof sendingWindowSchema>;

function overlapping(ranges: HourRange[]): boolean {
  const sorted = ranges.map((r) => [minutesOf(r.start) ?? 0, minutesOf(r.end) ?? 0] as const).sort((a, b) => a[0] - b[0]);
  return sorted.some((range, i) => i > 0 && range[0] < (sorted[i - 1] as readonly [number, number])[1]);
}

/** "mon-fri", "mon,wed,fri", "sat-sun,wed", "mon-sun": the days in week order. Throws a reason. */
export function parseDays(text: string): Weekday[] {
  const days = new Set<Weekday>();
  const index = (name: string): number => {
    const at = WEEKDAYS.indexOf(name.trim().toLowerCase().slice(0, 3) as Weekday);
    if (at < 0 || name.trim().length < 3) throw new Error(`"${name.trim()}" is not a day (mon, tue, wed, thu, fri, sat, sun)`);
    return at;
  };
  for (const part of text.split(',')) {
    if (!part.trim()) throw new Error(`"${text}" has an empty item`);
    const [from, to, extra] = part.split('-');
    if (extra !== undefined) throw new Error(`"${part}" is not a day or a range of days`);
    const start = index(from as string);
    const end = to === undefined ? start : index(to);
    // A range may wrap over the weekend: "fri-mon".
    for (let i = start; ; i = (i + 1) % 7) {
      days.add(WEEKDAYS[i] as Weekday);
      if (i === end) break;
    }
  }
  return WEEKDAYS.filter((day) => days.has(day));
}

/** "09:00-17:30" (also "9:00–17:30") as a range; throws a reason. */
export function parseHours(text: string): HourRange {
  const match = /^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$/u.exec(text);
  if (!match) throw new Error(`"${text}" is not a range of hours such as 09:00-17:30`);
  const pad = (h: string, m: string): string => `${h.padStart(2, '0')}:${m}`;
  return { start: pad(match[1] as string, match[2] as string), end: pad(match[3] as string, match[4] as string) };
}

// --- the zone's wall clock ---------------------------------------------------------------

interface Wall {
  /** The wall-clock reading as if it were UTC (for arithmetic on local dates). */
  ms: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  /** Minutes since local midnight. */
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (formatters.size < 200) formatters.set(timeZone, format);
  }
  return format;
}

function wallOf(instant: number, timeZone: string): Wall {
  const parts = formatter(timeZone).formatToParts(new Date(instant));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const ms = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) + (((instant % 1000) + 1000) % 1000);
  return { ms, weekday: (new Date(ms).getUTCDay() + 6) % 7, minute: get('hour') * 60 + get('minute') };
}

const offsetAt = (instant: number, timeZone: string): number => wallOf(instant, timeZone).ms - instant;

const DAY = 86_400_000;

/**
 * The first instant whose wall clock reads `wallMs` in `timeZone` or later: the wall time itself
 * (the earlier of two when the clocks go back), or the end of the gap when the clocks skip it.
 */
function instantOf(wallMs: number, timeZone: string): number {
  const before = offsetAt(wallMs - DAY, timeZone);
  const after = offsetAt(wallMs + DAY, timeZone);
  const matches = [wallMs - before, wallMs - after].filter((t) => t + offsetAt(t, timeZone) === wallMs);
  if (matches.length > 0) return Math.min(...matches);
  // In a gap: the transition lies between these two instants; find it to the millisecond.
  let low = Math.min(wallMs - before, wallMs - after);
  let high = Math.max(wallMs - before, wallMs - after);
  const lowOffset = offsetAt(low, timeZone);
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (offsetAt(mid, timeZone) === lowOffset) low = mid;
    else high = mid;
  }
  return high;
}

const rangeMinutes = (range: HourRange): [number, number] => [minutesOf(range.start) ?? 0, minutesOf(range.end) ?? 0];

/** Whether mail may leave at `instant`. */
export function isOpen(window: SendingWindow, instant: number): boolean {
  const wall = wallOf(instant, window.timeZone);
  if (!window.days.includes(WEEKDAYS[wall.weekday] as Weekday)) return false;
  return window.hours.some((range) => {
    const [start, end] = rangeMinutes(range);
    return wall.minute >= start && wall.minute < end;
  });
}

/**
 * The first instant at or after `instant` when the window is open (`instant` itself when it is
 * open now), or null when it never opens (every range falls in a skipped hour — not a real case).
 */
export function nextOpening(window: SendingWindow, instant: number): number | null {
  if (isOpen(window, instant)) return instant;
  const wall = wallOf(instant, window.timeZone);
  const midnight = wall.ms - (wall.ms % 60_000) - wall.minute * 60_000;
  let best: number | null = null;
  // Every range start from yesterday (a start repeated when the clocks go back) to eight days on.
  for (let day = -1; day <= 8; day += 1) {
    const dayStart = midnight + day * DAY;
    const weekday = WEEKDAYS[(((wall.weekday + day) % 7) + 7) % 7] as Weekday;
    if (!window.days.includes(weekday)) continue;
    for (const range of window.hours) {
      const [start] = rangeMinutes(range);
      const wallStart = dayStart + start * 60_000;
      const candidates = [instantOf(wallStart, window.timeZone)];
      // The later reading of a wall time that happens twice may also open the window.
      const later = wallStart - offsetAt(wallStart + DAY, window.timeZone);
      if (later + offsetAt(later, window.timeZone) === wallStart) candidates.push(later);
      for (const at of candidates) {
        if (at > instant && (best === null || at < best) && isOpen(window, at)) best = at;
      }
    }
    // A later day's openings come later on the wall clock: the first day with one has the answer.
    if (best !== null) break;
  }
  return best;
}

/**
 * The first instant at or after `instant` when every window given is open (an account's window
 * and its batch's, say). Null when they never meet in the coming weeks.
 */
export function nextOpeningOfAll(windows: ReadonlyArray<SendingWindow>, instant: number): number | null {
  let at = instant;
  for (let round = 0; round < 64; round += 1) {
    let moved = false;
    for (const window of windows) {
      const next = nextOpening(window, at);
      if (next === null) return null;
      if (next !== at) {
        at = next;
        moved = true;
      }
    }
    if (!moved) return at;
  }
  return null;
}

/** "Mon 09:00" on the window's own clock, for the reason shown to the user. */
export function wallLabel(instant: number, timeZone: string): string {
  const wall = wallOf(instant, timeZone);
  const name = WEEKDAYS[wall.weekday] as string;
  const hh = String(Math.floor(wall.minute / 60)).padStart(2, '0');
  const mm = String(wall.minute % 60).padStart(2, '0');
  return `${name[0]?.toUpperCase()}${name.slice(1)} ${hh}:${mm}`;
}

/** "mon-fri 09:00-17:30 Europe/Paris", for tables and logs. */
export function describeWindow(window: SendingWindow): string {
  const days = window.days.map((d) => WEEKDAYS.indexOf(d));
  const consecutive = days.every((d, i) => i === 0 || d === (days[i - 1] as number) + 1);
  const dayText = days.length > 2 && consecutive ? `${window.days[0]}-${window.days.at(-1)}` : window.days.join(',');
  return `${dayText} ${window.hours.map((r) => `${r.start}-${r.end}`).join(',')} ${window.timeZone}`;
}
