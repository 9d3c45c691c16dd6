// Turns what the file system and SQLite say about a broken data dir into one sentence saying
// what is wrong and what to do — "unavailable" (exit 3), never a stack trace. A damaged database
// is reported, never repaired by overwriting it.
import fs from 'node:fs';
import path from 'node:path';
import { FacteurError } from '../errors';

const unavailable = (message: string, cause: unknown): FacteurError => new FacteurError('unavailable', message, undefined, { cause });

/** The data dir exists (or is created), is a folder, and can be written. */
export function ensureDataDir(dir: string): void {
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) {
    throw unavailable(`the data dir ${dir} is a file, not a folder: move the file away or set FACTEUR_DATA_DIR to a folder`, null);
  }
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw asStorageError(error, dir);
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    throw asStorageError(error, dir);
  }
}

/** A storage failure as one plain sentence (or the error unchanged when it is something else). */
export function asStorageError(error: unknown, where?: string): unknown {
  if (error instanceof FacteurError) return error;
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const place = where ? ` (${where})` : '';
  const dataDir = where ? path.dirname(where) : 'the data dir';
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return unavailable(
      `the database${place} is damaged (${(error as Error).message}); Facteur will not overwrite it: ` +
        'move it aside and restore a backup, or start afresh with an empty data dir (run facteur doctor)',
      error,
    );
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EFBIG' || code === 'SQLITE_IOERR_WRITE' || code === 'SQLITE_IOERR_FSYNC') {
    return unavailable(`cannot write to the data dir${place}: the disk is full (or a file size limit was reached); free some space and try again`, error);
  }
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code.startsWith('SQLITE_READONLY')) {
    return unavailable(`the data dir${place} cannot be written (${(error as Error).message}); make it writable or set FACTEUR_DATA_DIR to another folder`, error);
  }
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    return unavailable(`the data dir${place} is in the way of a file: check ${dataDir}, or set FACTEUR_DATA_DIR to a folder`, error);
  }
  if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_IOERR')) {
    return unavailable(`cannot use the database${place} (${(error as Error).message}); check the data dir's disk and permissions (run facteur doctor)`, error);
  }
  return error;
}
