import { describe, expect, it } from 'vitest';
import { CsvRecords, csvItem } from '../../../src/integrations/csv.js';

/** Every record of `text`, fed in pieces of `size` characters. */
function records(text: string, size: number, delimiter = ','): string[][] {
  const reader = new CsvRecords(delimiter);
  const all: string[][] = [];
  for (let i = 0; i < text.length; i += size) all.push(...reader.push(text.slice(i, i + size)));
  all.push(...reader.end());
  return all;
}

describe('CsvRecords', () => {
  const text = 'a,b,c\r\n1,"x, ""y""",\n\n"multi\nline",2\nlast';

  it.each([1, 2, 7, 1000])(
    'reads quoted fields, CRLF, empty lines and an unended last line in pieces of %i',
    (size) => {
      expect(records(text, size)).toEqual([['a', 'b', 'c'], ['1', 'x, "y"', ''], ['multi\nline', '2'], ['last']]);
    },
  );

  it('splits on the delimiter it is given', () => {
    expect(records('a|b\n1|2,3\n', 3, '|')).toEqual([
      ['a', 'b'],
      ['1', '2,3'],
    ]);
  });

  it('keeps a line of spaces as one field', () => {
    expect(records('   \n', 10)).toEqual([['   ']]);
  });
});

describe('csvItem', () => {
  it('fills missing fields with empty strings and drops extra ones', () => {
    expect(csvItem(['H1', 'H2', 'H3'], ['v'])).toEqual({ H1: 'v', H2: '', H3: '' });
    expect(csvItem(['H1', ''], ['a', 'b', 'c'])).toEqual({ H1: 'a', '': 'b' });
  });
});
