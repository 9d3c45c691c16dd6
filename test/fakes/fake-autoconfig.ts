// A real HTTP server on 127.0.0.1 playing every web source of SMTP autoconfig: a provider's
// config-v1.1.xml and Thunderbird's ISPDB. Each path answers as a test sets it: a document, a
// status, a redirect, a slow trickle, or a body far past the size cap — the hostile cases the
// engine must shrug off. FACTEUR_AUTOCONFIG_URL / FACTEUR_ISPDB_URL point here.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route =
  | { xml: string; delayMs?: number }
  | { status: number }
  | { redirect: string }
  /** Sends the headers, then a byte now and then, never finishing in time. */
  | { trickle: true }
  /** Megabytes of valid-looking XML, without a Content-Length. */
  | { huge: true };

export interface FakeAutoconfig {
  origin: string;
  /** FACTEUR_AUTOCONFIG_URL: /autoconfig/<domain>?emailaddress=<email>. */
  autoconfigTemplate: string;
  /** FACTEUR_ISPDB_URL: /ispdb/<domain>. */
  ispdbTemplate: string;
  routes: Map<string, Route>;
  /** Paths requested, with their query. */
  requests: string[];
  close(): Promise<void>;
}

/** An autoconfig document with one SMTP server per entry, in order. */
export function clientConfigXml(servers: Array<{ host: string; port: number; socketType: string; username?: string; auth?: string[] }>): string {
  const outgoing = servers
    .map(
      (server) => `    <outgoingServer type="smtp">
      <hostname>${server.host}</hostname>
      <port>${server.port}</port>
      <socketType>${server.socketType}</socketType>
      <username>${server.username ?? '%EMAILADDRESS%'}</username>
${(server.auth ?? ['password-cleartext']).map((method) => `      <authentication>${method}</authentication>`).join('\n')}
    </outgoingServer>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example">
    <incomingServer type="imap"><hostname>imap.example</hostname><port>993</port><socketType>SSL</socketType></incomingServer>
${outgoing}
  </emailProvider>
</clientConfig>
`;
}

export async function startFakeAutoconfig(): Promise<FakeAutoconfig> {
  const routes = new Map<string, Route>();
  const requests: string[] = [];
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(`${url.pathname}${url.search}`);
    const route = routes.get(url.pathname);
    open.add(response);
    response.on('close', () => open.delete(response));
    if (!route) {
      response.writeHead(404).end();
    } else if ('status' in route) {
      response.writeHead(route.status).end();
    } else if ('redirect' in route) {
      response.writeHead(302, { location: route.redirect }).end();
    } else if ('trickle' in route) {
      response.writeHead(200, { 'content-type': 'application/xml' });
      const timer = setInterval(() => response.write(' '), 200);
      response.on('close', () => clearInterval(timer));
    } else if ('huge' in route) {
      response.writeHead(200, { 'content-type': 'application/xml' });
      response.write('<?xml version="1.0"?><clientConfig><!--');
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const pump = (): void => {
        while (sent < 200 && response.write(chunk)) sent += 1;
        if (sent < 200) response.once('drain', pump);
        else response.end('--></clientConfig>');
      };
      pump();
    } else {
      setTimeout(() => response.writeHead(200, { 'content-type': 'application/xml' }).end(route.xml), route.delayMs ?? 0);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    autoconfigTemplate: `${origin}/autoconfig/{domain}?emailaddress={email}`,
    ispdbTemplate: `${origin}/ispdb/{domain}`,
    routes,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const response of open) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
