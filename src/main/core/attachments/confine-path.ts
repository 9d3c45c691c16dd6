// Where a message file's attachment `path` may point: inside the message file's folder (or a
// folder the user allowed with `--allow-path`), after following every symlink. A message file can
// come from anywhere — a shared folder, a generator, a download — and must not be able to mail
// /etc/shadow, ~/.ssh or /proc/self/environ away. Paths the user picked in the app's file dialog
// do not come through here.
import fs from 'node:fs';
import path from 'node:path';
import { invalidInput } from '../errors';

export interface AttachmentRoots {
  /** The message file's folder: relative paths start here, and it is always allowed. */
  baseDir: string;
  /** Further folders the user allowed (`--allow-path`). */
  allowed: string[];
  /** What `baseDir` is, for the error ("the message file's folder" unless told). */
  baseName?: string;
}

function realOrSelf(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

const isInside = (file: string, dir: string): boolean => {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/**
 * The real path of `attachmentPath` (relative to `roots.baseDir`), when it lies inside one of the
 * roots; the caller reads that real path, so a symlink swapped afterwards cannot redirect it.
 * A missing file is reported as such (the caller's own checks word it); anything outside is
 * refused naming the field.
 */
export function resolveAttachmentPath(attachmentPath: string, roots: AttachmentRoots, field: string): string {
  const requested = path.resolve(roots.baseDir, attachmentPath);
  let real: string;
  try {
    real = fs.realpathSync(requested);
  } catch {
    throw invalidInput(field, `file not found: ${requested}`);
  }
  const folders = [roots.baseDir, ...roots.allowed].map(realOrSelf);
  if (folders.some((folder) => isInside(real, folder))) return real;
  const where = real === requested ? requested : `${requested} (which leads to ${real})`;
  throw invalidInput(
    field,
    `${where} is outside ${roots.baseName ?? "the message file's folder"} (${roots.baseDir}); to attach it, move it there or pass --allow-path with the folder that holds it`,
  );
}
