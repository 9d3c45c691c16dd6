// The envelope every boundary (IPC, loopback transport, CLI JSON) answers with: errors are values.

export const ERROR_CODES = [
  'invalid-input', // the caller sent something malformed; message names the field
  'not-found', // no such account / email
  'conflict', // the thing exists but is in a state that forbids the action (e.g. cancel a sent mail)
  'unavailable', // a needed service does not answer: keychain, database lock, network
  'auth-required', // the account must be linked again
  'internal', // a bug: the message is for the log, not the user
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** Dotted path of the offending input field, when there is one (`to[0].address`). */
  field?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (error: ErrorInfo): Result<never> => ({ ok: false, error });
