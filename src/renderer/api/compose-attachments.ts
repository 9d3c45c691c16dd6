// An attachment as the compose form holds it — by path (a native dialog), by bytes (a browser's
// file input or a drop) or by checksum (already stored) — and how a browser File becomes one.
// Plain model code, used by the compose state and its draft, drawn by components/attachment-list.tsx.

export interface ComposeAttachment {
  key: string;
  filename: string;
  size: number;
  path?: string;
  contentBase64?: string;
  contentType?: string;
  /** A file Facteur already stores (a draft's files, the original's files of an edit). */
  sha256?: string;
  /** Being stored; the mail cannot be queued until it is. */
  pending?: boolean;
}

/** A browser file's bytes as base64 (what crosses the transport when there is no path). */
export async function readBase64(file: File): Promise<string> {
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error(`cannot read ${file.name}`));
    reader.readAsDataURL(file);
  });
  return dataUrl.slice(dataUrl.indexOf(',') + 1);
}

/** MIME encodes attachments in base64: 4 bytes for every 3, plus line breaks. */
export function encodedSize(bytes: number): number {
  return Math.ceil(bytes / 3) * 4 * (78 / 76);
}

export async function fileToAttachment(file: File, pathOf: ((file: File) => string | null) | undefined): Promise<ComposeAttachment> {
  const key = `${file.name}-${file.size}-${file.lastModified}-${Math.random().toString(36).slice(2)}`;
  const path = pathOf?.(file) ?? null;
  const contentType = /^[\w.+-]+\/[\w.+-]+$/u.test(file.type) ? { contentType: file.type } : {};
  if (path) return { key, filename: file.name, size: file.size, path, ...contentType };
  return { key, filename: file.name, size: file.size, contentBase64: await readBase64(file), ...contentType };
}
