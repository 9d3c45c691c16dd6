// The compose form's "Repeat" choice turned into an RFC 5545 rule for the engine, and said back
// in plain words ("Every weekday at 9:00, until 31 Dec"). The common choices read their day from
// the first send time, so "weekly" is "every <that weekday>" and "monthly" "the <nth weekday>".
import type { TFunction } from 'i18next';
import { formatWallTime } from './format';

export const REPEAT_KINDS = ['none', 'daily', 'weekdays', 'weekly', 'monthly', 'custom'] as const;
export type RepeatKind = (typeof REPEAT_KINDS)[number];
export type RepeatEnd = 'never' | 'until' | 'count';

export interface RepeatChoice {
  kind: RepeatKind;
  /** The rule typed by the user for `custom` (FREQ=…). */
  custom: string;
  end: RepeatEnd;
  /** `YYYY-MM-DD`, the last day (inclusive) for `end: until`. */
  until: string;
  count: number;
}

export const NO_REPEAT: RepeatChoice = { kind: 'none', custom: '', end: 'never', until: '', count: 10 };

const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

/** Day of week (0 = Sunday) and day of month of a `YYYY-MM-DDTHH:mm` wall-clock value. */
function dayOf(sendAt: string): { weekday: number; date: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/u.exec(sendAt);
  if (!match) return null;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return { weekday: day.getUTCDay(), date: day.getUTCDate() };
}

/** 1…4 for the first…fourth such weekday of the month; -1 (the last) for a fifth. */
const nthOf = (date: number): number => (date > 28 ? -1 : Math.ceil(date / 7));

/** The rule for `choice` with its first time `sendAt`; null for no repeat or a day not chosen yet. */
export function ruleFor(choice: RepeatChoice, sendAt: string): string | null {
  if (choice.kind === 'none') return null;
  let rule: string;
  if (choice.kind === 'custom') {
    rule = choice.custom.trim().replace(/^RRULE:/iu, '');
    if (!rule) return null;
  } else {
    const day = dayOf(sendAt);
    if (!day) return null;
    const name = DAYS[day.weekday] as string;
    rule = {
      daily: 'FREQ=DAILY',
      weekdays: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
      weekly: `FREQ=WEEKLY;BYDAY=${name}`,
      monthly: `FREQ=MONTHLY;BYDAY=${nthOf(day.date)}${name}`,
    }[choice.kind];
  }
  if (choice.end === 'until' && /^\d{4}-\d{2}-\d{2}$/u.test(choice.until)) rule += `;UNTIL=${choice.until.replaceAll('-', '')}`;
  if (choice.end === 'count' && Number.isInteger(choice.count) && choice.count > 0) rule += `;COUNT=${choice.count}`;
  return rule;
}

/**
 * The compose choice a stored rule came from, so a series reads back in the words it was made
 * with: the common shapes (with the first time's own weekday) and their UNTIL/COUNT; anything
 * else is a custom rule, said as the rule itself.
 */
export function choiceFromRule(rule: string, sendAt: string): RepeatChoice {
  const parts = new Map(
    rule
      .trim()
      .replace(/^RRULE:/iu, '')
      .toUpperCase()
      .split(';')
      .filter((part) => part !== '')
      .map((part) => part.split('=') as [string, string]),
  );
  const until = /^(\d{4})(\d{2})(\d{2})/u.exec(parts.get('UNTIL') ?? '');
  const count = Number(parts.get('COUNT'));
  const end: Pick<RepeatChoice, 'end' | 'until' | 'count'> = until
    ? { end: 'until', until: `${until[1]}-${until[2]}-${until[3]}`, count: NO_REPEAT.count }
    : Number.isInteger(count) && count > 0
      ? { end: 'count', until: '', count }
      : { end: 'never', until: '', count: NO_REPEAT.count };
  parts.delete('UNTIL');
  parts.delete('COUNT');
  const shape = [...parts].map(([key, value]) => `${key}=${value}`).join(';');
  const kind = (['daily', 'weekdays', 'weekly', 'monthly'] as const).find((candidate) => {
    const made = ruleFor({ ...NO_REPEAT, kind: candidate }, sendAt);
    return made !== null && made === shape;
  });
  return kind ? { ...NO_REPEAT, kind, ...end } : { ...NO_REPEAT, kind: 'custom', custom: rule.replace(/^RRULE:/iu, '') };
}

/** "Every Monday at 9:00 AM, until Dec 31, 2031" / "Chaque lundi à 09:00, jusqu'au 31 déc. 2031": the time as the locale writes it. */
export function describeRepeat(choice: RepeatChoice, sendAt: string, t: TFunction, locale: string): string | null {
  const rule = ruleFor(choice, sendAt);
  if (rule === null) return null;
  const time = /T(\d{2}:\d{2})/u.exec(sendAt);
  const at = time?.[1] ? formatWallTime(locale, time[1]) : '';
  const day = dayOf(sendAt);
  const weekday = day ? new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2030, 0, 6 + day.weekday)) : '';
  const base =
    choice.kind === 'custom'
      ? t('repeat.summaryCustom', { rule: choice.custom.trim() })
      : choice.kind === 'monthly'
        ? t('repeat.summaryMonthly', { nth: t(`repeat.nth_${day ? nthOf(day.date) : 1}`), day: weekday, time: at })
        : t(`repeat.summary_${choice.kind}`, { day: weekday, time: at });
  if (choice.end === 'until' && /^\d{4}-\d{2}-\d{2}$/u.test(choice.until)) {
    const until = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.parse(`${choice.until}T00:00:00Z`));
    return `${base}${t('repeat.summaryUntil', { date: until })}`;
  }
  if (choice.end === 'count') return `${base}${t('repeat.summaryCount', { count: choice.count })}`;
  return base;
}
