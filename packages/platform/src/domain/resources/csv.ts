/**
 * A small RFC 4180 CSV reader with Pleo's CsvFormatV1 options (delimiter, quote, escape, record separator,
 * empty lines), and a guess of the format when a job gives none.
 */
export interface CsvFormat {
  delimiter: string;
  quoteCharacter?: string;
  escapeCharacter?: string;
  /** `''` = any of `\r\n`, `\n`, `\r`. */
  recordSeparator: string;
  ignoreEmptyLines: boolean;
  skipHeaderRecord: boolean;
}

export class CsvSyntaxError extends Error {}

/** The records of `text`; throws CsvSyntaxError for an unterminated quote. */
export function parseCsv(text: string, format: CsvFormat): string[][] {
  const { delimiter, recordSeparator } = format;
  const quote = format.quoteCharacter || null;
  const esc = format.escapeCharacter && format.escapeCharacter !== quote ? format.escapeCharacter : null;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let touched = false; // the record has any content (for empty-line detection)
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    const empty = !touched && record.length === 1;
    if (!(empty && format.ignoreEmptyLines)) records.push(record);
    record = [];
    touched = false;
  };
  /** Length of the record separator at `i`, or 0. */
  const separatorAt = (i: number): number => {
    if (recordSeparator) return text.startsWith(recordSeparator, i) ? recordSeparator.length : 0;
    if (text[i] === '\r') return text[i + 1] === '\n' ? 2 : 1;
    return text[i] === '\n' ? 1 : 0;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (esc && c === esc && i + 1 < text.length) {
      field += text[i + 1];
      touched = true;
      i += 2;
      continue;
    }
    if (quoted) {
      if (c === quote) {
        if (text[i + 1] === quote) {
          field += quote;
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (quote && c === quote && field === '') {
      quoted = true;
      touched = true;
      i++;
      continue;
    }
    if (text.startsWith(delimiter, i)) {
      endField();
      touched = true;
      i += delimiter.length;
      continue;
    }
    const sep = separatorAt(i);
    if (sep) {
      endRecord();
      i += sep;
      continue;
    }
    field += c;
    touched = true;
    i++;
  }
  if (quoted) throw new CsvSyntaxError('a quoted value is not closed before the end of the file');
  if (touched || field !== '' || record.length) endRecord();
  return records;
}

/** Guesses the delimiter from the first line (the most frequent of `,` `;` tab `|` outside quotes); header assumed. */
export function guessCsvFormat(text: string): CsvFormat {
  const firstLine = text.split(/\r\n|\n|\r/, 1)[0] ?? '';
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
    ['|', 0],
  ]);
  let quoted = false;
  for (const c of firstLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const [delimiter] = [...counts.entries()].sort((x, y) => y[1] - x[1])[0] as [string, number];
  return { delimiter, quoteCharacter: '"', escapeCharacter: '"', recordSeparator: '', ignoreEmptyLines: true, skipHeaderRecord: true };
}
