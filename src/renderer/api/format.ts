// Locale-aware formatting through Intl: dates in the user's time zone, sizes, counts.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export interface Formatters {
  locale: string;
  dateTime(iso: string | number | null, timeZone?: string): string;
  relative(iso: string | number, now?: number): string;
  time(iso: string | number, timeZone?: string): string;
  /** "Mon, Jan 7, 9:00 AM" / "lun. 7 janv., 09:00": a day and a time, the time as `time` writes it. */
  dayTime(iso: string | number, timeZone?: string): string;
  /** A wall-clock "HH:MM" (a quick time, a series' hour) as `time` writes it: "2:00 PM" / "14:00". */
  wallTime(hhmm: string): string;
  number(value: number): string;
  bytes(value: number): string;
}

/** A wall-clock "HH:MM" in the locale's short time: "9:00 AM" (en-US), "09:00" (fr-FR, en-GB). */
export function formatWallTime(locale: string, hhmm: string): string {
  const [hour = 0, minute = 0] = hhmm.split(':').map(Number);
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: 'UTC' }).format(Date.UTC(2000, 0, 1, hour, minute));
}

export function createFormatters(locale: string): Formatters {
  const number = new Intl.NumberFormat(locale);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  // Every time on screen follows the locale's short time ("2:00 PM", "14:00", "09:00"): a day
  // with a time takes the same hour style, never "02:00 PM" beside "2:00 PM".
  const short = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: 'UTC' });
  const hour12 = short.resolvedOptions().hour12 === true;
  return {
    locale,
    dateTime(iso, timeZone) {
      if (iso === null) return '';
      const date = new Date(iso);
      if (Number.isNaN(date.getTime())) return '';
      return new Intl.DateTimeFormat(locale, {
        dateStyle: 'medium',
        timeStyle: 'short',
        ...(timeZone ? { timeZone } : {}),
      }).format(date);
    },
    time(iso, timeZone) {
      return new Intl.DateTimeFormat(locale, { timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
    },
    dayTime(iso, timeZone) {
      return new Intl.DateTimeFormat(locale, {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: hour12 ? 'numeric' : '2-digit',
        minute: '2-digit',
        ...(timeZone ? { timeZone } : {}),
      }).format(new Date(iso));
    },
    wallTime: (hhmm) => formatWallTime(locale, hhmm),
    relative(iso, now = Date.now()) {
      const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
      const abs = Math.abs(seconds);
      if (abs < 60) return rtf.format(seconds, 'second');
      if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
      if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
      return rtf.format(Math.round(seconds / 86_400), 'day');
    },
    number: (value) => number.format(value),
    bytes(value) {
      const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
      let size = value;
      let unit = 0;
      while (size >= 1024 && unit < units.length - 1) {
        size /= 1024;
        unit += 1;
      }
      return new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: units[unit],
        unitDisplay: unit === 0 ? 'long' : 'short',
        maximumFractionDigits: unit === 0 ? 0 : 1,
      }).format(size);
    },
  };
}

/**
 * The locale for the window's language: the system's own variant of it when it has one (English
 * on a British system writes 14:00, as the date and time fields then do), else en-US / fr-FR.
 */
export function localeFor(language: string, systemLocales: ReadonlyArray<string>): string {
  const own = systemLocales.find((tag) => tag.toLowerCase().startsWith(`${language}-`));
  if (own) {
    try {
      return Intl.getCanonicalLocales(own)[0] ?? own;
    } catch {
      // A malformed tag from the system: fall back to the default below.
    }
  }
  return language === 'fr' ? 'fr-FR' : 'en-US';
}

/** Formatters for the current i18next language; re-created when the language changes. */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const locale = localeFor(i18n.language === 'fr' ? 'fr' : 'en', typeof navigator === 'undefined' ? [] : navigator.languages);
  return useMemo(() => createFormatters(locale), [locale]);
}
