// One autoconfig download, on a short leash: https only (http only on loopback, for tests and
// local fakes), a time limit for the whole exchange, a size cap on the body (read as a stream and
// cut off, never buffered whole), and at most a few redirects — none of which may go from https
// to http or leave loopback http for the network.
import { isLoopbackHost } from '../../../endpoint-check';

export const MAX_CONFIG_BYTES = 64 * 1024;
const MAX_REDIRECTS = 3;

export class FetchRefused extends Error {}

/** Why `url` may not be fetched (after coming from `from`, for a redirect), or null when it may. */
export function urlProblem(url: URL, from?: URL): string | null {
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname) && (!from || from.protocol === 'http:')) return null;
  return from ? `redirected to ${url.href}, which is not https` : `${url.href} is not https`;
}

async function readCapped(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > limit) throw new FetchRefused(`the answer is ${declared} bytes, more than the ${limit} allowed`);
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new FetchRefused(`the answer is more than the ${limit} bytes allowed`);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}

/**
 * The body of `address` (an XML document), or a thrown FetchRefused / abort saying why not. A 404
 * and the like are "not found" (FetchRefused with the status).
 */
export async function fetchConfig(address: string, timeoutMs: number, limit = MAX_CONFIG_BYTES): Promise<string> {
  const signal = AbortSignal.timeout(timeoutMs);
  let url = new URL(address);
  let from: URL | undefined;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    const problem = urlProblem(url, from);
    if (problem) throw new FetchRefused(problem);
    let response: Response;
    try {
      response = await fetch(url, { redirect: 'manual', signal, headers: { accept: 'application/xml, text/xml' } });
    } catch (error) {
      if (signal.aborted) throw new FetchRefused(`no answer within ${timeoutMs / 1000} s`);
      throw new FetchRefused(`could not connect (${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message})`);
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      from = url;
      url = new URL(location, url);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new FetchRefused(`HTTP ${response.status}`);
    }
    try {
      return await readCapped(response, limit);
    } catch (error) {
      if (signal.aborted) throw new FetchRefused(`no complete answer within ${timeoutMs / 1000} s`);
      throw error;
    }
  }
  throw new FetchRefused(`more than ${MAX_REDIRECTS} redirects`);
}
