/**
 * CSV records read piece by piece, as a distributed Map's `ItemReader` reads a CSV object: fields
 * split on the delimiter, `"`-quoted fields (which may hold the delimiter, line breaks and `""` for a
 * quote) unquoted, records ended by `\n` or `\r\n`. An empty line is no record.
 *
 * Hand-written rather than taken from a CSV package because the items must be Step Functions' own:
 * each record becomes an object from the header to the fields, a missing field an empty string, an
 * extra field dropped (`csvItem`), as AWS's recorded runs show.
 *
 * @example
 * const records = new CsvRecords(',');
 * records.push('a,b\n1,'); // [['a', 'b']]
 * records.end();           // [['1', '']]
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
 */
export class CsvRecords {
  private field = '';
  private record: string[] = [];
  private quoted = false;
  /** After a closing quote inside a quoted field: `"` continues it (an escaped quote), anything else ends the quoting. */
  private quoteSeen = false;
  private fieldStarted = false;
  /** A `\r` outside quotes, kept until the next character says whether it ends a line. */
  private carriageReturn = false;

  constructor(private readonly delimiter: string) {}

  /** Reads a piece of the text; answers the records it completed. */
  push(text: string): string[][] {
    const done: string[][] = [];
    for (let i = 0; i < text.length; i++) {
      const char = text[i] as string;
      if (this.carriageReturn) {
        this.carriageReturn = false;
        if (char !== '\n') {
          this.field += '\r';
          this.fieldStarted = true;
        }
      }
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (char === '"') {
            this.field += '"';
            continue;
          }
          this.quoted = false;
        } else if (char === '"') {
          this.quoteSeen = true;
          continue;
        } else {
          this.field += char;
          continue;
        }
      }
      if (char === '"' && !this.fieldStarted) {
        this.quoted = true;
        this.fieldStarted = true;
      } else if (char === this.delimiter) {
        this.endField();
      } else if (char === '\n') {
        this.endRecord(done);
      } else if (char === '\r') {
        this.carriageReturn = true;
      } else {
        this.field += char;
        this.fieldStarted = true;
      }
    }
    return done;
  }

  /** Between records: every record pushed so far is complete (none is open, nor a field quoted across a line break). */
  get idle(): boolean {
    return this.record.length === 0 && !this.fieldStarted && this.field === '' && !this.quoted && !this.carriageReturn;
  }

  /** Ends the text; answers the last record, if it was not ended by a line break. */
  end(): string[][] {
    const done: string[][] = [];
    if (this.carriageReturn) this.field += '\r';
    this.carriageReturn = false;
    this.quoted = false;
    this.quoteSeen = false;
    this.endRecord(done);
    return done;
  }

  private endField(): void {
    this.record.push(this.field);
    this.field = '';
    this.fieldStarted = false;
  }

  private endRecord(done: string[][]): void {
    if (this.record.length === 0 && !this.fieldStarted && this.field === '') return;
    this.endField();
    done.push(this.record);
    this.record = [];
  }
}

/** The delimiter each `CSVDelimiter` names. @default COMMA */
export const CSV_DELIMITERS = {
  COMMA: ',',
  PIPE: '|',
  SEMICOLON: ';',
  SPACE: ' ',
  TAB: '\t',
} as const;

/** One CSV record as an item: the header's names to the fields, `''` where a field is missing; extra fields are dropped. */
export function csvItem(headers: readonly string[], record: readonly string[]): Record<string, string> {
  const item: Record<string, string> = {};
  headers.forEach((header, index) => {
    item[header] = record[index] ?? '';
  });
  return item;
}
