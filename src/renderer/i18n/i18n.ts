// i18next set-up for the renderer: English and French bundled, the language chosen in Settings.
// Dates and numbers go through Intl with the same locale (see api/format.ts), never i18next.
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import enOutbox from './en-outbox.json';
import fr from './fr.json';
import frOutbox from './fr-outbox.json';
import enRepeat from './en-repeat.json';
import frRepeat from './fr-repeat.json';
import enLate from './en-late.json';
import frLate from './fr-late.json';
import enAutoconfig from './en-autoconfig.json';
import frAutoconfig from './fr-autoconfig.json';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A fresh instance per app (and per test), so tests never share a language. */
export function createI18n(language: Language = 'en'): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: {
      en: { translation: [enOutbox, enRepeat, enLate, enAutoconfig].reduce<Tree>((tree, extra) => mergeDeep(tree, extra), en) },
      fr: { translation: [frOutbox, frRepeat, frLate, frAutoconfig].reduce<Tree>((tree, extra) => mergeDeep(tree, extra), fr) },
    },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes already
    initAsync: false,
    returnNull: false,
    showSupportNotice: false,
  });
  return instance;
}

type Tree = { [key: string]: string | Tree };

/**
 * The strings come in more than one file per language (the outbox and accounts additions in
 * *-outbox.json), so that work on different views does not edit the same lines; merged here.
 */
export function mergeDeep(base: Tree, extra: Tree): Tree {
  const merged: Tree = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const existing = merged[key];
    merged[key] = typeof value === 'object' && typeof existing === 'object' ? mergeDeep(existing, value) : value;
  }
  return merged;
}

/** The OS / browser language if we have it, else English. */
export function preferredLanguage(languages: readonly string[]): Language {
  for (const tag of languages) {
    const base = tag.slice(0, 2).toLowerCase();
    if (base === 'fr' || base === 'en') return base;
  }
  return 'en';
}
