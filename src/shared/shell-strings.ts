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
  /** The quit warning (src/main/quit-prompt.ts). */
  quitTitle: string;
  quitMessage(n: number): string;
  quitDetail: string;
  quitTurnOn: string;
  quitAnyway: string;
  quitCancel: string;
  quitTurnOnFailed: string;
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
  quitTitle: 'Quit Facteur',
  quitMessage: (n) => (n === 1 ? 'An email is due in the next 24 hours.' : `${n} emails are due in the next 24 hours.`),
  quitDetail:
    'Sending in the background is off, so nothing is sent while Facteur is quit. Mail that misses its time follows your late-mail rule when Facteur runs again. Turn on "Keep sending when Facteur is closed"?',
  quitTurnOn: 'Turn on and quit',
  quitAnyway: 'Quit anyway',
  quitCancel: 'Cancel',
  quitTurnOnFailed: 'Background sending could not be turned on',
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
  quitTitle: 'Quitter Facteur',
  quitMessage: (n) => (n === 1 ? 'Un message doit partir dans les prochaines 24 heures.' : `${n} messages doivent partir dans les prochaines 24 heures.`),
  quitDetail:
    'L’envoi en arrière-plan est désactivé : rien ne part tant que Facteur est fermé. Les messages qui manquent leur heure suivront votre règle des envois en retard au prochain lancement. Activer « Continuer d’envoyer quand Facteur est fermé » ?',
  quitTurnOn: 'Activer et quitter',
  quitAnyway: 'Quitter quand même',
  quitCancel: 'Annuler',
  quitTurnOnFailed: 'L’envoi en arrière-plan n’a pas pu être activé',
};

export function shellStrings(language: Language | undefined): ShellStrings {
  return language === 'fr' ? fr : en;
}
