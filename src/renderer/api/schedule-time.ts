// Wall-clock arithmetic in a chosen time zone for the schedule picker: "tomorrow 09:00" and
// "Monday 09:00" are dates in the zone the mail is scheduled in, not in UTC.
import { parseSendAt, zoneOffsetMinutes } from '../../shared/send-at';

const pad = (value: number): string => String(value).padStart(2, '0');

/** The calendar date and weekday at instant `now` in `timeZone`. */
function zonedDate(now: number, timeZone: string): { year: number; month: number; day: number; weekday: number } {
  const shifted = new Date(now + zoneOffsetMinutes(now, timeZone) * 60_000);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(), weekday: shifted.getUTCDay() };
}

function wallClock(year: number, month: number, day: number, hour: number, minute: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(hour)}:${pad(minute)}`;
}

/** `YYYY-MM-DDTHH:mm` (what <input type="datetime-local"> holds) for tomorrow at 09:00. */
export function tomorrowAt9(now: number, timeZone: string): string {
  const today = zonedDate(now, timeZone);
  return wallClock(today.year, today.month, today.day + 1, 9, 0);
}

/** Next Monday at 09:00 (a week ahead when today is Monday). */
export function nextMondayAt9(now: number, timeZone: string): string {
  const today = zonedDate(now, timeZone);
  const ahead = ((8 - today.weekday) % 7) || 7;
  return wallClock(today.year, today.month, today.day + ahead, 9, 0);
}

/** The wall-clock time `minutes` from now in `timeZone`. */
export function inMinutes(now: number, timeZone: string, minutes: number): string {
  return wallClockAt(now + minutes * 60_000, timeZone);
}

/** `YYYY-MM-DDTHH:mm`: what the clocks of `timeZone` read at instant `at`. */
export function wallClockAt(at: number, timeZone: string): string {
  const shifted = new Date(at + zoneOffsetMinutes(at, timeZone) * 60_000);
  return `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}T${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}`;
}

export type ScheduleCheck = { ok: true; utc: number } | { ok: false; reason: 'invalid' | 'past' | 'dst-gap' | 'dst-overlap' };

/** Validates a picked time with the engine's own parser, plus "not in the past". */
export function checkSchedule(value: string, timeZone: string, now: number): ScheduleCheck {
  const parsed = parseSendAt(value, timeZone);
  if (!parsed.ok) {
    if (parsed.reason.includes('skip')) return { ok: false, reason: 'dst-gap' };
    if (parsed.reason.includes('twice')) return { ok: false, reason: 'dst-overlap' };
    return { ok: false, reason: 'invalid' };
  }
  if (parsed.utc < now - 60_000) return { ok: false, reason: 'past' };
  return { ok: true, utc: parsed.utc };
}

/** "GMT+1" style label for a zone at an instant, in `locale`. */
export function zoneLabel(timeZone: string, at: number, locale: string): string {
  const part = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'shortOffset' })
    .formatToParts(new Date(at))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Time zones the picker offers; the local one first. */
export function timeZones(local: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];
  return [local, ...all.filter((zone) => zone !== local)];
}
