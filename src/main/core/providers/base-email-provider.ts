// Shared by every provider: the MIME message (built by nodemailer's MailComposer, identically on
// every attempt so the deterministic Message-ID always names the same bytes) and error helpers.
import type { Readable } from 'node:stream';
import { sdk } from './lazy-sdk';
import type { AccountLimits, ProviderKind } from '../../../shared/domain';
import { listUnsubscribeTargets, type Recipient } from '../../../shared/message-schema';
import type { Logger } from '../logger';
import type {
  EmailProvider,
  OutgoingMessage,
  ProviderAccount,
  ProviderDeps,
  SendContext,
  SendResult,
} from './email-provider';
import { ProviderError } from './provider-error';

const formatAddress = (recipient: Recipient): { address: string; name: string } => ({
  address: recipient.address,
  name: recipient.name ?? '',
});

/**
 * List-Unsubscribe (RFC 2369) and, when an https target is given, List-Unsubscribe-Post (RFC
 * 8058) so mailbox providers can unsubscribe in one click without opening a page.
 */
export function listHeaders(value: string | null | undefined): Record<string, string> {
  if (!value) return {};
  const targets = listUnsubscribeTargets(value);
  if (targets.length === 0) return {};
  const headers: Record<string, string> = { 'List-Unsubscribe': targets.map((target) => `<${target}>`).join(', ') };
  if (targets.some((target) => /^https:/iu.test(target))) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  return headers;
}

/** The MailComposer options for a message: the single place a message becomes MIME. */
export function composerOptions(message: OutgoingMessage) {
  return {
    from: { address: message.from.address, name: message.from.name ?? '' },
    to: message.to.map(formatAddress),
    cc: message.cc.map(formatAddress),
    // Bcc is kept in the envelope only; it must never appear in the headers others receive.
    bcc: message.bcc.map(formatAddress),
    replyTo: message.replyTo ? formatAddress(message.replyTo) : undefined,
    subject: message.subject,
    text: message.text ?? undefined,
    html: message.html ?? undefined,
    messageId: message.messageId,
    date: message.date,
    headers: listHeaders(message.listUnsubscribe),
    attachments: message.attachments.map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      path: attachment.path,
    })),
    // Files come only from our own attachment store, never from URLs in user content.
    disableUrlAccess: true,
    disableFileAccess: false,
  };
}

/** The message as a MIME stream (attachments are streamed from disk, not held in memory). */
export function mimeStream(message: OutgoingMessage, options: { keepBcc?: boolean } = {}): Readable {
  const compiled = new sdk.MailComposer(composerOptions(message)).compile();
  compiled.keepBcc = options.keepBcc ?? false;
  return compiled.createReadStream();
}

/** The whole MIME message in memory: for providers whose API takes a buffer (small messages). */
export function mimeBuffer(message: OutgoingMessage, options: { keepBcc?: boolean } = {}): Promise<Buffer> {
  const compiled = new sdk.MailComposer(composerOptions(message)).compile();
  compiled.keepBcc = options.keepBcc ?? false;
  return compiled.build();
}

/** Every envelope recipient (to, cc and bcc, each address once), or the subset still to reach. */
export function envelopeRecipients(message: OutgoingMessage): string[] {
  if (message.envelopeTo) return [...message.envelopeTo];
  return [...new Set([...message.to, ...message.cc, ...message.bcc].map((recipient) => recipient.address))];
}

export abstract class BaseEmailProvider implements EmailProvider {
  abstract readonly kind: ProviderKind;

  constructor(protected readonly deps: ProviderDeps) {}

  abstract defaultLimits(settings: Record<string, unknown>): AccountLimits;

  protected abstract deliver(message: OutgoingMessage, account: ProviderAccount, context: SendContext): Promise<SendResult>;

  /** Checks the account's limits, then delivers. Limits are also checked at enqueue time. */
  async send(message: OutgoingMessage, account: ProviderAccount, context: SendContext): Promise<SendResult> {
    this.checkLimits(message, account);
    return this.deliver(message, account, context);
  }

  protected checkLimits(message: OutgoingMessage, account: ProviderAccount): void {
    if (message.recipientCount > account.limits.maxRecipients) {
      throw new ProviderError(
        'permanent',
        `${message.recipientCount} recipients is more than this account allows in one message (${account.limits.maxRecipients})`,
        { code: 'too-many-recipients' },
      );
    }
    if (message.sizeBytes > account.limits.maxMessageBytes) {
      throw new ProviderError(
        'permanent',
        `the message is ${formatBytes(message.sizeBytes)}, more than this account allows (${formatBytes(account.limits.maxMessageBytes)})`,
        { code: 'message-too-large' },
      );
    }
  }

  protected log(): Logger {
    return this.deps.logger;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
