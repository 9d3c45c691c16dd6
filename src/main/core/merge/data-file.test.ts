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
});
