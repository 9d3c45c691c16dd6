// Reads a mail merge's data file: CSV with a header row, UTF-8 (BOM allowed), the delimiter (`,`
// `;` or tab — French Excel writes `;`) detected from the header, quoted fields with line breaks.
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

/** UTF-8 text, or an error saying where the first byte that is not UTF-8 sits. */
function decodeUtf8(bytes: Buffer, label: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const at = lenient.indexOf('\uFFFD');
    const line = lenient.slice(0, Math.max(0, at)).split('\n').length;
    throw invalidInput(
      'data',
      `${label} is not UTF-8 text (first bad byte on line ${line}); save it as "CSV UTF-8" (Excel) or re-encode it`,
    );
  }
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
  const text = decodeUtf8(bytes, label).replace(/^\uFEFF/u, '');
  if (text.trim().length === 0) throw invalidInput('data', `${label} is empty; it needs a header row and at least one data row`);
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw invalidInput('data', `${label} is not valid CSV: ${(error as Error).message}`);
  }
  const [header, ...body] = records;
  if (!header) throw invalidInput('data', `${label} has no header row`);
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
  const rows = body.map((values, index): DataRow => {
    const row = index + 2;
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
