// Quick times for the schedule picker: the built-in presets, the user's own (settings), and
// what the user types in words ("fri 3pm", "demain 9h", read by chrono-node in English and
// French). Everything ends as a wall-clock `YYYY-MM-DDTHH:mm` in the chosen zone, which the
// picker then checks and shows back as an exact time and zone before anything is saved.
import * as chrono from 'chrono-node';
import { zoneOffsetMinutes } from '../../shared/send-at';
import type { QuickTime } from '../../shared/settings';
import { inMinutes, nextMondayAt9, tomorrowAt9 } from './schedule-time';

const pad = (value: number): string => String(value).padStart(2, '0');

function zonedNow(now: number, timeZone: string): { year: number; month: number; day: number; weekday: number; minutes: number } {
  const shifted = new Date(now + zoneOffsetMinutes(now, timeZone) * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    weekday: shifted.getUTCDay(),
    minutes: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
  };
}

function wallClock(year: number, month: number, day: number, hour: number, minute: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(hour)}:${pad(minute)}`;
}

export type BuiltInQuickTime = 'inOneHour' | 'thisAfternoon' | 'tomorrowMorning' | 'mondayMorning';

/** "This afternoon" (14:00) is offered only while it is still more than half an hour away. */
export function builtInQuickTimes(now: number, timeZone: string): Array<{ key: BuiltInQuickTime; value: string }> {
  const today = zonedNow(now, timeZone);
  const presets: Array<{ key: BuiltInQuickTime; value: string }> = [{ key: 'inOneHour', value: inMinutes(now, timeZone, 60) }];
  if (today.minutes < 13 * 60 + 30) presets.push({ key: 'thisAfternoon', value: wallClock(today.year, today.month, today.day, 14, 0) });
  presets.push({ key: 'tomorrowMorning', value: tomorrowAt9(now, timeZone) }, { key: 'mondayMorning', value: nextMondayAt9(now, timeZone) });
  return presets;
}

const WEEKDAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** A user's quick time at the next moment it names: today (if still ahead), tomorrow, or that weekday. */
export function quickTimeValue(preset: QuickTime, now: number, timeZone: string): string {
  const today = zonedNow(now, timeZone);
  const [hour = 0, minute = 0] = preset.time.split(':').map(Number);
  let ahead = 0;
  if (preset.day === 'tomorrow') ahead = 1;
  else if (preset.day !== 'today') {
    ahead = ((WEEKDAYS[preset.day] ?? 0) - today.weekday + 7) % 7;
    if (ahead === 0 && hour * 60 + minute <= today.minutes) ahead = 7;
  }
  return wallClock(today.year, today.month, today.day + ahead, hour, minute);
}

/**
 * Reads a time written in words, in the UI's language first and then the other. Relative words
 * are read from `now` in `timeZone`; a day without a time means 09:00.
 */
export function parseTypedTime(text: string, language: 'en' | 'fr', now: number, timeZone: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const reference = { instant: new Date(now), timezone: zoneOffsetMinutes(now, timeZone) };
  const parsers = language === 'fr' ? [chrono.fr, chrono.en] : [chrono.en, chrono.fr];
  for (const parser of parsers) {
    const [result] = parser.parse(trimmed, reference, { forwardDate: true });
    if (!result) continue;
    const start = result.start;
    const hourKnown = start.isCertain('hour');
    return wallClock(
      start.get('year') ?? 0,
      start.get('month') ?? 1,
      start.get('day') ?? 1,
      hourKnown ? (start.get('hour') ?? 9) : 9,
      hourKnown ? (start.get('minute') ?? 0) : 0,
    );
  }
  return null;
}
