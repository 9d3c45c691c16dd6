// "Send again to the refused recipients": the mail as it was, addressed only to the recipients
// its server refused (each in the field it had: To, Cc or Bcc), as a new message (the original
// stays as sent to the others; the engine marks its refusals as resent). The user sees the form
// first, so a mistyped address can be fixed before it goes; it has its own draft (`refused-<id>`).
import { lastChoice } from './compose-draft';
import { fromEmail, type ComposeState } from './compose-state';
import { localTimeZone } from './schedule-time';
import type { EmailDetail } from './types';

export function refusedAddresses(email: EmailDetail): string[] {
  return email.recipients.filter((recipient) => recipient.outcome === 'refused' && !recipient.resentAs).map((recipient) => recipient.address);
}

export function refusedResend(email: EmailDetail): ComposeState {
  return fromEmail(email, { only: refusedAddresses(email), last: lastChoice(localTimeZone()) });
}
