// A small MIME reader for tests (mailparser is not installed): headers, nested multiparts, and
// base64 / quoted-printable bodies, enough to compare attachments byte for byte.

export interface MimePart {
  headers: Map<string, string>;
  contentType: string;
  /** Decoded body (transfer encoding removed); empty for multiparts. */
  body: Buffer;
  filename: string | null;
  parts: MimePart[];
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.replace(/\r\n[ \t]+/gu, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

function param(value: string, name: string): string | null {
  const match = new RegExp(`${name}\\*?=("([^"]*)"|[^;\\s]+)`, 'iu').exec(value);
  if (!match) return null;
  return match[2] ?? match[1] ?? null;
}

function decodeQuotedPrintable(text: string): Buffer {
  const bytes: number[] = [];
  const unfolded = text.replace(/=\r\n/gu, '');
  for (let i = 0; i < unfolded.length; i += 1) {
    const char = unfolded[i] ?? '';
    if (char === '=' && /^[0-9A-F]{2}$/iu.test(unfolded.slice(i + 1, i + 3))) {
      bytes.push(parseInt(unfolded.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(char, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

export function parseMime(raw: Buffer): MimePart {
  const split = raw.indexOf('\r\n\r\n');
  const headers = parseHeaders(raw.subarray(0, split < 0 ? raw.length : split).toString('utf8'));
  const content = split < 0 ? Buffer.alloc(0) : raw.subarray(split + 4);
  const contentType = headers.get('content-type') ?? 'text/plain';
  const disposition = headers.get('content-disposition') ?? '';
  const filename = param(disposition, 'filename') ?? param(contentType, 'name');
  if (/^multipart\//iu.test(contentType)) {
    const boundary = param(contentType, 'boundary');
    if (!boundary) throw new Error('multipart without boundary');
    const delimiter = `--${boundary}`;
    const pieces = content.toString('latin1').split(`\r\n${delimiter}`);
    // The first piece is the preamble (or starts with the first delimiter).
    const first = pieces.shift() ?? '';
    const bodies = first.startsWith(delimiter) ? [first.slice(delimiter.length), ...pieces] : pieces;
    const parts = bodies
      .filter((piece) => !piece.startsWith('--'))
      .map((piece) => parseMime(Buffer.from(piece.replace(/^[ \t]*\r\n/u, ''), 'latin1')));
    return { headers, contentType, body: Buffer.alloc(0), filename, parts };
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  let body: Buffer;
  if (encoding === 'base64') body = Buffer.from(content.toString('latin1').replace(/\s+/gu, ''), 'base64');
  else if (encoding === 'quoted-printable') body = decodeQuotedPrintable(content.toString('latin1'));
  else body = content;
  return { headers, contentType, body, filename, parts: [] };
}

/** Every leaf part, depth first. */
export function leaves(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leaves);
}

/** Attachments by filename. */
export function attachmentsOf(raw: Buffer): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  for (const leaf of leaves(parseMime(raw))) if (leaf.filename) found.set(leaf.filename, leaf.body);
  return found;
}

/**
 * A header value with its RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) decoded; the
 * space between two adjacent encoded words is dropped, as the RFC says. Decodes the bytes of all
 * adjacent words together, since a character may be split across two words.
 */
export function decodeHeader(value: string): string {
  const word = /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/gu;
  const joined = value.replace(/\?=\s+=\?/gu, '?==?');
  return joined.replace(/(?:=\?[^?]+\?[QqBb]\?[^?]*\?=)+/gu, (run) => {
    const bytes: Buffer[] = [];
    for (const [, , encoding, text] of run.matchAll(word)) {
      if (encoding?.toUpperCase() === 'B') bytes.push(Buffer.from(text ?? '', 'base64'));
      else bytes.push(decodeQuotedPrintable((text ?? '').replace(/_/gu, ' ')));
    }
    return Buffer.concat(bytes).toString('utf8');
  });
}
