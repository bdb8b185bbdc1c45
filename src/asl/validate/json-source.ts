/**
 * JSON text with locations: parses a definition's source and remembers where each value and each
 * object key starts, so that a diagnostic's JSON pointer can be turned into a line and a column.
 *
 * The value itself comes from `JSON.parse`, so it is exactly what the rest of the engine would see;
 * the scanner here only records positions and, for text that is not JSON, where it goes wrong.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8259
 */
import { pointerOf } from './pointer.js';

/** A 1-based position in a text. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** Where a pointer's key (for object members) and value begin. */
interface Located {
  key?: SourcePosition;
  value: SourcePosition;
}

/** A parsed JSON text with a map from JSON pointers to positions. */
export interface JsonSource {
  readonly value: unknown;
  /** The position of the member's key when the pointer names an object member, else of the value. */
  locate(pointer: string): SourcePosition | undefined;
}

/** The result of {@link parseJsonSource}. */
export type JsonSourceResult =
  | { readonly ok: true; readonly source: JsonSource }
  | { readonly ok: false; readonly message: string; readonly position: SourcePosition };

class JsonSyntaxError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

/**
 * Parses JSON text, recording the position of every value and key.
 *
 * @returns the value with its locations, or the first syntax error with its line and column.
 * @example
 * const result = parseJsonSource('{\n  "StartAt": 1\n}');
 * // result.ok === true; result.source.locate('/StartAt') → { line: 2, column: 3 }
 */
export function parseJsonSource(text: string): JsonSourceResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const offsetShift = body === text ? 0 : 1;
  const lineStarts = computeLineStarts(text);
  const toPosition = (offset: number): SourcePosition => positionAt(lineStarts, offset + offsetShift);
  const locations = new Map<string, Located>();
  try {
    new Scanner(body, locations, toPosition).document();
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      return { ok: false, message: error.message, position: toPosition(error.offset) };
    }
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    // The scanner accepted what JSON.parse rejects: should not happen, but report it rather than throw.
    return { ok: false, message: error instanceof Error ? error.message : String(error), position: toPosition(0) };
  }
  return {
    ok: true,
    source: {
      value,
      locate(pointer) {
        const located = locations.get(pointer);
        return located === undefined ? undefined : (located.key ?? located.value);
      },
    },
  };
}

/** The offset at which each line of `text` starts (`\n`, `\r\n` and `\r` end lines). */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) starts.push(i + 1);
    else if (c === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The 1-based line and column of `offset`, given the text's {@link computeLineStarts}. */
export function positionAt(lineStarts: readonly number[], offset: number): SourcePosition {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

class Scanner {
  private offset = 0;

  constructor(
    private readonly text: string,
    private readonly locations: Map<string, Located>,
    private readonly toPosition: (offset: number) => SourcePosition,
  ) {}

  document(): void {
    this.skipWhitespace();
    if (this.offset >= this.text.length) throw new JsonSyntaxError('Unexpected end of JSON input', this.offset);
    this.value([], undefined);
    this.skipWhitespace();
    if (this.offset < this.text.length) {
      throw new JsonSyntaxError(`Unexpected ${this.describe()} after the JSON value`, this.offset);
    }
  }

  private value(path: (string | number)[], keyPosition: SourcePosition | undefined): void {
    const pointer = pointerOf(path);
    const located: Located = { value: this.toPosition(this.offset) };
    if (keyPosition !== undefined) located.key = keyPosition;
    this.locations.set(pointer, located);
    const c = this.text[this.offset];
    if (c === '{') this.object(path);
    else if (c === '[') this.array(path);
    else if (c === '"') this.string();
    else if (c === 't') this.literal('true');
    else if (c === 'f') this.literal('false');
    else if (c === 'n') this.literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) this.number();
    else throw new JsonSyntaxError(`Unexpected ${this.describe()}: expected a JSON value`, this.offset);
  }

  private object(path: (string | number)[]): void {
    this.offset++; // {
    this.skipWhitespace();
    if (this.text[this.offset] === '}') {
      this.offset++;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.offset] !== '"') {
        throw new JsonSyntaxError(
          `Unexpected ${this.describe()}: expected a property name in double quotes`,
          this.offset,
        );
      }
      const keyPosition = this.toPosition(this.offset);
      const key = this.string();
      this.skipWhitespace();
      if (this.text[this.offset] !== ':') {
        throw new JsonSyntaxError(`Unexpected ${this.describe()}: expected ':' after a property name`, this.offset);
      }
      this.offset++;
      this.skipWhitespace();
      this.value([...path, key], keyPosition);
      this.skipWhitespace();
      const c = this.text[this.offset];
      if (c === ',') {
        this.offset++;
        continue;
      }
      if (c === '}') {
        this.offset++;
        return;
      }
      throw new JsonSyntaxError(`Unexpected ${this.describe()}: expected ',' or '}' in an object`, this.offset);
    }
  }

  private array(path: (string | number)[]): void {
    this.offset++; // [
    this.skipWhitespace();
    if (this.text[this.offset] === ']') {
      this.offset++;
      return;
    }
    for (let index = 0; ; index++) {
      this.skipWhitespace();
      this.value([...path, index], undefined);
      this.skipWhitespace();
      const c = this.text[this.offset];
      if (c === ',') {
        this.offset++;
        continue;
      }
      if (c === ']') {
        this.offset++;
        return;
      }
      throw new JsonSyntaxError(`Unexpected ${this.describe()}: expected ',' or ']' in an array`, this.offset);
    }
  }

  private string(): string {
    const start = this.offset;
    let end = start + 1;
    for (;;) {
      const code = this.text.charCodeAt(end);
      if (Number.isNaN(code)) {
        this.offset = end;
        throw new JsonSyntaxError('Unterminated string', start);
      }
      if (code === 0x22) break; // "
      if (code < 0x20) {
        this.offset = end;
        throw new JsonSyntaxError(
          `Unexpected ${this.describe()} in a string (control characters must be escaped)`,
          end,
        );
      }
      if (code === 0x5c) {
        ESCAPE.lastIndex = end;
        if (ESCAPE.exec(this.text) === null) {
          this.offset = end;
          throw new JsonSyntaxError('Invalid escape sequence in a string', end);
        }
        end = ESCAPE.lastIndex;
        continue;
      }
      end++;
    }
    this.offset = end + 1;
    return JSON.parse(this.text.slice(start, this.offset)) as string;
  }

  private number(): void {
    NUMBER.lastIndex = this.offset;
    const match = NUMBER.exec(this.text);
    if (match === null) throw new JsonSyntaxError(`Unexpected ${this.describe()}: invalid number`, this.offset);
    this.offset += match[0].length;
  }

  private literal(word: string): void {
    if (!this.text.startsWith(word, this.offset)) {
      throw new JsonSyntaxError(`Unexpected ${this.describe()}: expected a JSON value`, this.offset);
    }
    this.offset += word.length;
  }

  private skipWhitespace(): void {
    for (;;) {
      const c = this.text[this.offset];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.offset++;
      else return;
    }
  }

  private describe(): string {
    const c = this.text[this.offset];
    if (c === undefined) return 'end of input';
    return `character ${JSON.stringify(c)}`;
  }
}
