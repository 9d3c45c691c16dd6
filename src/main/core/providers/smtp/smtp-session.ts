// One SMTP session on nodemailer's lower-level connection: connect, STARTTLS, log in, send. Used
// instead of a transport so Facteur knows exactly where a send stands — which recipients each
// RCPT reply accepted, and whether the final "." of DATA was written — and can abort at once.
import type { Readable, Writable } from 'node:stream';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { SmtpSettings } from '../../../../shared/smtp-settings';
import { isLoopbackHost } from '../../config';
import { sdk } from '../lazy-sdk';

/** A failure as nodemailer describes it, plus where DATA stood when it happened. */
export interface SmtpFailure extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  rejectedErrors?: SmtpFailure[];
  recipient?: string;
  /** True once the final "." of DATA was handed to the socket: the server may have the message. */
  finalDotWritten?: boolean;
}

export interface SmtpSendInfo {
  accepted: string[];
  rejected: string[];
  rejectedErrors: SmtpFailure[];
  response: string;
}

export class SmtpSession {
  /** Messages sent on this session (it is retired after a few hundred). */
  sent = 0;
  private dead = false;
  private lastError: SmtpFailure | null = null;

  private constructor(private readonly connection: SMTPConnection) {
    // nodemailer reports connection errors as events too; a listener keeps them from crashing
    // the process, and the failing call reports them.
    connection.on('error', (error: SmtpFailure) => {
      this.lastError = error;
      this.dead = true;
    });
    connection.on('end', () => {
      this.dead = true;
    });
  }

  get usable(): boolean {
    return !this.dead;
  }

  /** Whether the server named `extension` (e.g. SMTPUTF8) in its EHLO answer. */
  supports(extension: string): boolean {
    // nodemailer keeps the EHLO keywords on the connection without a public accessor.
    const advertised = (this.connection as unknown as { _supportedExtensions?: string[] })._supportedExtensions ?? [];
    return advertised.includes(extension.toUpperCase());
  }

  /** Connects (TLS or STARTTLS, required off loopback) and logs in when a username is set. */
  static async open(settings: SmtpSettings, password: string | null, signal?: AbortSignal): Promise<SmtpSession> {
    const timeout = settings.timeoutSeconds * 1000;
    const connection = new sdk.SMTPConnection({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      // Never send a password or a message in clear across a network.
      requireTLS: !settings.secure && !isLoopbackHost(settings.host),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      logger: false,
    });
    const session = new SmtpSession(connection);
    await session.step(signal, (done) => {
      connection.once('error', done);
      connection.connect((error) => done(error ?? null));
    });
    if (settings.username) {
      await session.step(signal, (done) => connection.login({ user: settings.username ?? '', pass: password ?? '' }, (error) => done(error)));
    }
    return session;
  }

  /**
   * Sends `message` to `to` (envelope). Resolves with the server's reply and each recipient's
   * fate; rejects with a failure that says whether the final dot had been written.
   */
  send(from: string, to: string[], message: Readable, signal?: AbortSignal): Promise<SmtpSendInfo> {
    let finalDotWritten = false;
    // nodemailer pipes the message into its DATA stream only once the envelope is accepted; that
    // stream ends right after it pushed the terminating "." to the socket.
    const pipe = message.pipe.bind(message);
    message.pipe = <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
      (destination as unknown as Writable).once('end', () => {
        finalDotWritten = true;
      });
      return pipe(destination, options);
    };
    return this.step<SmtpSendInfo>(
      signal,
      (done) => {
        this.connection.send({ from, to }, message, (error, info) => {
          if (error) return done(error);
          this.sent += 1;
          done(null, {
            accepted: (info.accepted ?? []).map(String),
            rejected: (info.rejected ?? []).map(String),
            rejectedErrors: (info.rejectedErrors ?? []) as SmtpFailure[],
            response: info.response,
          });
        });
      },
      () => finalDotWritten,
    ).finally(() => {
      if (!message.destroyed && this.dead) message.destroy();
    });
  }

  /** Ends the session politely when it is healthy, at once otherwise. */
  close(): void {
    if (this.dead) return;
    this.dead = true;
    try {
      this.connection.quit();
    } catch {
      this.connection.close();
    }
  }

  /** Runs one callback-style step; an abort closes the connection and fails the step. */
  private step<T = void>(
    signal: AbortSignal | undefined,
    start: (done: (error: Error | null | undefined, value?: T) => void) => void,
    dotWritten: () => boolean = () => false,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = (error: Error | null | undefined, value?: T): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        if (error) {
          const failure = error as SmtpFailure;
          failure.finalDotWritten = dotWritten();
          this.dead = true;
          this.connection.close();
          reject(failure);
        } else resolve(value as T);
      };
      const onAbort = (): void => {
        const error: SmtpFailure = new Error('the send was stopped: the run reached its time limit');
        error.code = 'EABORTED';
        finish(error);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      if (this.dead && this.lastError) return finish(this.lastError);
      start(finish);
    });
  }
}

/** Opens a session and logs in, then closes it: the check made before an account is stored. */
export async function verifySmtpLogin(settings: SmtpSettings, password: string | null): Promise<void> {
  const session = await SmtpSession.open(settings, password);
  session.close();
}
