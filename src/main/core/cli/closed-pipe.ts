// What the command line does when the reader of its output goes away (`facteur list | head -1`,
// a pager quit early): it stops writing and finishes quietly. Without this, Node reports the
// EPIPE as an unhandled stream error — a stack trace on stderr and exit 1 for a command that
// did its work. Any other write error still surfaces.
import type { Writable } from 'node:stream';

const guarded = new WeakSet<Writable>();

/** Ignores EPIPE on `stream` (stdout, stderr); idempotent. */
export function ignoreClosedPipe(stream: Writable): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    throw error;
  });
}
