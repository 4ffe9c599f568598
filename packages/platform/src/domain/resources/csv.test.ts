import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, guessCsvFormat, parseCsv } from './csv.ts';

const std = { delimiter: ',', quoteCharacter: '"', recordSeparator: '', ignoreEmptyLines: true, skipHeaderRecord: true };

describe('parseCsv', () => {
  it('reads quoted values with delimiters, doubled quotes and line breaks; any line ending', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n"two\nlines",z\rlast,', std)).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['two\nlines', 'z'],
      ['last', ''],
    ]);
  });
  it('honours delimiter, escape character, an explicit record separator and empty lines', () => {
    const format = { ...std, delimiter: ';', escapeCharacter: '\\', recordSeparator: '\n' };
    expect(parseCsv('a;b\n\nc\\;d;"e\\"f"\n', format)).toEqual([
      ['a', 'b'],
      ['c;d', 'e"f'],
    ]);
    expect(parseCsv('a\n\nb\n', { ...std, ignoreEmptyLines: false })).toEqual([['a'], [''], ['b']]);
  });
  it('refuses an unterminated quote', () => {
    expect(() => parseCsv('a,"b\nc', std)).toThrow(CsvSyntaxError);
  });
});

describe('guessCsvFormat', () => {
  it('takes the most frequent delimiter of the header line, ignoring quoted ones', () => {
    expect(guessCsvFormat('"Konto";"Name, lang";"USt-IdNr."\n1;2;3').delimiter).toBe(';');
    expect(guessCsvFormat('a\tb\tc').delimiter).toBe('\t');
    expect(guessCsvFormat('name,currency').delimiter).toBe(',');
  });
});
