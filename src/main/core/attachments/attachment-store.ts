// Content-addressed attachment files under <data dir>/attachments/ab/abcdef…: the same file
// queued a thousand times is stored once, streamed in and out, never held in a queue row.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { FacteurError } from '../errors';

/** A temp file untouched this long belongs to no living copy. */
export const STALE_PART_MS = 60 * 60 * 1000;

export interface StoredBlob {
  sha256: string;
  size: number;
  /** True when this call wrote the file (so a failed enqueue can remove it again). */
  created: boolean;
}

export class AttachmentStore {
  constructor(readonly dir: string) {}

  pathFor(sha256: string): string {
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }

  /** Streams `source` into the store while hashing it; writes to a temp file, then renames. */
  async putFile(source: string): Promise<StoredBlob> {
    return this.put(fs.createReadStream(source));
  }

  async putBuffer(content: Buffer): Promise<StoredBlob> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const target = this.pathFor(sha256);
    if (fs.existsSync(target)) return { sha256, size: content.length, created: false };
    return this.put(content);
  }

  /**
   * Removes temp files (`tmp/*.part`) last written more than `maxAgeMs` ago: left by an enqueue
   * that was killed mid-copy. Younger ones may still be being written by another process.
   */
  removeStaleParts(now: number, maxAgeMs = STALE_PART_MS): number {
    const tmpDir = path.join(this.dir, 'tmp');
    let names: string[];
    try {
      names = fs.readdirSync(tmpDir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      if (!name.endsWith('.part')) continue;
      const file = path.join(tmpDir, name);
      try {
        if (now - fs.statSync(file).mtimeMs > maxAgeMs) {
          fs.rmSync(file, { force: true });
          removed += 1;
        }
      } catch {
        // Gone meanwhile (renamed into the store, or removed by another run): nothing to do.
      }
    }
    return removed;
  }

  private async put(source: fs.ReadStream | Buffer): Promise<StoredBlob> {
    const tmpDir = path.join(this.dir, 'tmp');
    fs.mkdirSync(tmpDir, { recursive: true, mode: 0o700 });
    const tmp = path.join(tmpDir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    try {
      if (Buffer.isBuffer(source)) {
        hash.update(source);
        size = source.length;
        fs.writeFileSync(tmp, source, { mode: 0o600 });
      } else {
        const out = fs.createWriteStream(tmp, { mode: 0o600 });
        await pipeline(
          source,
          async function* (chunks: AsyncIterable<Buffer | string>) {
            for await (const chunk of chunks) {
              const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
              hash.update(bytes);
              size += bytes.length;
              yield bytes;
            }
          },
          out,
        );
      }
      const sha256 = hash.digest('hex');
      const target = this.pathFor(sha256);
      if (fs.existsSync(target)) {
        fs.rmSync(tmp, { force: true });
        return { sha256, size, created: false };
      }
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      fs.renameSync(tmp, target);
      return { sha256, size, created: true };
    } catch (error) {
      fs.rmSync(tmp, { force: true });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') {
        const why = code === 'EFBIG' ? 'the file size limit was reached' : 'no space left';
        throw new FacteurError('unavailable', `${why} — cannot store the attachment in ${this.dir}`, undefined, { cause: error });
      }
      throw error;
    }
  }

  remove(sha256: string): void {
    fs.rmSync(this.pathFor(sha256), { force: true });
  }

}
