// Whether a failed mail can succeed if simply tried again. A refused recipient, a message too
// large, an expired send time: trying again re-fails, so the way forward is to edit the mail.
// Network trouble, a busy server, attempts exhausted on temporary errors: a retry may work.
// Read from the engine's `lastErrorCode` (see providers/*-provider.ts for the codes).

const PERMANENT_CODES = new Set([
  'message-too-large',
  'too-many-recipients',
  'gmail-invalid-recipient',
  'gmail-insufficient-scope',
  'smtp-eenvelope',
  'smtp-emessage',
  'expired',
]);

/** HTTP statuses that a retry cannot change (401 relinks, 408 and 429 wait). */
const RETRYABLE_4XX = new Set([401, 408, 429]);

export function isPermanentFailure(errorCode: string | null): boolean {
  if (!errorCode) return false;
  if (PERMANENT_CODES.has(errorCode) || /invalid-recipient/u.test(errorCode)) return true;
  const smtp = /^smtp-(\d{3})$/u.exec(errorCode);
  // 503 is "bad sequence of commands": the conversation went wrong, not the message.
  if (smtp) return Number(smtp[1]) >= 500 && Number(smtp[1]) !== 503;
  const http = /^(?:gmail|outlook)-(\d{3})$/u.exec(errorCode);
  if (http) {
    const status = Number(http[1]);
    return status >= 400 && status < 500 && !RETRYABLE_4XX.has(status);
  }
  return false;
}
