import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csv.ts';

describe('CSV cells', () => {
  it('quotes per RFC 4180 and doubles quotes', () => {
    expect(csvRow(['a', 'b,c', 'say "hi"', 'two\nlines', 3, null])).toBe('a,"b,c","say ""hi""","two\nlines",3,\r\n');
  });
  it('neutralises a cell a spreadsheet would run as a formula', () => {
    for (const bad of ['=1+1', '+33 6', '-2', '@SUM(A1)', '\tx']) expect(csvCell(bad)).toBe(`'${bad}`);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('a=b')).toBe('a=b');
  });
  it('leaves numbers as numbers', () => {
    expect(csvCell(-250)).toBe('-250');
    expect(csvCell(0)).toBe('0');
  });
});
