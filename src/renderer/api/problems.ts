// Plain words for what went wrong: address problems (shared/address.ts speaks English) and the
// engine's error codes / SMTP and HTTP replies, each mapped to a translated explanation. The
// server's own text is always shown beside it; this only says what it means for the user.
import type { TFunction } from 'i18next';

const ADDRESS_PROBLEMS: Array<[RegExp, string]> = [
  [/^is empty/u, 'problems.address.empty'],
  [/^is longer than/u, 'problems.address.tooLong'],
  [/control character/u, 'problems.address.control'],
  [/must look like/u, 'problems.address.shape'],
  [/part before @ longer/u, 'problems.address.localTooLong'],
  [/not allowed before the @/u, 'problems.address.localChars'],
  [/needs a domain with a dot/u, 'problems.address.domainDot'],
  [/invalid domain/u, 'problems.address.domain'],
];

export function translateAddressProblem(t: TFunction, problem: string): string {
  const match = ADDRESS_PROBLEMS.find(([pattern]) => pattern.test(problem));
  return match ? t(match[1]) : problem;
}

/** The key explaining a failure, from the engine's error code and the provider's status. */
export function explanationKey(errorCode: string | null, providerCode: string | null): string | null {
  if (!errorCode) return null;
  const status = Number(providerCode ?? /-(\d{3})$/u.exec(errorCode)?.[1] ?? NaN);
  if (errorCode === 'expired') return 'problems.error.expired';
  if (errorCode === 'message-too-large' || status === 552) return 'problems.error.tooLarge';
  if (errorCode === 'too-many-recipients') return 'problems.error.tooManyRecipients';
  if (/auth|reauth|unauthorized|no-password|insufficient-scope/u.test(errorCode) || status === 535) return 'problems.error.auth';
  if (/no-confirmation/u.test(errorCode)) return 'problems.error.uncertain';
  if (/quota|throttled/u.test(errorCode) || status === 429) return 'problems.error.quota';
  if (/invalid-recipient/u.test(errorCode) || status === 550 || status === 551 || status === 553 || status === 501) return 'problems.error.recipient';
  if (status >= 400 && status < 500 && errorCode.startsWith('smtp-')) return 'problems.error.temporary';
  if (status >= 500) return errorCode.startsWith('smtp-') ? 'problems.error.refused' : 'problems.error.serverDown';
  // This computer's keychain (or another local service) did not answer: the engine waits for it;
  // checking the network or the server would be looking in the wrong place.
  if (errorCode === 'local-service-unavailable') return 'problems.error.localService';
  if (/network|econn|etimedout|esocket|timeout|enotfound|unavailable/u.test(errorCode)) return 'problems.error.network';
  return 'problems.error.other';
}

export function explainError(t: TFunction, errorCode: string | null, providerCode: string | null = null): string | null {
  const key = explanationKey(errorCode, providerCode);
  return key ? t(key) : null;
}

/** Error envelope codes (shared/result.ts) in the user's language, with the engine's detail. */
export function resultErrorText(t: TFunction, error: { code: string; message: string }): string {
  return t(`problems.result.${error.code}`, { detail: error.message, defaultValue: error.message });
}

/** The engine's refusal of a login or a server when adding or relinking an account, framed in the user's language (the server's words kept). */
export function accountProblemText(t: TFunction, error: { code: string; message: string; field?: string }): string {
  if (error.code === 'invalid-input' && error.field === 'password') return t('accounts.smtp.loginRefused', { detail: error.message.replace(/^password: /u, '') });
  if (error.code === 'unavailable') return t('accounts.smtp.unreachable', { detail: error.message });
  return resultErrorText(t, error);
}
