// "Send again to the refused recipients": the mail as it was, addressed only to the recipients
// its server refused, as a new message (the original stays as sent to the others; the engine
// marks its refusals as resent). The user sees the form first, so a mistyped address can be
// fixed before it goes.
import { parseChip, type Chip } from '../components/recipient-input';
import { fromEmail, type ComposeState } from './compose-state';
import type { EmailDetail } from './types';

export function refusedAddresses(email: EmailDetail): string[] {
  return email.recipients.filter((recipient) => recipient.outcome === 'refused' && !recipient.resentAs).map((recipient) => recipient.address);
}

export function refusedResend(email: EmailDetail): ComposeState {
  const to = refusedAddresses(email)
    .map(parseChip)
    .filter((chip): chip is Chip => chip !== null);
  return { ...fromEmail(email), editingId: null, resendRefusedOf: email.id, to, cc: [], bcc: [] };
}
