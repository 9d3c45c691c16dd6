// A series' RFC 5545 rule, read in an IANA zone. The rrule library does the calendar arithmetic on
// "floating" times — wall-clock readings stored as if they were UTC — so "every Monday 09:00" stays
// a plain 09:00 whatever the zone does; each reading is then turned into a real instant in the
// zone here (send-at.ts's offsets), which is what keeps 09:00 at 09:00 across DST changes.
import { RRule, type Options } from 'rrule';
import { zoneOffsetMinutes } from '../../../shared/send-at';

const DAY = 86_400_000;
const WEEKDAY = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/u;
const INT_LISTS = ['BYMONTH', 'BYMONTHDAY', 'BYYEARDAY', 'BYWEEKNO', 'BYSETPOS', 'BYHOUR', 'BYMINUTE', 'BYSECOND'];
const KNOWN = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'WKST', ...INT_LISTS]);
/** Mail more often than hourly is a loop, not a schedule. */
const FREQUENCIES = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY', 'HOURLY'];

export type RuleCheck = { ok: true; rule: string } | { ok: false; reason: string };

/** The wall clock `instant` shows in `timeZone`, as a floating time. */
export const floatingOf = (instant: number, timeZone: string): number => instant + zoneOffsetMinutes(instant, timeZone) * 60_000;

/**
 * The instant whose wall clock in `timeZone` reads `floating`. A reading the clocks skip (DST gap)
 * moves forward by the gap; one they show twice takes the first, as RFC 5545 says for DTSTART.
 */
export function instantOf(floating: number, timeZone: string): number {
  const candidates: number[] = [];
  for (const probe of [floating - DAY, floating, floating + DAY]) {
    const candidate = floating - zoneOffsetMinutes(probe, timeZone) * 60_000;
    if (floatingOf(candidate, timeZone) === floating) candidates.push(candidate);
  }
  if (candidates.length > 0) return Math.min(...candidates);
  return floating - zoneOffsetMinutes(floating - DAY, timeZone) * 60_000;
}

/** Checks and normalises the RRULE part of a rule ("RRULE:" prefix allowed), naming what is wrong. */
export function checkRule(text: string): RuleCheck {
  const body = text.trim().replace(/^RRULE:/iu, '').toUpperCase();
  if (body === '') return { ok: false, reason: 'is empty; give a rule such as FREQ=WEEKLY;BYDAY=MO' };
  if (/DTSTART|TZID|[\r\n]/u.test(body)) {
    return { ok: false, reason: 'give only the rule (FREQ=…); the first time comes from --send-at and the zone from --time-zone' };
  }
  const parts = new Map<string, string>();
  for (const part of body.split(';').filter((p) => p !== '')) {
    const [key = '', value = '', ...extra] = part.split('=');
    if (!KNOWN.has(key)) return { ok: false, reason: `"${key}" is not an RRULE part (FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTH, BYMONTHDAY, …)` };
    if (value === '' || extra.length > 0) return { ok: false, reason: `${key} needs one value (${key}=…)` };
    if (parts.has(key)) return { ok: false, reason: `${key} is given twice` };
    parts.set(key, value);
    if (key === 'FREQ' && !FREQUENCIES.includes(value)) {
      return { ok: false, reason: `FREQ=${value} is not supported; use ${FREQUENCIES.join(', ')}` };
    }
    if ((key === 'INTERVAL' || key === 'COUNT') && !/^[1-9]\d{0,3}$/u.test(value)) return { ok: false, reason: `${key} must be a whole number from 1 to 9999` };
    if (key === 'UNTIL' && !/^\d{8}(T\d{6}Z?)?$/u.test(value)) return { ok: false, reason: 'UNTIL must be a date such as 20301231 or 20301231T235959Z' };
    if (key === 'BYDAY' && !value.split(',').every((day) => WEEKDAY.test(day))) return { ok: false, reason: `BYDAY=${value} is not a list of days such as MO,TU or 2TU` };
    if (key === 'WKST' && !/^(MO|TU|WE|TH|FR|SA|SU)$/u.test(value)) return { ok: false, reason: `WKST=${value} is not a day (MO…SU)` };
    if (INT_LISTS.includes(key) && !/^[+-]?\d{1,3}(,[+-]?\d{1,3})*$/u.test(value)) return { ok: false, reason: `${key}=${value} is not a list of numbers` };
  }
  if (!parts.has('FREQ')) return { ok: false, reason: 'needs FREQ (DAILY, WEEKLY, MONTHLY, YEARLY or HOURLY)' };
  if (parts.has('COUNT') && parts.has('UNTIL')) return { ok: false, reason: 'give COUNT or UNTIL, not both' };
  const misfit = checkCombination(parts);
  if (misfit) return { ok: false, reason: misfit };
  try {
    RRule.parseString(body);
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  return { ok: true, rule: body.replace(/;+$/u, '') };
}

/** RFC 5545's ranges ("BYMONTHDAY: 1 to 31 or -31 to -1"); the rrule package wraps what is outside (BYHOUR=25 is 01:00). */
const RANGES: Record<string, { max: number; negative: boolean; min?: number }> = {
  BYSECOND: { min: 0, max: 60, negative: false },
  BYMINUTE: { min: 0, max: 59, negative: false },
  BYHOUR: { min: 0, max: 23, negative: false },
  BYMONTH: { max: 12, negative: false },
  BYMONTHDAY: { max: 31, negative: true },
  BYYEARDAY: { max: 366, negative: true },
  BYWEEKNO: { max: 53, negative: true },
  BYSETPOS: { max: 366, negative: true },
};

/**
 * What each part may hold and go with, by RFC 5545 §3.3.10. The rrule package quietly reads a
 * misfit as some other rule (WEEKLY;BYMONTHDAY=5 sent monthly), so it is refused here, naming it.
 * More than one BYMINUTE or BYSECOND would send several mails within the hour: refused like FREQ=MINUTELY.
 */
function checkCombination(parts: Map<string, string>): string | null {
  const freq = parts.get('FREQ') ?? '';
  for (const [key, range] of Object.entries(RANGES)) {
    const value = parts.get(key);
    if (value === undefined) continue;
    const min = range.min ?? 1;
    const fits = (n: number): boolean => (n >= min && n <= range.max) || (range.negative && n <= -1 && n >= -range.max);
    if (!value.split(',').every((n) => fits(Number(n)))) {
      return `${key}=${value} is out of range: each value must be ${min} to ${range.max}${range.negative ? ` or -${range.max} to -1` : ''}`;
    }
  }
  const days = parts.get('BYDAY')?.split(',') ?? [];
  const numbered = days.filter((day) => /\d/u.test(day));
  if (numbered.length > 0) {
    if (freq !== 'MONTHLY' && freq !== 'YEARLY') return `BYDAY=${parts.get('BYDAY')}: a numbered day (2TU, -1FR) needs FREQ=MONTHLY or YEARLY`;
    const limit = freq === 'MONTHLY' || parts.has('BYMONTH') ? 5 : 53;
    if (numbered.some((day) => Math.abs(Number.parseInt(day, 10)) < 1 || Math.abs(Number.parseInt(day, 10)) > limit)) {
      return `BYDAY=${parts.get('BYDAY')}: the number before a day must be 1 to ${limit} or -${limit} to -1`;
    }
  }
  const never = impossibleMonthDays(parts);
  if (never) return never;
  if (parts.has('BYMONTHDAY') && freq === 'WEEKLY') return 'BYMONTHDAY cannot be used with FREQ=WEEKLY (RFC 5545); use FREQ=MONTHLY';
  if (parts.has('BYWEEKNO') && freq !== 'YEARLY') return 'BYWEEKNO needs FREQ=YEARLY';
  if (parts.has('BYYEARDAY') && ['DAILY', 'WEEKLY', 'MONTHLY'].includes(freq)) return `BYYEARDAY cannot be used with FREQ=${freq} (RFC 5545); use FREQ=YEARLY`;
  if (parts.has('BYSETPOS') && ![...parts.keys()].some((key) => key.startsWith('BY') && key !== 'BYSETPOS')) {
    return 'BYSETPOS picks among the times another BY… part gives (BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1): give one';
  }
  for (const key of ['BYMINUTE', 'BYSECOND']) {
    if ((parts.get(key) ?? '').includes(',')) return `${key}=${parts.get(key)} would send more often than hourly; give one value`;
  }
  return null;
}

/**
 * Why an hourly rule can never give a time from its first one, or null. Every INTERVAL hours from
 * 09:00 only ever reads hours congruent to 9 modulo gcd(INTERVAL, 24): with none of those in
 * BYHOUR, the rrule package looks for the next hour forever (a loop with no year limit).
 */
export function unreachableHours(rule: string, startLocal: number): string | null {
  const parts = new Map(rule.split(';').map((part) => part.split('=') as [string, string]));
  const byHour = parts.get('BYHOUR');
  if (parts.get('FREQ') !== 'HOURLY' || byHour === undefined) return null;
  const interval = Number(parts.get('INTERVAL') ?? 1);
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const step = gcd(interval, 24);
  const start = new Date(startLocal).getUTCHours();
  if (byHour.split(',').some((hour) => (((Number(hour) - start) % step) + step) % step === 0)) return null;
  const from = `${String(start).padStart(2, '0')}:${new Date(startLocal).toISOString().slice(14, 16)}`;
  return `every ${interval} hours from ${from} never reaches BYHOUR=${byHour}; start at one of those hours or change INTERVAL`;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ordinal = (n: number): string => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

/**
 * BYMONTH with BYMONTHDAY days none of those months has (February 30th): said at once, rather than
 * found by the rrule package after searching every year up to 9999 (seconds of a busy window).
 */
function impossibleMonthDays(parts: Map<string, string>): string | null {
  const months = parts.get('BYMONTH')?.split(',').map(Number);
  const days = parts.get('BYMONTHDAY')?.split(',').map(Number);
  if (!months || !days) return null;
  if (months.some((month) => days.some((day) => Math.abs(day) <= (MONTH_DAYS[month - 1] ?? 0)))) return null;
  const names = months.map((month) => MONTH_NAMES[month - 1] ?? String(month));
  const said = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''} have` : `${names[0] ?? ''} has`;
  return `BYMONTH=${parts.get('BYMONTH')};BYMONTHDAY=${parts.get('BYMONTHDAY')} never happens: ${said} no ${days.map((day) => ordinal(Math.abs(day))).join(' or ')}`;
}

/** A checked rule anchored at its first time (floating) in its zone. */
export class SeriesRule {
  private readonly rrule: RRule;

  constructor(
    readonly rule: string,
    readonly timeZone: string,
    readonly startLocal: number,
  ) {
    const parsed: Partial<Options> = RRule.parseString(rule);
    const untilText = /UNTIL=(\d{8}(T\d{6}Z?)?)/u.exec(rule)?.[1];
    if (parsed.until && untilText) {
      // UNTIL in UTC is an instant: compare it as the zone's wall clock then. A bare date means
      // "until the end of that day"; a local date-time is already a wall clock.
      const until = parsed.until.getTime();
      if (untilText.endsWith('Z')) parsed.until = new Date(floatingOf(until, timeZone));
      else if (untilText.length === 8) parsed.until = new Date(until + DAY - 1000);
    }
    this.rrule = new RRule({ ...parsed, dtstart: new Date(startLocal), tzid: null });
  }

  /** The first occurrence (an instant) after `instant` (or at it, with `inclusive`); null when the rule has ended. */
  next(instant: number, inclusive = false): number | null {
    const floating = Math.floor(floatingOf(instant, this.timeZone) / 1000) * 1000;
    const found = this.rrule.after(new Date(floating), inclusive);
    return found ? instantOf(found.getTime(), this.timeZone) : null;
  }

  /** Up to `count` occurrences from `instant` on (inclusive). */
  upcoming(instant: number, count: number): number[] {
    const times: number[] = [];
    let at: number | null = this.next(instant, true);
    while (at !== null && times.length < count) {
      times.push(at);
      at = this.next(at);
    }
    return times;
  }
}

/** `2030-03-25T09:00:00+02:00`: the instant as the zone's wall clock with its offset. */
export function isoWithOffset(instant: number, timeZone: string): string {
  const offset = zoneOffsetMinutes(instant, timeZone);
  const wall = new Date(Math.floor(instant / 1000) * 1000 + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
