// The contract's second transport, for development and tests only: the same handler map served
// over a WebSocket on loopback, so the real React UI runs in a browser against the real engine.
// Anyone on this machine can reach a loopback port, so every connection must present the per-run
// token, come from an allowed Origin (a web page elsewhere cannot drive it) and name this host
// (DNS rebinding); binding to anything but loopback is refused outright.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isPushChannel, isRequestChannel, type PushChannel, type PushPayload } from '../../../shared/ipc-contract';
import { LOOPBACK_PATH, requestFrameSchema, TOKEN_PARAM, type ServerFrame } from '../../../shared/loopback-protocol';
import { FacteurError } from '../errors';
import { dispatch, type HandlerMap } from '../ipc/handler-map';
import { contentSecurityPolicy } from '../security/csp';
import { serveStatic } from './static-files';

export interface LoopbackServerOptions {
  handlers: HandlerMap;
  /** 127.0.0.1 (default) or ::1; anything else throws. */
  host?: string;
  /** 0 (default): any free port. */
  port?: number;
  /** Defaults to 32 random bytes, hex. */
  token?: string;
  /** Origins besides the server's own that may connect (a vite dev server). */
  allowedOrigins?: string[];
  /** The built renderer to serve over HTTP, or null to serve nothing. */
  staticDir?: string | null;
  log?: { warn(object: object, message: string): void };
}

export interface LoopbackServer {
  port: number;
  token: string;
  /** The page to open: the token travels in the fragment, which browsers never send. */
  pageUrl: string;
  /** The WebSocket endpoint with the token (for non-browser clients and tests). */
  socketUrl: string;
  origin: string;
  push<C extends PushChannel>(channel: C, payload: PushPayload<C>): void;
  close(): Promise<void>;
}

const LOOPBACK_BINDS = new Set(['127.0.0.1', '::1']);
const MAX_FRAME_BYTES = 64 * 1024 * 1024;

export function assertLoopbackBind(host: string): void {
  if (!LOOPBACK_BINDS.has(host)) {
    throw new FacteurError('invalid-input', `the loopback transport binds only to 127.0.0.1 or ::1, not "${host}"`, 'host');
  }
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

export async function startLoopbackServer(options: LoopbackServerOptions): Promise<LoopbackServer> {
  const host = options.host ?? '127.0.0.1';
  assertLoopbackBind(host);
  const token = options.token ?? randomBytes(32).toString('hex');
  if (token.length < 32) throw new FacteurError('invalid-input', 'the loopback token must be at least 32 characters', 'token');
  const expected = digest(token);
  const hostPart = host.includes(':') ? `[${host}]` : host;

  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  let origin = '';
  let csp = contentSecurityPolicy();
  const server = http.createServer((request, response) => {
    if (!hostAllowed(request)) {
      response.writeHead(421).end();
      return;
    }
    serveStatic(options.staticDir ?? null, csp, request, response);
  });

  const allowedHosts = (): Set<string> => {
    const port = (server.address() as AddressInfo).port;
    return new Set([`${hostPart}:${port}`, `localhost:${port}`]);
  };
  const hostAllowed = (request: IncomingMessage): boolean => allowedHosts().has((request.headers.host ?? '').toLowerCase());
  const originAllowed = (value: string | undefined): boolean =>
    value !== undefined && (value === origin || value === `http://localhost:${new URL(origin).port}` || (options.allowedOrigins ?? []).includes(value));
  const tokenValid = (request: IncomingMessage): boolean => {
    const given = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get(TOKEN_PARAM) ?? '';
    return timingSafeEqual(digest(given), expected);
  };

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, why: string): void => {
      options.log?.warn({ why, origin: request.headers.origin ?? null }, 'loopback connection refused');
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (pathname !== LOOPBACK_PATH) return refuse(404, 'path');
    if (!hostAllowed(request)) return refuse(421, 'host');
    if (!originAllowed(request.headers.origin)) return refuse(403, 'origin');
    if (!tokenValid(request)) return refuse(401, 'token');
    wss.handleUpgrade(request, socket, head, (ws) => serve(ws));
  });

  function send(ws: WebSocket, frame: ServerFrame): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  }

  function serve(ws: WebSocket): void {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only');
      let frame: unknown;
      try {
        frame = JSON.parse(data.toString());
      } catch {
        return ws.close(1007, 'not JSON');
      }
      const parsed = requestFrameSchema.safeParse(frame);
      if (!parsed.success) return ws.close(1008, 'not a request frame');
      const { id, channel, input } = parsed.data;
      if (!isRequestChannel(channel)) {
        return send(ws, { type: 'response', id, result: { ok: false, error: { code: 'not-found', message: `no such channel: ${channel}` } } });
      }
      void dispatch(options.handlers, channel, input).then((result) => send(ws, { type: 'response', id, result }));
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${hostPart}:${port}`;
  csp = contentSecurityPolicy({ connect: [`ws://${hostPart}:${port}`] });

  return {
    port,
    token,
    origin,
    pageUrl: `${origin}/#${TOKEN_PARAM}=${token}`,
    socketUrl: `ws://${hostPart}:${port}${LOOPBACK_PATH}?${TOKEN_PARAM}=${token}`,
    push(channel, payload) {
      if (!isPushChannel(channel)) return;
      for (const ws of sockets) send(ws, { type: 'push', channel, payload });
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
