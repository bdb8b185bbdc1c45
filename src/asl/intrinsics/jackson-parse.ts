/**
 * A JSON parser that fails with the messages of Jackson, the parser behind `States.StringToJson`
 * on AWS, so that `States.StringToJson` causes read like AWS's:
 *
 * ```
 * Unexpected character ('b' (code 98)): was expecting double-quote to start field name
 *  at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 2]
 * ```
 *
 * Like Jackson's `ObjectMapper.readTree`, it reads one root value and ignores what follows it, and
 * an empty or blank text reads as `null`. The messages of three errors are confirmed on AWS (an
 * unquoted field name, an unclosed object, an unknown token); the others follow Jackson's wording.
 */

/** A parse failure, its message already in Jackson's form including the location. */
export class JacksonParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JacksonParseError';
  }
}

const SOURCE = '[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)';
const VALUE_EXPECTED = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

function describeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `(CTRL-CHAR, code ${code})`;
  if (code > 255) return `'${char}' (code ${code} / 0x${code.toString(16)})`;
  return `'${char}' (code ${code})`;
}

function isIdentifierPart(char: string): boolean {
  return /[\p{L}\p{N}_$]/u.test(char);
}

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  /** Line and column (1-based) of the character at `index`, as Jackson reports them. */
  private location(index: number): string {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < index && i < this.text.length; i++) {
      if (this.text[i] === '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return `${SOURCE}; line: ${line}, column: ${index - lineStart + 1}]`;
  }

  private fail(message: string, index: number): never {
    throw new JacksonParseError(`${message}\n at ${this.location(index)}`);
  }

  private unexpected(index: number, expectation: string): never {
    return this.fail(`Unexpected character (${describeChar(this.text[index] ?? '')}): ${expectation}`, index);
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos]!)) this.pos++;
  }

  parseRoot(): unknown {
    this.skipWhitespace();
    if (this.pos >= this.text.length) return null;
    const start = this.pos;
    const value = this.parseValue();
    // A root-level number must be followed by white space or the end (Jackson's rule).
    if (typeof value === 'number' && this.pos < this.text.length && this.pos > start) {
      const next = this.text[this.pos]!;
      if (!' \t\n\r'.includes(next)) this.unexpected(this.pos, 'Expected space separating root-level values');
    }
    return value;
  }

  private parseValue(): unknown {
    this.skipWhitespace();
    const char = this.text[this.pos];
    if (char === undefined) {
      return this.fail(`Unexpected end-of-input: expected a value ${VALUE_EXPECTED}`, this.pos);
    }
    if (char === '{') return this.parseObject();
    if (char === '[') return this.parseArray();
    if (char === '"') return this.parseString();
    if (char === '-' || (char >= '0' && char <= '9')) return this.parseNumber();
    if (isIdentifierPart(char)) return this.parseToken();
    return this.unexpected(this.pos, `expected a valid value ${VALUE_EXPECTED}`);
  }

  private parseToken(): unknown {
    const start = this.pos;
    while (this.pos < this.text.length && isIdentifierPart(this.text[this.pos]!)) this.pos++;
    const token = this.text.slice(start, this.pos);
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (token === 'null') return null;
    return this.fail(`Unrecognized token '${token}': was expecting ${VALUE_EXPECTED}`, this.pos);
  }

  private parseObject(): Record<string, unknown> {
    const start = this.pos;
    this.pos++;
    const result: Record<string, unknown> = {};
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.pos >= this.text.length) this.endInside('Object', start);
      if (this.text[this.pos] !== '"') this.unexpected(this.pos, 'was expecting double-quote to start field name');
      const key = this.parseString();
      this.skipWhitespace();
      if (this.pos >= this.text.length) this.endInside('Object', start);
      if (this.text[this.pos] !== ':') {
        this.unexpected(this.pos, 'was expecting a colon to separate field name and value');
      }
      this.pos++;
      this.skipWhitespace();
      if (this.pos >= this.text.length) this.endInside('Object', start);
      Object.defineProperty(result, key, {
        value: this.parseValue(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skipWhitespace();
      if (this.pos >= this.text.length) this.endInside('Object', start);
      const separator = this.text[this.pos];
      this.pos++;
      if (separator === '}') return result;
      if (separator !== ',') this.unexpected(this.pos - 1, 'was expecting comma to separate Object entries');
    }
  }

  private parseArray(): unknown[] {
    const start = this.pos;
    this.pos++;
    const result: unknown[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.pos >= this.text.length) this.endInside('Array', start);
      result.push(this.parseValue());
      this.skipWhitespace();
      if (this.pos >= this.text.length) this.endInside('Array', start);
      const separator = this.text[this.pos];
      this.pos++;
      if (separator === ']') return result;
      if (separator !== ',') this.unexpected(this.pos - 1, 'was expecting comma to separate Array entries');
    }
  }

  private endInside(kind: 'Object' | 'Array', start: number): never {
    return this.fail(
      `Unexpected end-of-input: expected close marker for ${kind} (start marker at ${this.location(start)})`,
      this.text.length,
    );
  }

  private parseString(): string {
    this.pos++;
    let out = '';
    for (;;) {
      const char = this.text[this.pos];
      if (char === undefined) {
        return this.fail('Unexpected end-of-input: was expecting closing quote for a string value', this.pos);
      }
      this.pos++;
      if (char === '"') return out;
      if (char === '\\') {
        out += this.parseEscape();
      } else if (char.charCodeAt(0) < 0x20) {
        this.fail(
          `Illegal unquoted character (${describeChar(char)}): has to be escaped using backslash to be included in string value`,
          this.pos - 1,
        );
      } else {
        out += char;
      }
    }
  }

  private parseEscape(): string {
    const char = this.text[this.pos];
    if (char === undefined) {
      return this.fail('Unexpected end-of-input in character escape sequence', this.pos);
    }
    this.pos++;
    const simple: Readonly<Record<string, string>> = {
      '"': '"',
      '\\': '\\',
      '/': '/',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
    };
    const mapped = simple[char];
    if (mapped !== undefined) return mapped;
    if (char === 'u') {
      const hex = this.text.slice(this.pos, this.pos + 4);
      for (let i = 0; i < 4; i++) {
        const digit = hex[i];
        if (digit === undefined) return this.fail('Unexpected end-of-input in character escape sequence', this.pos + i);
        if (!/[0-9a-fA-F]/.test(digit)) {
          this.unexpected(this.pos + i, 'expected a hex-digit for character escape sequence');
        }
      }
      this.pos += 4;
      return String.fromCharCode(Number.parseInt(hex, 16));
    }
    return this.fail(`Unrecognized character escape ${describeChar(char)}`, this.pos - 1);
  }

  private parseNumber(): number {
    const start = this.pos;
    if (this.text[this.pos] === '-') this.pos++;
    const digitsAt = (i: number) => {
      const c = this.text[i];
      return c !== undefined && c >= '0' && c <= '9';
    };
    if (!digitsAt(this.pos)) {
      if (this.pos >= this.text.length) {
        return this.fail(
          'Unexpected end-of-input in numeric value: expected digit (0-9) to follow minus sign',
          this.pos,
        );
      }
      return this.unexpected(this.pos, 'expected digit (0-9) to follow minus sign, for valid numeric value');
    }
    if (this.text[this.pos] === '0' && digitsAt(this.pos + 1)) {
      return this.fail('Invalid numeric value: Leading zeroes not allowed', this.pos + 1);
    }
    while (digitsAt(this.pos)) this.pos++;
    if (this.text[this.pos] === '.') {
      this.pos++;
      if (!digitsAt(this.pos)) {
        if (this.pos >= this.text.length) {
          return this.fail('Unexpected end-of-input in numeric value: Decimal point not followed by a digit', this.pos);
        }
        return this.fail(
          `Unexpected character (${describeChar(this.text[this.pos]!)}) in numeric value: Decimal point not followed by a digit`,
          this.pos,
        );
      }
      while (digitsAt(this.pos)) this.pos++;
    }
    if (this.text[this.pos] === 'e' || this.text[this.pos] === 'E') {
      this.pos++;
      if (this.text[this.pos] === '+' || this.text[this.pos] === '-') this.pos++;
      if (!digitsAt(this.pos)) {
        if (this.pos >= this.text.length) {
          return this.fail(
            'Unexpected end-of-input in numeric value: Exponent indicator not followed by a digit',
            this.pos,
          );
        }
        return this.fail(
          `Unexpected character (${describeChar(this.text[this.pos]!)}) in numeric value: Exponent indicator not followed by a digit`,
          this.pos,
        );
      }
      while (digitsAt(this.pos)) this.pos++;
    }
    const value = Number(this.text.slice(start, this.pos));
    return Object.is(value, -0) && !/[.eE]/.test(this.text.slice(start, this.pos)) ? 0 : value;
  }
}

/**
 * Parses JSON text as Jackson's `readTree` does on AWS.
 *
 * @throws JacksonParseError with Jackson's message when the text is not JSON
 * @example
 * parseJsonLikeJackson(' ') // null
 * parseJsonLikeJackson('-0') // 0
 */
export function parseJsonLikeJackson(text: string): unknown {
  return new Parser(text).parseRoot();
}
