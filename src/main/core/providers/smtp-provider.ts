// SMTP through nodemailer: implicit TLS or STARTTLS (required off loopback), password from the
// keychain, one pooled connection set per account for the length of a batch.
import { PassThrough } from 'node:stream';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { AccountLimits } from '../../../shared/domain';
import { smtpSettingsSchema, type SmtpSettings } from '../../../shared/smtp-settings';
import { isLoopbackHost } from '../config';
import { BaseEmailProvider, envelopeRecipients, mimeStream } from './base-email-provider';
import type { OutgoingMessage, ProviderAccount, SendContext, SendResult } from './email-provider';
import { ProviderError } from './provider-error';

interface SmtpFailure extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

export const SMTP_DEFAULT_LIMITS: AccountLimits = {
  perDay: 2_000,
  perMinute: 60,
  recipientsPerDay: 10_000,
  maxRecipients: 100,
  maxMessageBytes: 25 * 1024 * 1024,
  concurrency: 2,
};

export class SmtpProvider extends BaseEmailProvider {
  readonly kind = 'smtp' as const;
  private readonly transports = new Map<number, { transport: Transporter; key: string }>();

  defaultLimits(): AccountLimits {
    return SMTP_DEFAULT_LIMITS;
  }

  private async transportFor(account: ProviderAccount): Promise<Transporter> {
    const settings: SmtpSettings = smtpSettingsSchema.parse(account.settings);
    const password = settings.username ? await this.deps.secrets.get(account.secretRef) : null;
    const key = JSON.stringify([settings, account.limits.concurrency, password]);
    const cached = this.transports.get(account.id);
    if (cached && cached.key === key) return cached.transport;
    cached?.transport.close();
    if (settings.username && password === null) {
      throw new ProviderError('auth', 'the SMTP password is missing from the keychain', { code: 'smtp-no-password' });
    }
    const timeout = settings.timeoutSeconds * 1000;
    const transport = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      // Never send a password or a message in clear across a network.
      requireTLS: !settings.secure && !isLoopbackHost(settings.host),
      ignoreTLS: false,
      auth: settings.username ? { user: settings.username, pass: password ?? '' } : undefined,
      pool: true,
      maxConnections: account.limits.concurrency,
      maxMessages: 100,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    this.transports.set(account.id, { transport, key });
    return transport;
  }

  protected async deliver(message: OutgoingMessage, account: ProviderAccount, context: SendContext): Promise<SendResult> {
    const transport = await this.transportFor(account);
    // Know when the last byte of the message has been handed to the server: a failure after that
    // point may mean the server accepted it, so the email becomes "uncertain", never re-sent blindly.
    let fullyWritten = false;
    const raw = new PassThrough();
    raw.on('end', () => {
      fullyWritten = true;
    });
    mimeStream(message).pipe(raw);
    const abort = (): void => {
      raw.destroy(new Error('aborted'));
    };
    context.signal.addEventListener('abort', abort, { once: true });
    try {
      const info = await transport.sendMail({
        envelope: { from: message.from.address, to: envelopeRecipients(message) },
        raw,
      });
      const rejected = (info.rejected ?? []).map(String);
      const response = rejected.length > 0 ? `${info.response} (rejected: ${rejected.join(', ')})` : info.response;
      return { providerMessageId: extractQueueId(info.response), response: response ?? null };
    } catch (error) {
      throw classifySmtpError(error as SmtpFailure, fullyWritten);
    } finally {
      context.signal.removeEventListener('abort', abort);
    }
  }

  close(): Promise<void> {
    for (const { transport } of this.transports.values()) transport.close();
    this.transports.clear();
    return Promise.resolve();
  }
}

function extractQueueId(response: string | undefined): string | null {
  const match = response?.match(/queued as ([\w.-]+)/iu);
  return match?.[1] ?? null;
}

/** Maps nodemailer's failure to what the processor should do about it. */
export function classifySmtpError(error: SmtpFailure, fullyWritten: boolean): ProviderError {
  const reply = (error.response ?? error.message).trim();
  const responseCode = error.responseCode;
  if (error.code === 'EAUTH') {
    // 4xx during AUTH is the server being busy; 5xx (535) is a refused password.
    if (responseCode !== undefined && responseCode >= 400 && responseCode < 500) {
      return new ProviderError('transient', `SMTP login deferred: ${reply}`, { code: `smtp-${responseCode}`, providerCode: responseCode, cause: error });
    }
    return new ProviderError('auth', `SMTP login refused: ${reply}`, { code: 'smtp-auth', providerCode: responseCode ?? null, cause: error });
  }
  if (responseCode !== undefined) {
    if (responseCode >= 500 && responseCode !== 503) {
      return new ProviderError('permanent', `the SMTP server refused the message: ${reply}`, {
        code: `smtp-${responseCode}`,
        providerCode: responseCode,
        cause: error,
      });
    }
    return new ProviderError('transient', `the SMTP server asked to try later: ${reply}`, {
      code: `smtp-${responseCode}`,
      providerCode: responseCode,
      cause: error,
    });
  }
  if (error.code === 'EENVELOPE' || error.code === 'EMESSAGE') {
    return new ProviderError('permanent', error.message, { code: `smtp-${error.code.toLowerCase()}`, cause: error });
  }
  if (fullyWritten) {
    return new ProviderError(
      'uncertain',
      `the connection was lost after the whole message was sent, before the server confirmed it (${error.message})`,
      { code: 'smtp-no-confirmation', cause: error },
    );
  }
  return new ProviderError('transient', `SMTP connection problem: ${error.message}`, {
    code: `smtp-${(error.code ?? 'network').toLowerCase()}`,
    cause: error,
  });
}
