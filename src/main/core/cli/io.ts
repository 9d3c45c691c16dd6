// Small terminal helpers for the command line: stdin, tables, the browser.
import { spawn } from 'node:child_process';

export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Left-aligned columns, widths from the content; long cells are cut with an ellipsis. */
export function table(headers: string[], rows: Array<Array<string | number | null>>, maxWidth = 48): string {
  const cells = [headers, ...rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))))].map((row) =>
    row.map((cell) => (cell.length > maxWidth ? `${cell.slice(0, maxWidth - 1)}…` : cell)),
  );
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return cells.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}

/** Opens `url` in the system browser unless FACTEUR_NO_BROWSER=1 (headless runs, tests). */
export function openInBrowser(url: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  process.stderr.write(`Open this URL to sign in: ${url}\n`);
  if (env.FACTEUR_NO_BROWSER === '1') return Promise.resolve();
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url.replace(/&/gu, '^&')]]
        : ['xdg-open', [url]];
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => resolve()); // no browser: the printed URL is enough
    child.unref();
    resolve();
  });
}
