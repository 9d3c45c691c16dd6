// Reading message files (JSON) and JSON Lines files from the command line, strictly: at most a
// size limit is read (so `--message /dev/zero` stops), the text must be UTF-8 (a Latin-1 file is
// refused naming the byte, never delivered as "Caf� cr�me"; a BOM is fine), and a key given twice
// in one object is refused rather than silently keeping the last.
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { invalidInput } from '../errors';

/** Larger message files are refused: big content belongs in attachments given by path. */
export const MESSAGE_FILE_LIMIT = 50 * 1024 * 1024;
/** A JSON Lines file may carry many messages. */
export const JSONL_FILE_LIMIT = 1024 * 1024 * 1024;

/** Reads at most `limit` bytes of `file`; one byte more means the file is too large. */
function readLimited(file: string, field: string, limit: number): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw invalidInput(field, code === 'ENOENT' ? `file not found: ${file}` : `cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, limit + 1 - total));
      let read: number;
      try {
        read = fs.readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        throw invalidInput(field, `cannot read ${file}: ${(error as Error).message}`);
      }
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > limit) throw invalidInput(field, `${file} is larger than ${Math.round(limit / (1024 * 1024))} MB; attach big files by path`);
    }
    return Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}

/** The byte offset of the first byte that is not valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; ) {
    const byte = bytes[i] as number;
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k += 1) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    const second = bytes[i + 1] as number;
    // Overlong forms, surrogates and code points past U+10FFFF.
    if ((byte === 0xe0 && second < 0xa0) || (byte === 0xed && second > 0x9f) || (byte === 0xf0 && second < 0x90) || (byte === 0xf4 && second > 0x8f)) return i;
    i += length;
  }
  return -1;
}

/** UTF-8 text of `bytes` without a leading BOM; refuses anything else naming the byte offset. */
export function decodeUtf8(bytes: Buffer, field: string, what: string): string {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  if (!isUtf8(body)) {
    const offset = firstInvalidUtf8(body) + start;
    throw invalidInput(field, `${what} is not UTF-8 text (byte ${offset} is 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')}); save it as UTF-8`);
  }
  return body.toString('utf8');
}

/** The first key that appears twice in one object of this (already valid) JSON text, or null. */
export function duplicateKey(text: string): string | null {
  const stack: Array<Set<string> | null> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top && expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.has(key)) return key;
        top.add(key);
        expectKey = false;
      }
      i = end;
    } else if (char === '{') {
      stack.push(new Set());
      expectKey = true;
    } else if (char === '[') {
      stack.push(null);
    } else if (char === '}' || char === ']') {
      stack.pop();
    } else if (char === ',') {
      expectKey = stack[stack.length - 1] instanceof Set;
    }
  }
  return null;
}

/** Parses JSON text, refusing duplicate keys; `what` names the file (and line) in errors. */
export function parseStrictJson(text: string, field: string, what: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidInput(field, `${what} is not valid JSON (${(error as Error).message})`);
  }
  const duplicate = duplicateKey(text);
  if (duplicate !== null) throw invalidInput(field, `${what} gives the key "${duplicate}" twice in one object`);
  return value;
}

/** Reads the message file as JSON, with errors that name the file and the problem. */
export function readMessageFile(file: string, field = 'message'): unknown {
  return parseStrictJson(decodeUtf8(readLimited(file, field, MESSAGE_FILE_LIMIT), field, file), field, file);
}

/** One message per non-blank line; each error names the file and line. */
export function readJsonLines(file: string, field = 'jsonl'): Array<{ line: number; value: unknown }> {
  const text = decodeUtf8(readLimited(file, field, JSONL_FILE_LIMIT), field, file);
  const items: Array<{ line: number; value: unknown }> = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/u, '');
    if (line.trim() === '') return;
    items.push({ line: index + 1, value: parseStrictJson(line, field, `${file} line ${index + 1}`) });
  });
  if (items.length === 0) throw invalidInput(field, `${file} holds no message`);
  return items;
}
