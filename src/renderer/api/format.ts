// Locale-aware formatting through Intl: dates in the user's time zone, sizes, counts.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export interface Formatters {
  locale: string;
  dateTime(iso: string | number | null, timeZone?: string): string;
  relative(iso: string | number, now?: number): string;
  time(iso: string | number, timeZone?: string): string;
  number(value: number): string;
  bytes(value: number): string;
}

export function createFormatters(locale: string): Formatters {
  const number = new Intl.NumberFormat(locale);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
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

/** Formatters for the current i18next language; re-created when the language changes. */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'fr' ? 'fr-FR' : 'en-US';
  return useMemo(() => createFormatters(locale), [locale]);
}
