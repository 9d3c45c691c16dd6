import { describe, expect, it } from 'vitest';
import { readDataFile } from './data-file';

const read = (text: string | Buffer) => readDataFile(Buffer.isBuffer(text) ? text : Buffer.from(text));

describe('readDataFile', () => {
  it('detects , ; and tab from the header, strips a BOM, keeps quoted delimiters and line breaks', () => {
    expect(read('a,b\n1,2\n')).toMatchObject({ delimiter: ',', columns: ['a', 'b'], rows: [{ row: 2, values: ['1', '2'] }] });
    const french = read('\uFEFFnom;ville\r\n"Dupont, Jean";"Lyon\r\nnord"\r\n');
    expect(french).toMatchObject({ delimiter: ';', columns: ['nom', 'ville'], rows: [{ row: 2, values: ['Dupont, Jean', 'Lyon\r\nnord'] }] });
    expect(read('a\tb\nx;y\tz\n')).toMatchObject({ delimiter: '\t', rows: [{ values: ['x;y', 'z'] }] });
  });

  it('names rows whose field count differs from the header, after a multi-line field', () => {
    const data = read('a,b\n"one\ntwo",2\n3\n');
    expect(data.rows[0]?.problem).toBeUndefined();
    expect(data.rows[1]).toMatchObject({ row: 3, problem: expect.stringContaining('has 1 field where the header has 2') });
  });

  it('refuses what cannot be a mailing list with the reason', () => {
    expect(() => read('')).toThrow(/is empty/u);
    expect(() => read('a,b\n')).toThrow(/no data rows/u);
    expect(() => read('a,a\n1,2\n')).toThrow(/names column "a" twice/u);
    expect(() => read('a,,c\n1,2,3\n')).toThrow(/column 2 of the header has no name/u);
    expect(() => read(Buffer.from('a,b\n\xe9,1\n', 'latin1'))).toThrow(/not UTF-8 text \(first bad byte on line 2\)/u);
    expect(() => read('a,b\n"open,1\n')).toThrow(/not valid CSV/u);
  });

  it('reads Excel\'s "Unicode Text" (UTF-16 with a BOM, little or big endian)', () => {
    const text = 'email\tname\r\nandre@example.com\tAndré 🎉\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(read(le)).toMatchObject({ delimiter: '\t', columns: ['email', 'name'], rows: [{ row: 2, values: ['andre@example.com', 'André 🎉'] }] });
    const be = Buffer.from(le.subarray(2)).swap16();
    expect(read(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toMatchObject({ rows: [{ values: ['andre@example.com', 'André 🎉'] }] });
  });

  it('names Windows-1252 (Excel\'s plain "CSV") when the file is not UTF-8', () => {
    expect(() => read(Buffer.from('email;name\r\nandre@example.com;Andr\xe9\r\n', 'latin1'))).toThrow(
      /not UTF-8 text \(first bad byte on line 2\); it looks like Windows-1252/u,
    );
  });

  it('skips rows with every cell empty (Excel writes them as ",,") and keeps the spreadsheet\'s row numbers', () => {
    const data = read('email,name\r\na@example.com,A\r\n,\r\n\r\nb@example.com,B\r\n,\r\n , \r\n\r\n');
    expect(data.rows).toEqual([
      { row: 2, values: ['a@example.com', 'A'] },
      { row: 5, values: ['b@example.com', 'B'] },
    ]);
  });

  it('ignores a trailing delimiter on every line (a last column with no name and no values)', () => {
    expect(read('email,name,\na@example.com,A,\nb@example.com,B\n')).toMatchObject({
      columns: ['email', 'name'],
      rows: [{ row: 2, values: ['a@example.com', 'A'] }, { row: 3, values: ['b@example.com', 'B'] }],
    });
    expect(() => read('email,name,\na@example.com,A,oops\n')).toThrow(/column 3 of the header has no name/u);
  });
});
