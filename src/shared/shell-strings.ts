// The words of the tray menu and the native notifications, in each language the window speaks
// (the window's own strings are in src/renderer/i18n/*.json). A small table rather than i18next:
// the shell only needs these few lines, and main must not load the renderer's bundle.
import type { Settings } from './settings';

export type Language = Settings['language'];

interface ShellStrings {
  due(n: number): string;
  sending(n: number): string;
  failed(n: number): string;
  tooltip(due: number, sending: number, failed: number, paused: boolean): string;
  pause: string;
  resume: string;
  open: string;
  quit: string;
  failedTitle: string;
  reauthTitle: string;
  reauthBody(reason: string): string;
  moreFailedTitle(n: number): string;
  moreFailedBody: string;
}

const en: ShellStrings = {
  due: (n) => `Due: ${n}`,
  sending: (n) => `Sending: ${n}`,
  failed: (n) => `Failed: ${n}`,
  tooltip: (due, sending, failed, paused) => `Facteur — ${due} due, ${sending} sending, ${failed} failed${paused ? ' (paused)' : ''}`,
  pause: 'Pause sending',
  resume: 'Resume sending',
  open: 'Open Facteur',
  quit: 'Quit Facteur',
  failedTitle: 'An email could not be sent',
  reauthTitle: 'An account needs you to sign in again',
  reauthBody: (reason) => `${reason} Its mail waits until you do.`,
  moreFailedTitle: (n) => `${n} more emails could not be sent`,
  moreFailedBody: 'Open Facteur to see them and retry.',
};

const fr: ShellStrings = {
  due: (n) => `À envoyer : ${n}`,
  sending: (n) => `En cours : ${n}`,
  failed: (n) => `Échecs : ${n}`,
  tooltip: (due, sending, failed, paused) =>
    `Facteur — ${due} à envoyer, ${sending} en cours, ${failed} en échec${paused ? ' (en pause)' : ''}`,
  pause: 'Suspendre les envois',
  resume: 'Reprendre les envois',
  open: 'Ouvrir Facteur',
  quit: 'Quitter Facteur',
  failedTitle: 'Un message n’a pas pu être envoyé',
  reauthTitle: 'Un compte demande une nouvelle connexion',
  reauthBody: (reason) => `${reason} Ses messages attendent que vous vous reconnectiez.`,
  moreFailedTitle: (n) => `${n} autres messages n’ont pas pu être envoyés`,
  moreFailedBody: 'Ouvrez Facteur pour les voir et réessayer.',
};

export function shellStrings(language: Language | undefined): ShellStrings {
  return language === 'fr' ? fr : en;
}
