// SMTP on nodemailer's lower-level connection: implicit TLS or STARTTLS (required off loopback),
// password from the keychain, a few reusable sessions per account for the length of a batch.
// Each recipient's RCPT reply is reported; a drop is "uncertain" only after the final dot.
import type { AccountLimits } from '../../../../shared/domain';
import { smtpSettingsSchema, type SmtpSettings } from '../../../../shared/smtp-settings';
import { smtpDescriptor } from '../../../../shared/providers/smtp';
import { BaseEmailProvider, envelopeRecipients, mimeStream } from '../base-email-provider';
import type { OutgoingMessage, ProviderAccount, RecipientResult, SendContext, SendResult } from '../email-provider';
import { ProviderError } from '../provider-error';
import type { SettingsLookup } from '../../../../shared/settings-lookup';
import { findSmtpSettings } from './autoconfig/find-smtp-settings';
import { SmtpSession, verifySmtpLogin, type SmtpFailure } from './smtp-session';
import { FacteurError, invalidInput } from '../../errors';

export type { SmtpFailure } from './smtp-session';

export const SMTP_DEFAULT_LIMITS: AccountLimits = smtpDescriptor.defaultLimits();

/** A session is retired after this many messages, as servers often cap them per connection. */
const MESSAGES_PER_SESSION = 100;

export const NO_ENCRYPTION_MESSAGE = 'this server offered no encryption; Facteur will not send your password in clear';

export class SmtpProvider extends BaseEmailProvider {
  readonly kind = 'smtp' as const;
  /** Idle sessions per account, with the settings they were opened with. */
  private readonly idle = new Map<number, { key: string; sessions: SmtpSession[] }>();

  defaultLimits(): AccountLimits {
    return SMTP_DEFAULT_LIMITS;
  }

  private async acquire(account: ProviderAccount, signal: AbortSignal): Promise<{ session: SmtpSession; key: string }> {
    const settings: SmtpSettings = smtpSettingsSchema.parse(account.settings);
    const password = settings.username ? await this.deps.secrets.get(account.secretRef) : null;
    if (settings.username && password === null) {
      throw new ProviderError('auth', 'the SMTP password is missing from the keychain', { code: 'smtp-no-password' });
    }
    const key = JSON.stringify([settings, password]);
    const pool = this.idle.get(account.id);
    if (pool && pool.key !== key) {
      for (const session of pool.sessions) session.close();
      this.idle.delete(account.id);
    }
    for (let session = pool?.key === key ? pool.sessions.pop() : undefined; session; session = pool?.sessions.pop()) {
      if (session.usable) return { session, key };
    }
    try {
      return { session: await SmtpSession.open(settings, password, signal), key };
    } catch (error) {
      throw classifySmtpError(error as SmtpFailure);
    }
  }

  private release(accountId: number, key: string, session: SmtpSession): void {
    if (!session.usable || session.sent >= MESSAGES_PER_SESSION) return session.close();
    let pool = this.idle.get(accountId);
    if (!pool || pool.key !== key) {
      pool = { key, sessions: [] };
      this.idle.set(accountId, pool);
    }
    pool.sessions.push(session);
  }

  protected async deliver(message: OutgoingMessage, account: ProviderAccount, context: SendContext): Promise<SendResult> {
    const { session, key } = await this.acquire(account, context.signal);
    const to = envelopeRecipients(message);
    try {
      refuseUtf8WithoutSupport(session, [message.from.address, ...to]);
      const info = await session.send(message.from.address, to, mimeStream(message), context.signal);
      const recipients = recipientResults(to, info.accepted, info.rejectedErrors);
      const refused = recipients.filter((recipient) => recipient.outcome !== 'accepted');
      const response = refused.length > 0 ? `${info.response} (not accepted: ${refused.map((r) => r.address).join(', ')})` : info.response;
      return { providerMessageId: extractQueueId(info.response), response, recipients };
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      throw classifySmtpError(error as SmtpFailure, to);
    } finally {
      this.release(account.id, key, session);
    }
  }

  async verify(rawSettings: Record<string, unknown>, secret: string): Promise<void> {
    const settings = smtpSettingsSchema.parse(rawSettings);
    try {
      await verifySmtpLogin(settings, settings.username ? secret : null);
    } catch (error) {
      throw verificationError(error as SmtpFailure, settings);
    }
  }

  /** Host, port, security and username for an address: known services, Mozilla autoconfig, ISPDB, DNS SRV/MX. */
  async findSettings(email: string): Promise<SettingsLookup> {
    const { found, tried } = await findSmtpSettings(email, this.deps.autoconfig ? { endpoints: this.deps.autoconfig } : {});
    if (!found) return { found: null, tried };
    const { host, port, secure, username, ...where } = found;
    return { found: { settings: { host, port, secure, username }, ...where }, tried };
  }

  close(): Promise<void> {
    for (const { sessions } of this.idle.values()) for (const session of sessions) session.close();
    this.idle.clear();
    return Promise.resolve();
  }
}

/**
 * An address with non-ASCII characters before the @ (an internationalised local part) can only
 * travel with SMTPUTF8 (RFC 6531); sent raw to a server that did not offer it, it arrives mangled
 * or bounces later. Refused before a byte of the message leaves, naming the addresses, and
 * permanent: the same server will refuse it again until it is upgraded or the address changed.
 */
function refuseUtf8WithoutSupport(session: SmtpSession, addresses: string[]): void {
  const utf8 = addresses.filter((address) => /[^\x00-\x7f]/u.test(address.slice(0, address.lastIndexOf('@'))));
  if (utf8.length === 0 || session.supports('SMTPUTF8')) return;
  throw new ProviderError(
    'permanent',
    `the SMTP server does not accept addresses with non-ASCII characters before the @ (it does not offer SMTPUTF8): ${utf8.join(', ')} — send through another account or ask for an ASCII address`,
    { code: 'smtp-no-smtputf8' },
  );
}

/** Why linking an SMTP account failed, as the field to fix (exit 2) or a server out of reach (exit 3). */
function verificationError(error: SmtpFailure, settings: SmtpSettings): FacteurError {
  const where = `${settings.host}:${settings.port}`;
  const reply = (error.response ?? error.message).trim();
  if (error.code === 'EAUTH') {
    if (error.responseCode !== undefined && error.responseCode >= 400 && error.responseCode < 500) {
      return new FacteurError('unavailable', `${where} could not check the login just now: ${reply}`);
    }
    return invalidInput('password', `the server refused the login: ${reply}`);
  }
  if (error.code === 'ETLS' && error.command === 'STARTTLS' && error.responseCode !== undefined) {
    return invalidInput('secure', `${NO_ENCRYPTION_MESSAGE} (${where} answered STARTTLS with "${reply}")`);
  }
  return new FacteurError('unavailable', `cannot reach the SMTP server ${where}: ${error.message}`);
}

/** Each envelope recipient's fate from the RCPT replies. */
function recipientResults(to: string[], accepted: string[], rejectedErrors: SmtpFailure[]): RecipientResult[] {
  const refusals = new Map(rejectedErrors.map((error) => [error.recipient ?? '', error]));
  return to.map((address): RecipientResult => {
    const refusal = refusals.get(address);
    if (!refusal || accepted.includes(address)) return { address, outcome: 'accepted', reason: null };
    const reply = (refusal.response ?? refusal.message).trim();
    const temporary = refusal.responseCode !== undefined && refusal.responseCode >= 400 && refusal.responseCode < 500;
    return { address, outcome: temporary ? 'deferred' : 'refused', reason: reply };
  });
}

function extractQueueId(response: string | undefined): string | null {
  const match = response?.match(/queued as ([\w.-]+)/iu);
  return match?.[1] ?? null;
}

/** Maps nodemailer's failure to what the processor should do about it. */
export function classifySmtpError(error: SmtpFailure, envelope: string[] = []): ProviderError {
  const reply = (error.response ?? error.message).trim();
  const responseCode = error.responseCode;
  if (error.code === 'ETLS' && error.command === 'STARTTLS' && responseCode !== undefined) {
    // The server answered STARTTLS with a refusal (usually "500 command not recognized"): it
    // offers no encryption. Not the message's fault: the account's mail waits for a fix.
    return new ProviderError('auth', NO_ENCRYPTION_MESSAGE, { code: 'smtp-no-starttls', providerCode: responseCode, cause: error });
  }
  if (error.code === 'EENVELOPE' && error.rejectedErrors && error.rejectedErrors.length > 0) {
    // Every recipient was refused at RCPT: say what each got, so temporary ones are retried.
    const recipients = recipientResults(envelope, [], error.rejectedErrors);
    const temporary = recipients.some((recipient) => recipient.outcome === 'deferred');
    const first = error.rejectedErrors[0] as SmtpFailure;
    const firstReply = (first.response ?? first.message).trim();
    return new ProviderError(
      temporary ? 'transient' : 'permanent',
      temporary ? `the SMTP server asked to try later: ${firstReply}` : `the SMTP server refused the message: ${firstReply}`,
      { code: `smtp-${first.responseCode ?? 'envelope'}`, providerCode: first.responseCode ?? null, cause: error, recipients },
    );
  }
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
  if (error.finalDotWritten) {
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
