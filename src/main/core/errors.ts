// Errors the engine throws; every boundary turns them into the shared `{ code, message }` envelope.
import { z } from 'zod';
import type { ErrorCode, ErrorInfo } from '../../shared/result';
import { describeZodError } from '../../shared/message-schema';
import { FacteurError } from './facteur-error';

export { FacteurError } from './facteur-error';

export const invalidInput = (field: string, reason: string): FacteurError =>
  new FacteurError('invalid-input', field ? `${field}: ${reason}` : reason, field);

export const notFound = (what: string): FacteurError => new FacteurError('not-found', `${what} not found`);

/** The OS keychain did not answer; there is deliberately no plaintext fallback. */
export class KeychainUnavailableError extends FacteurError {
  constructor(detail: string, options?: ErrorOptions) {
    super(
      'unavailable',
      `The OS keychain is not available (${detail}). Facteur keeps tokens and passwords only in the keychain: ` +
        'unlock it, or on Linux start a Secret Service provider such as gnome-keyring.',
      undefined,
      options,
    );
    this.name = 'KeychainUnavailableError';
  }
}

/** Converts a zod failure at an edge into an invalid-input error naming the field. */
export function fromZod(error: z.ZodError, prefix = ''): FacteurError {
  const { field, message } = describeZodError(error);
  const fullField = prefix && field ? `${prefix}.${field}` : prefix || field;
  const reason = field ? message.slice(field.length + 2) : message;
  return invalidInput(fullField, reason);
}

/** Parses `input` with `schema`, throwing an invalid-input FacteurError on failure. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw fromZod(parsed.error, prefix);
  return parsed.data;
}

export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof FacteurError) {
    return error.field ? { code: error.code, message: error.message, field: error.field } : { code: error.code, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message };
}

/** Exit codes of the command line (CLI-CONTRACT.md). */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'invalid-input':
    case 'conflict':
      return 2;
    case 'unavailable':
    case 'auth-required':
      return 3;
    case 'not-found':
      return 4;
    case 'internal':
      return 1;
  }
}
