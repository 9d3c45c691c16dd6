// Reads a mail merge's data file: CSV with a header row, UTF-8 (BOM allowed) or UTF-16 with its
// BOM, the delimiter (`,` `;` or tab — French Excel writes `;`) detected from the header, quoted
// fields with line breaks; blank rows and a trailing delimiter are what spreadsheets write, not data.
// Parsing is csv-parse's; this module only chooses its options and turns its failures into
// messages that name the row.
import { parse } from 'csv-parse/sync';
import { invalidInput } from '../errors';

/** Far above any real mailing (10,000 rows of a typical list is about 1 MB). */
export const MAX_DATA_BYTES = 20 * 1024 * 1024;
export const MAX_DATA_ROWS = 100_000;
export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export interface DataRow {
  /** Row number as a spreadsheet shows it: the header is row 1, the first data row is row 2. */
  row: number;
  values: string[];
  /** Set when the row has a different number of fields than the header. */
  problem?: string;
}

export interface DataFile {
  columns: string[];
  delimiter: Delimiter;
  rows: DataRow[];
}

const delimiterName = (delimiter: Delimiter): string => (delimiter === '\t' ? 'tab' : `"${delimiter}"`);

/** Bytes that Windows-1252 leaves undefined: a file holding them is not that encoding either. */
const NOT_WINDOWS_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** A guess at the encoding of bytes that are not UTF-8, for the error message. */
function encodingHint(bytes: Buffer): string {
  if (bytes.includes(0)) return '; it looks like UTF-16 without a byte-order mark';
  if (!bytes.some((byte) => NOT_WINDOWS_1252.has(byte))) {
    return '; it looks like Windows-1252 (Excel\'s plain "CSV (Comma delimited)"), where é is one byte';
  }
  return '';
}

/**
 * The text of the file: UTF-8 (BOM allowed), or UTF-16 with its byte-order mark (Excel's
 * "Unicode Text"). Anything else is refused rather than guessed, which could turn every é of a
 * list into mojibake in the mail: the error says where the first bad byte is and what the file
 * looks like.
 */
function decodeText(bytes: Buffer, label: string): string {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  if (utf16) {
    try {
      return new TextDecoder(utf16, { fatal: true }).decode(bytes);
    } catch {
      throw invalidInput('data', `${label} starts with a UTF-16 byte-order mark but is not valid UTF-16 text; save it as "CSV UTF-8" (Excel) or re-encode it`);
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const at = lenient.indexOf('\uFFFD');
    const line = lenient.slice(0, Math.max(0, at)).split('\n').length;
    throw invalidInput(
      'data',
      `${label} is not UTF-8 text (first bad byte on line ${line})${encodingHint(bytes)}; save it as "CSV UTF-8" (Excel) or re-encode it`,
    );
  }
}

const isBlank = (values: string[]): boolean => values.every((value) => value.trim() === '');

/**
 * Drops trailing header columns with no name whose cells are all empty: what a trailing
 * delimiter on every line gives. A nameless column that holds data stays (and is refused).
 */
function dropTrailingEmptyColumns(header: string[], body: string[][]): number {
  let width = header.length;
  while (width > 1 && header[width - 1]?.trim() === '' && body.every((values) => (values[width - 1] ?? '').trim() === '')) width -= 1;
  return width;
}

/** The delimiter that splits the header row into the most fields (ties: the earlier in DELIMITERS). */
function detectDelimiter(text: string): Delimiter {
  let best: Delimiter = ',';
  let bestCount = 1;
  for (const delimiter of DELIMITERS) {
    try {
      const [header] = parse(text, { delimiter, to: 1, relax_quotes: true, relax_column_count: true }) as string[][];
      const count = header?.length ?? 0;
      if (count > bestCount) {
        best = delimiter;
        bestCount = count;
      }
    } catch {
      // this delimiter does not even parse the header: not the one
    }
  }
  return best;
}

export function readDataFile(bytes: Buffer, label = 'the data file'): DataFile {
  if (bytes.length > MAX_DATA_BYTES) {
    throw invalidInput(
      'data',
      `${label} is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; a mail merge takes at most ${MAX_DATA_BYTES / 1024 / 1024} MB — split it into several batches`,
    );
  }
  const text = decodeText(bytes, label).replace(/^\uFEFF/u, '');
  if (text.trim().length === 0) throw invalidInput('data', `${label} is empty; it needs a header row and at least one data row`);
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    // Empty lines are kept (and skipped below) so rows keep the numbers a spreadsheet shows.
    records = parse(text, { delimiter, relax_column_count: true }) as string[][];
  } catch (error) {
    throw invalidInput('data', `${label} is not valid CSV: ${(error as Error).message}`);
  }
  const [fullHeader, ...fullBody] = records;
  if (!fullHeader) throw invalidInput('data', `${label} has no header row`);
  const width = dropTrailingEmptyColumns(fullHeader, fullBody);
  const header = fullHeader.slice(0, width);
  // A row with every cell empty is a blank line, or what Excel writes for a formatted empty row (",,").
  const body = fullBody
    .map((values, index) => ({ row: index + 2, values: values.length > width && isBlank(values.slice(width)) ? values.slice(0, width) : values }))
    .filter(({ values }) => !isBlank(values));
  const columns = header.map((name) => name.trim());
  const seen = new Set<string>();
  columns.forEach((name, index) => {
    if (!name) throw invalidInput('data', `${label}: column ${index + 1} of the header has no name`);
    if (seen.has(name)) throw invalidInput('data', `${label}: the header names column "${name}" twice`);
    seen.add(name);
  });
  if (body.length === 0) throw invalidInput('data', `${label} has a header but no data rows`);
  if (body.length > MAX_DATA_ROWS) {
    throw invalidInput('data', `${label} has ${body.length} rows; a mail merge takes at most ${MAX_DATA_ROWS} — split it into several batches`);
  }
  const rows = body.map(({ row, values }): DataRow => {
    if (values.length === columns.length) return { row, values };
    return {
      row,
      values,
      problem:
        `has ${values.length} field${values.length === 1 ? '' : 's'} where the header has ${columns.length} ` +
        `(fields were split on ${delimiterName(delimiter)}, the delimiter of the header row)`,
    };
  });
  return { columns, delimiter, rows };
}
