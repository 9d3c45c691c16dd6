// Attaches one file to a Graph draft: a single POST under 3 MB, else an upload session whose
// bytes are PUT in chunks read from disk one at a time (a 150 MB file never sits in memory).
import fs from 'node:fs/promises';
import type { OutgoingAttachment } from '../email-provider';
import type { HttpRequest, HttpResponse } from './graph-http';
import { jsonBody } from './graph-http';
import { ProviderError } from '../provider-error';

/** Graph: attachments under 3 MB go in one POST; 3–150 MB need an upload session. */
export const SMALL_ATTACHMENT_BYTES = 3 * 1024 * 1024;
/** Graph wants chunks in multiples of 320 KiB and under 4 MB each: 10 × 320 KiB = 3.125 MiB. */
export const UPLOAD_CHUNK_BYTES = 10 * 320 * 1024;

/**
 * Makes one Graph request (token, 401 refresh and error classification are the caller's), and
 * resolves only on a 2xx. `authenticated: false` is for the upload URL, which carries its own
 * token — Graph refuses an Authorization header there.
 */
export type GraphCall = (request: HttpRequest & { authenticated?: boolean }) => Promise<HttpResponse>;

export interface UploadContext {
  graphBase: string;
  messageId: string;
  call: GraphCall;
  heartbeat: () => void;
  signal: AbortSignal;
}

const json = { 'content-type': 'application/json' };

/** Reads `length` bytes at `position` into `buffer` (fully, or throws). */
async function readExactly(handle: fs.FileHandle, buffer: Buffer, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`the attachment file ended early at byte ${position + done}`);
    done += bytesRead;
  }
}

export async function attachFile(attachment: OutgoingAttachment, context: UploadContext): Promise<void> {
  const base = `${context.graphBase}/me/messages/${encodeURIComponent(context.messageId)}/attachments`;
  if (attachment.size < SMALL_ATTACHMENT_BYTES) {
    const content = await fs.readFile(attachment.path);
    await context.call({
      method: 'POST',
      url: base,
      headers: json,
      body: JSON.stringify({
        '@odata.type': '#microsoft.graph.fileAttachment',
        name: attachment.filename,
        contentType: attachment.contentType,
        contentBytes: content.toString('base64'),
      }),
      signal: context.signal,
    });
    return;
  }
  await uploadLargeAttachment(attachment, base, context);
}

async function uploadLargeAttachment(attachment: OutgoingAttachment, base: string, context: UploadContext): Promise<void> {
  const session = await context.call({
    method: 'POST',
    url: `${base}/createUploadSession`,
    headers: json,
    body: JSON.stringify({
      AttachmentItem: { attachmentType: 'file', name: attachment.filename, size: attachment.size, contentType: attachment.contentType },
    }),
    signal: context.signal,
  });
  const uploadUrl = (jsonBody(session) as { uploadUrl?: unknown } | null)?.uploadUrl;
  if (typeof uploadUrl !== 'string') {
    throw new ProviderError('transient', 'Graph created an upload session without an upload URL', { code: 'outlook-upload-session' });
  }
  const total = attachment.size;
  const handle = await fs.open(attachment.path, 'r');
  // One buffer for the whole upload: at most one chunk is ever held in memory.
  const buffer = Buffer.alloc(Math.min(UPLOAD_CHUNK_BYTES, total));
  try {
    let start = 0;
    // A server that keeps asking for earlier bytes must not keep us uploading forever.
    let budget = 2 * Math.ceil(total / UPLOAD_CHUNK_BYTES) + 2;
    while (start < total && budget-- > 0) {
      const length = Math.min(UPLOAD_CHUNK_BYTES, total - start);
      await readExactly(handle, buffer, length, start);
      const end = start + length - 1;
      // Sequential on purpose: one request at a time per send keeps the account within Graph's
      // 4 concurrent requests per mailbox while the processor runs `concurrency` sends at once.
      const response = await context.call({
        method: 'PUT',
        url: uploadUrl,
        headers: { 'content-type': 'application/octet-stream', 'content-range': `bytes ${start}-${end}/${total}` },
        body: buffer.subarray(0, length),
        signal: context.signal,
        authenticated: false,
      });
      context.heartbeat();
      if (response.status === 201) {
        if (end + 1 !== total) {
          throw new ProviderError('transient', `Graph finished the upload at byte ${end + 1} of ${total}`, { code: 'outlook-upload-short' });
        }
        return;
      }
      start = nextStart(response, end + 1, total);
    }
    throw new ProviderError('transient', 'Graph never confirmed the end of the attachment upload', { code: 'outlook-upload-incomplete' });
  } finally {
    await handle.close();
  }
}

/**
 * Where the next chunk starts. For Outlook attachments Graph answers `nextExpectedRanges: ["{start}"]`
 * (one value); trust it (it lets the server ask for a resend), but never past the end.
 */
function nextStart(response: HttpResponse, fallback: number, total: number): number {
  const ranges = (jsonBody(response) as { nextExpectedRanges?: unknown } | null)?.nextExpectedRanges;
  const first = Array.isArray(ranges) && typeof ranges[0] === 'string' ? Number.parseInt(ranges[0], 10) : Number.NaN;
  if (Number.isNaN(first)) return fallback;
  if (first < 0 || first >= total) {
    throw new ProviderError('transient', `Graph asked for byte ${first} of a ${total}-byte attachment`, { code: 'outlook-upload-range' });
  }
  return first;
}
