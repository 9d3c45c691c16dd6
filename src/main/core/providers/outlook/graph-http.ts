// The one HTTP client the Outlook provider uses, for Microsoft Graph and (through an MSAL network
// module) for the identity platform. Built on node:http(s) rather than fetch for two reasons:
// it reports whether the request body was fully handed to the socket before a failure (a lost
// connection after the last byte of a send means "maybe sent", before it means "not sent"), and
// it takes an `https.Agent`, so the trusted CAs are a constructor argument instead of a
// process-wide setting. Production uses the global agent (which honours NODE_EXTRA_CA_CERTS).
import http from 'node:http';
import https from 'node:https';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  url: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  signal?: AbortSignal;
  /** Idle-socket timeout; a stalled request fails instead of hanging the batch. */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Buffer;
}

/** The request failed without an HTTP answer. `bodySent` says whether every byte had gone out. */
export class HttpRequestError extends Error {
  constructor(
    message: string,
    readonly bodySent: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'HttpRequestError';
  }
}

export interface HttpTransport {
  request(request: HttpRequest): Promise<HttpResponse>;
}

export interface HttpTransportOptions {
  /** Agent for https:// URLs (e.g. one trusting an extra CA). Default: Node's global agent. */
  httpsAgent?: https.Agent;
  /** Default idle timeout (ms). */
  timeoutMs?: number;
}

export function createHttpTransport(options: HttpTransportOptions = {}): HttpTransport {
  return {
    request: (request) =>
      new Promise<HttpResponse>((resolve, reject) => {
        const url = new URL(request.url);
        const isHttps = url.protocol === 'https:';
        const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
        const headers: Record<string, string> = { ...request.headers };
        if (body !== undefined) headers['content-length'] = String(body.length);
        let bodySent = body === undefined;
        let settled = false;
        const fail = (message: string, cause?: unknown): void => {
          if (settled) return;
          settled = true;
          reject(new HttpRequestError(message, bodySent, cause === undefined ? undefined : { cause }));
        };
        const requestOptions: https.RequestOptions = {
          method: request.method,
          headers,
          ...(request.signal ? { signal: request.signal } : {}),
          ...(isHttps && options.httpsAgent ? { agent: options.httpsAgent } : {}),
        };
        const onResponse = (response: http.IncomingMessage): void => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => fail(`the response was cut off: ${error.message}`, error));
          response.on('end', () => {
            if (settled) return;
            settled = true;
            const flat: Record<string, string> = {};
            for (const [key, value] of Object.entries(response.headers)) {
              if (value !== undefined) flat[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
            }
            resolve({ status: response.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks) });
          });
        };
        const req = isHttps ? https.request(url, requestOptions, onResponse) : http.request(url, requestOptions, onResponse);
        req.setTimeout(request.timeoutMs ?? options.timeoutMs ?? 120_000, () => {
          req.destroy(new Error('timed out waiting for the server'));
        });
        req.on('error', (error) => fail(`${request.method} ${url.origin}${url.pathname} failed: ${error.message}`, error));
        // `end`'s callback runs once the last byte is flushed to the socket.
        const markSent = (): void => {
          bodySent = true;
        };
        if (body === undefined) req.end(markSent);
        else req.end(body, markSent);
      }),
  };
}

/** Parses a JSON body, or returns null when it is empty or not JSON. */
export function jsonBody(response: HttpResponse): unknown {
  if (response.body.length === 0) return null;
  try {
    return JSON.parse(response.body.toString('utf8')) as unknown;
  } catch {
    return null;
  }
}
