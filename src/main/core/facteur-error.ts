// The engine's error type, alone in its module (no validation library) so the command line's fast
// path and the configuration can use it without loading the rest. Helpers live in errors.ts.
import type { ErrorCode } from '../../shared/result';

export class FacteurError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'FacteurError';
  }
}
