// What every provider implements. The processor only ever talks to this interface; providers
// never touch the database.
import type { AccountLimits, ProviderKind } from '../../../shared/domain';
import type { Recipient } from '../../../shared/message-schema';
import type { SettingsLookup } from '../../../shared/settings-lookup';
import type { Clock } from '../clock';
import type { Config, Endpoints, OAuthClients } from '../config';
import type { Logger } from '../logger';
import type { SecretStore } from '../secrets/secret-store';

/** An account as providers see it: identity, parsed settings, and where its secret lives. */
export interface ProviderAccount {
  id: number;
  email: string;
  displayName: string | null;
  provider: ProviderKind;
  settings: Record<string, unknown>;
  secretRef: string;
  limits: AccountLimits;
}

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  /** Absolute path of the content-addressed file; stream it, never load a big one whole. */
  path: string;
}

/** One queued email, ready to send. The MIME is built from this, identically on every attempt. */
export interface OutgoingMessage {
  emailId: number;
  uid: string;
  /** `<…@…>`, stable for this queued email across attempts and processes. */
  messageId: string;
  date: Date;
  from: { address: string; name: string | null };
  to: Recipient[];
  cc: Recipient[];
  bcc: Recipient[];
  replyTo: Recipient | null;
  subject: string;
  text: string | null;
  html: string | null;
  /** List-Unsubscribe targets as stored (space-separated mailto:/https: URLs), or null. */
  listUnsubscribe?: string | null;
  attachments: OutgoingAttachment[];
  recipientCount: number;
  sizeBytes: number;
  /**
   * When set, the envelope goes to these addresses only: the recipients a server deferred (4xx)
   * on an earlier attempt. The headers and Message-ID stay those of the whole message.
   */
  envelopeTo?: string[];
}

export interface SendContext {
  signal: AbortSignal;
  /** 1-based number of this try. */
  attempt: number;
  log: Logger;
  /** Call during long uploads so the lease on this email stays alive. */
  heartbeat: () => void;
}

/** What one recipient's server said: accepted, refused for good (5xx), or refused for now (4xx). */
export interface RecipientResult {
  address: string;
  outcome: 'accepted' | 'refused' | 'deferred';
  /** The server's words, e.g. "550 5.1.1 User unknown". */
  reason: string | null;
}

export interface SendResult {
  /** The provider's id for the sent message (Gmail id, SMTP queue id…), when it gives one. */
  providerMessageId: string | null;
  /** Human-readable acceptance (SMTP "250 OK queued as …", HTTP 202). */
  response: string | null;
  /** Per envelope recipient, when the provider tells them apart; absent means all accepted. */
  recipients?: RecipientResult[];
}

/** What a provider can tell about a message whose send was interrupted. */
export type DeliveryCheck = 'sent' | 'not-sent' | 'unknown';

/** Tokens given to `accounts add --tokens-stdin`. */
export interface ImportedTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
}

export interface LinkOptions {
  /** The address the user expects to link; sign-in with another address is refused. */
  email: string;
  /** Opens the system browser at `url` (the CLI prints it too). */
  openUrl: (url: string) => Promise<void>;
  signal?: AbortSignal;
  /**
   * Outlook: also ask for the permission mail over 4 MB needs (Mail.ReadWrite, for drafts and
   * upload sessions). Off by default: the narrower consent covers everything else.
   */
  largeAttachments?: boolean;
}

/** A linked account's secret, ready to go to the keychain, plus the address it belongs to. */
export interface LinkedCredentials {
  email: string;
  displayName: string | null;
  /** Opaque to the engine: JSON tokens, an MSAL cache, a password. */
  secret: string;
  /** Provider settings learned while linking (e.g. Google Workspace or consumer). */
  settings?: Record<string, unknown>;
}

export interface EmailProvider {
  readonly kind: ProviderKind;
  /** The provider's documented limits for this account, before user overrides. */
  defaultLimits(settings: Record<string, unknown>): AccountLimits;
  /** Called once per batch before the account's first send (e.g. refresh a token about to expire). */
  prepare?(account: ProviderAccount, log: Logger): Promise<void>;
  /** Sends one message. Throws ProviderError to say what went wrong and what to do about it. */
  send(message: OutgoingMessage, account: ProviderAccount, context: SendContext): Promise<SendResult>;
  /** Where the provider can tell (e.g. search Sent Items by Message-ID), whether it was sent. */
  verifySent?(message: OutgoingMessage, account: ProviderAccount, log: Logger): Promise<DeliveryCheck>;
  /** What the user is about to be asked to consent to, said before the browser opens. */
  linkNote?(options: Pick<LinkOptions, 'largeAttachments'>): string;
  /** Interactive sign-in (OAuth in the system browser). */
  link?(options: LinkOptions): Promise<LinkedCredentials>;
  /**
   * Connects and signs in with these settings and secret before they are stored (SMTP): throws
   * invalid-input naming the field at fault (`password`), or unavailable when nothing answers.
   */
  verify?(settings: Record<string, unknown>, secret: string): Promise<void>;
  /**
   * Proposes settings for an address (its descriptor's `settingsFromAddress`: SMTP's autoconfig),
   * by the descriptor's field keys; `found` is null when nothing knows the domain.
   */
  findSettings?(email: string): Promise<SettingsLookup>;
  /** Validates tokens obtained elsewhere and returns the secret to store. */
  importTokens?(tokens: ImportedTokens, email: string): Promise<LinkedCredentials>;
  /** Releases pooled connections at the end of a batch. */
  close?(): Promise<void>;
}

/** What a provider may use: everything is injected so tests can point it at local fakes. */
export interface ProviderDeps {
  secrets: SecretStore;
  endpoints: Endpoints;
  oauth: OAuthClients;
  clock: Clock;
  logger: Logger;
  /** Where settings are looked up from an address (default: the real sources). */
  autoconfig?: Config['autoconfig'];
}
