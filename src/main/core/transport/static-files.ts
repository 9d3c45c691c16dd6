// Serves the built renderer (dist/renderer) for the loopback dev server: files only from inside
// the root, index.html for unknown paths (client-side routes), and the app's CSP on every answer.
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export function serveStatic(root: string | null, csp: string, request: IncomingMessage, response: ServerResponse): void {
  const headers = { 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, headers).end();
    return;
  }
  if (!root) {
    response.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('no renderer build: run npm run build\n');
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
  } catch {
    response.writeHead(400, headers).end();
    return;
  }
  const base = path.resolve(root);
  let file = path.resolve(base, `.${pathname}`);
  // Never outside the root, whatever `..` or encoded slashes the path holds.
  if (file !== base && !file.startsWith(base + path.sep)) {
    response.writeHead(403, headers).end();
    return;
  }
  if (!isFile(file)) file = path.join(base, 'index.html');
  if (!isFile(file)) {
    response.writeHead(404, headers).end();
    return;
  }
  response.writeHead(200, { ...headers, 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  if (request.method === 'HEAD') response.end();
  else fs.createReadStream(file).pipe(response);
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
