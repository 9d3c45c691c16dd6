// A real SMTP server (smtp-server) on 127.0.0.1 for tests: records what it accepted, and can be
// told to refuse recipients, defer, drop the connection mid-DATA or after it, or stall.
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: Buffer;
  session: string;
  /** Bytes received (equal to raw.length unless the server discards bodies). */
  size: number;
  /** When the message was accepted: Date.now(), or the `now` option's clock (a test's fake clock). */
  receivedAt: number;
}

export type Fault =
  /** Refuses RCPT TO for `address` (550 unless `code`), every time or only the first `times`. */
  | { kind: 'reject-recipient'; address: string; code?: number; message?: string; times?: number }
  | { kind: 'defer'; code: 421 | 451 | 452; count: number }
  /** Cuts the connection once `afterBytes` of the message (default: the first chunk) arrived. */
  | { kind: 'drop-during-data'; count: number; afterBytes?: number }
  /** Answers RCPT TO only after `ms`: a server that hangs before the message is sent. */
  | { kind: 'stall-rcpt'; ms: number; count: number }
  | { kind: 'drop-after-data'; count: number }
  | { kind: 'stall'; ms: number; count: number };

export interface SmtpTestServer {
  port: number;
  host: string;
  received: ReceivedMail[];
  faults: Fault[];
  /** Every reply code the server sent for a DATA command (250, 421, 451, 550...). */
  dataReplies: number[];
  /** Messages whose final dot arrived (counted before any stall or reply). */
  dataEnded: { count: number };
  close(): Promise<void>;
  waitFor(count: number, timeoutMs?: number): Promise<void>;
}

export interface SmtpTestServerOptions {
  username?: string;
  password?: string;
  /** TLS key/cert: enables STARTTLS (or implicit TLS with `secure`). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  secure?: boolean;
  /** Slow each accepted message by this many ms (for kill-mid-batch tests). */
  delayMs?: number;
  /** Count received bytes instead of keeping them (`raw` stays empty; see `size`): for benchmarks. */
  discardBodies?: boolean;
  /** Address to listen on (default 127.0.0.1); `host` in the result is what clients should use. */
  listenHost?: string;
  /** The clock `receivedAt` is read from (default: Date.now), so tests on a fake clock can check when mail arrived. */
  now?: () => number;
  /** Leave SMTPUTF8 out of the EHLO answer, as many older servers do (RFC 6531). */
  hideSmtpUtf8?: boolean;
}

export async function startSmtpTestServer(options: SmtpTestServerOptions = {}): Promise<SmtpTestServer> {
  const received: ReceivedMail[] = [];
  const faults: Fault[] = [];
  const dataReplies: number[] = [];
  const dataEnded = { count: 0 };
  const takeFault = <K extends Fault['kind']>(kind: K): Extract<Fault, { kind: K }> | undefined => {
    const index = faults.findIndex((fault) => fault.kind === kind && (!('count' in fault) || fault.count > 0));
    if (index < 0) return undefined;
    const fault = faults[index] as Extract<Fault, { kind: K }>;
    if ('count' in fault) {
      fault.count -= 1;
      if (fault.count <= 0) faults.splice(index, 1);
    }
    return fault;
  };

  const serverOptions: SMTPServerOptions = {
    secure: options.secure ?? false,
    authOptional: !options.username,
    disabledCommands: options.tls ? [] : ['STARTTLS'],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    logger: false,
    size: 200 * 1024 * 1024,
    ...(options.hideSmtpUtf8 ? { hideSMTPUTF8: true } : {}),
    onAuth(auth, _session, callback) {
      if (auth.username === options.username && auth.password === options.password) return callback(null, { user: auth.username });
      const error = new Error('Invalid username or password') as Error & { responseCode: number };
      error.responseCode = 535;
      return callback(error);
    },
    onRcptTo(address, _session, callback) {
      const stall = takeFault('stall-rcpt');
      if (stall) {
        setTimeout(() => callback(), stall.ms);
        return;
      }
      const reject = faults.find((fault) => fault.kind === 'reject-recipient' && fault.address === address.address);
      if (reject && reject.kind === 'reject-recipient') {
        if (reject.times !== undefined) {
          reject.times -= 1;
          if (reject.times <= 0) faults.splice(faults.indexOf(reject), 1);
        }
        const error = new Error(reject.message ?? `5.1.1 <${address.address}>: Recipient address rejected: User unknown`) as Error & {
          responseCode: number;
        };
        error.responseCode = reject.code ?? 550;
        if (reject.code !== undefined && reject.code < 500 && !reject.message) error.message = `4.2.2 <${address.address}>: Mailbox full, try again later`;
        return callback(error);
      }
      return callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      const dropDuring = takeFault('drop-during-data');
      let dropped = false;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (!options.discardBodies) chunks.push(chunk);
        if (dropDuring && !dropped && size >= (dropDuring.afterBytes ?? 0)) {
          dropped = true;
          // Cut the TCP connection before the final dot is acknowledged: nothing was accepted.
          connectionOf(session)?.destroy();
        }
      });
      stream.on('end', () => {
        if (dropped) return;
        dataEnded.count += 1;
        const defer = takeFault('defer');
        if (defer) {
          dataReplies.push(defer.code);
          const error = new Error(`${defer.code === 421 ? '4.3.2 Service shutting down' : '4.7.1 Try again later'}`) as Error & {
            responseCode: number;
          };
          error.responseCode = defer.code;
          return callback(error);
        }
        const raw = Buffer.concat(chunks);
        const finish = (): void => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw,
            session: session.id,
            size,
            receivedAt: (options.now ?? Date.now)(),
          });
          const dropAfter = takeFault('drop-after-data');
          if (dropAfter) {
            // Accepted (recorded) but the client never hears the 250: the uncertain window.
            connectionOf(session)?.destroy();
            return;
          }
          dataReplies.push(250);
          callback(null, `Message queued as ${session.id}`);
        };
        const stall = takeFault('stall');
        const wait = (stall?.ms ?? 0) + (options.delayMs ?? 0);
        if (wait > 0) setTimeout(finish, wait);
        else finish();
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  const rawServer = (server as unknown as { server: import('node:net').Server }).server;
  server.on('error', () => undefined);
  // smtp-server does not hand a session's socket to the hooks; find it so faults can cut it.
  const connectionsSet = (server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }).connections;
  function connectionOf(session: SMTPServerSession): { destroy(): void } | undefined {
    for (const connection of connectionsSet) if (connection.id === session.id) return connection._socket;
    return undefined;
  }

  await new Promise<void>((resolve) => server.listen(0, options.listenHost ?? '127.0.0.1', resolve));
  const { port } = rawServer.address() as AddressInfo;
  return {
    port,
    host: options.listenHost && options.listenHost !== '0.0.0.0' ? options.listenHost : '127.0.0.1',
    received,
    faults,
    dataReplies,
    dataEnded,
    close: () =>
      new Promise<void>((resolve) => {
        for (const connection of connectionsSet) connection._socket.destroy();
        server.close(() => resolve());
      }),
    waitFor: async (count, timeoutMs = 10_000) => {
      const start = Date.now();
      while (received.length < count) {
        if (Date.now() - start > timeoutMs) throw new Error(`SMTP server got ${received.length} messages, expected ${count}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
