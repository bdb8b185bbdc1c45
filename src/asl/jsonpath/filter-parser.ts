/**
 * Compiles the predicate of a filter step `[?(…)]`: comparisons (`==`, `!=`, `<`, `<=`, `>`, `>=`,
 * `=~`, `in`, `nin`, `size`, `empty`, `contains`, `all`, `subsetof`, `anyof`, `noneof`), existence
 * tests (`@.isbn`, `!@.isbn`), `&&`, `||` and parentheses, with Jayway's lexical rules (a word
 * operator is followed by a blank, a regex is `/…/` with an optional `i` flag, JSON literals may use
 * single quotes), and the literals of the Jayway AWS runs (2.0.0): an unquoted word is a string, a
 * single-quoted string is taken as written but for `\'`.
 *
 * `&&` binds tighter than `||`.
 *
 * @see https://github.com/json-path/JsonPath#filter-operators
 */
import { closingDelimiter, compilePath, JsonPathSyntaxError, unescapeText } from './parser.js';
import type {
  FilterExpression,
  FilterOperand,
  FilterPathOperand,
  FilterRegexOperand,
  RelationalOperator,
} from './tokens.js';

const OPERATORS: ReadonlySet<string> = new Set<RelationalOperator>([
  '==',
  '!=',
  '===',
  '!==',
  '<',
  '<=',
  '>',
  '>=',
  '=~',
  'IN',
  'NIN',
  'CONTAINS',
  'ALL',
  'SIZE',
  'EMPTY',
  'SUBSETOF',
  'ANYOF',
  'NONEOF',
]);

const BIG_DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The unquoted words that are JSON literals rather than strings. */
const UNQUOTED_WORDS: ReadonlyMap<string, { readonly value: boolean | null }> = new Map([
  ['true', { value: true }],
  ['false', { value: false }],
  ['null', { value: null }],
]);

function isOperator(text: string): text is RelationalOperator {
  return OPERATORS.has(text);
}

function isRelationalChar(c: string | undefined): boolean {
  return c === '<' || c === '>' || c === '=' || c === '~' || c === '!';
}

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/**
 * Compiles a parenthesised filter predicate such as `(@.price < 10 && @.isbn)`.
 *
 * @param text The predicate with its outer parentheses.
 * @param whole The whole filter step (`[?(…)]`), for messages.
 * @throws JsonPathSyntaxError when the predicate does not compile.
 */
export function parseFilter(text: string, whole: string): FilterExpression {
  const cursor = new FilterCursor(text, whole);
  const expression = cursor.parseOr();
  cursor.skipBlanks();
  if (!cursor.atEnd()) cursor.fail();
  return expression;
}

class FilterCursor {
  private i = 0;

  constructor(
    private readonly s: string,
    private readonly whole: string,
  ) {}

  fail(detail?: string): never {
    throw new JsonPathSyntaxError(
      `Could not compile inline filter : ${this.whole}${detail === undefined ? '' : ` (${detail})`}`,
    );
  }

  atEnd(): boolean {
    return this.i >= this.s.length;
  }

  skipBlanks(): void {
    while (isBlank(this.s[this.i])) this.i++;
  }

  private peek(): string | undefined {
    return this.s[this.i];
  }

  private startsWith(text: string): boolean {
    return this.s.startsWith(text, this.i);
  }

  parseOr(): FilterExpression {
    let left = this.parseAnd();
    for (;;) {
      this.skipBlanks();
      if (!this.startsWith('||')) return left;
      this.i += 2;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
  }

  private parseAnd(): FilterExpression {
    let left = this.parseUnary();
    for (;;) {
      this.skipBlanks();
      if (!this.startsWith('&&')) return left;
      this.i += 2;
      left = { kind: 'and', left, right: this.parseUnary() };
    }
  }

  private parseUnary(): FilterExpression {
    this.skipBlanks();
    const c = this.peek();
    if (c === '!' && this.s[this.i + 1] !== '=') {
      this.i++;
      this.skipBlanks();
      if (this.peek() === '(') return { kind: 'not', operand: this.parseGroup() };
      const operand = this.readValue();
      if (operand.kind !== 'path') this.fail('expected a path after !');
      if (this.terminated()) return { kind: 'exists', operand, shouldExist: false };
      // Jayway ignores a `!` in front of a comparison.
      return this.readComparison(operand);
    }
    if (c === '(') return this.parseGroup();
    const left = this.readValue();
    if (this.terminated()) {
      if (left.kind !== 'path') this.fail('expected a path');
      return { kind: 'exists', operand: left, shouldExist: true };
    }
    return this.readComparison(left);
  }

  private parseGroup(): FilterExpression {
    this.i++;
    const expression = this.parseOr();
    this.skipBlanks();
    if (this.peek() !== ')') this.fail('brackets are not balanced');
    this.i++;
    return expression;
  }

  private terminated(): boolean {
    this.skipBlanks();
    const c = this.peek();
    return c === undefined || c === ')' || c === '&' || c === '|';
  }

  private readComparison(left: FilterOperand): FilterExpression {
    const operator = this.readOperator();
    const right = this.readValue();
    return { kind: 'compare', operator, left, right };
  }

  private readOperator(): RelationalOperator {
    this.skipBlanks();
    const start = this.i;
    if (isRelationalChar(this.peek())) {
      while (isRelationalChar(this.peek())) this.i++;
    } else {
      while (!this.atEnd() && !isBlank(this.peek())) this.i++;
    }
    const text = this.s.slice(start, this.i).toUpperCase();
    if (!isOperator(text)) this.fail(`Filter operator ${this.s.slice(start, this.i)} is not supported!`);
    return text;
  }

  private readValue(): FilterOperand {
    this.skipBlanks();
    const c = this.peek();
    switch (c) {
      case '@':
      case '$':
        return this.readPath();
      case "'":
      case '"':
        return this.readString();
      case '[':
      case '{':
        return this.readJson();
      case '/':
        return this.readRegex();
      default:
        return this.readUnquoted();
    }
  }

  private readPath(): FilterPathOperand {
    const start = this.i;
    this.i++;
    while (!this.atEnd()) {
      const c = this.peek();
      if (c === '[') {
        this.i = this.closingSquareBracket(this.i) + 1;
        continue;
      }
      if (c === '(') {
        // `name()`: the parentheses belong to the member name (AWS does not run functions).
        let j = this.i + 1;
        while (isBlank(this.s[j])) j++;
        if (this.s[j] !== ')') this.fail();
        this.i = j + 1;
        continue;
      }
      if (isRelationalChar(c) || isBlank(c) || c === ')' || c === '&' || c === '|') break;
      this.i++;
    }
    const text = this.s.slice(start, this.i);
    try {
      return { kind: 'path', relative: text[0] === '@', path: compilePath(`$${text.slice(1)}`) };
    } catch (error) {
      if (error instanceof JsonPathSyntaxError) this.fail(error.message);
      throw error;
    }
  }

  private closingSquareBracket(open: number): number {
    let depth = 0;
    for (let j = open; j < this.s.length; j++) {
      const c = this.s[j];
      if (c === "'" || c === '"') {
        j = closingDelimiter(this.s, j);
        if (j === -1) break;
      } else if (c === '[') {
        depth++;
      } else if (c === ']') {
        depth--;
        if (depth === 0) return j;
      }
    }
    return this.fail('square brackets do not match');
  }

  /**
   * A quoted string. In single quotes, as AWS's Jayway (2.0.0, `Criteria`) reads it: the text as
   * written but for `\'`, which stands for a quote. In double quotes (no such form in Jayway 2.0.0),
   * with the backslash escapes resolved as later Jayway versions do.
   */
  private readString(): FilterOperand {
    const end = closingDelimiter(this.s, this.i);
    if (end === -1) this.fail('string not closed');
    const text = this.s.slice(this.i + 1, end);
    const value = this.s[this.i] === "'" ? text.replaceAll("\\'", "'") : unescapeText(text);
    this.i = end + 1;
    return { kind: 'literal', value, numberText: undefined };
  }

  /**
   * An unquoted literal: a number, `true`, `false` or `null`, and any other word a string of its own
   * text — AWS's Jayway (2.0.0) compares an unquoted `active` in `[?(@.status == active)]` as the
   * string `active`. It ends at a blank, `)`, `&&` or `||`.
   */
  private readUnquoted(): FilterOperand {
    const start = this.i;
    while (!this.atEnd() && !this.terminatesUnquoted()) this.i++;
    const text = this.s.slice(start, this.i);
    if (text === '') this.fail(`invalid literal at position ${start}`);
    if (BIG_DECIMAL.test(text)) return { kind: 'literal', value: Number(text), numberText: text };
    const word = UNQUOTED_WORDS.get(text);
    return { kind: 'literal', value: word === undefined ? text : word.value, numberText: undefined };
  }

  private terminatesUnquoted(): boolean {
    const c = this.peek();
    return isBlank(c) || c === ')' || this.startsWith('&&') || this.startsWith('||');
  }

  private readRegex(): FilterRegexOperand {
    const end = closingDelimiter(this.s, this.i);
    if (end === -1) this.fail('pattern not closed');
    const source = this.s.slice(this.i + 1, end);
    this.i = end + 1;
    let flags = '';
    if (this.peek() === 'i') {
      flags = 'i';
      this.i++;
    }
    try {
      return { kind: 'regex', regex: new RegExp(`^(?:${source})$`, flags) };
    } catch {
      return this.fail(`invalid pattern /${source}/`);
    }
  }

  private readJson(): FilterOperand {
    const open = this.peek() ?? '[';
    const close = open === '[' ? ']' : '}';
    let depth = 0;
    let end = -1;
    for (let j = this.i; j < this.s.length; j++) {
      const c = this.s[j];
      if (c === "'" || c === '"') {
        j = closingDelimiter(this.s, j);
        if (j === -1) break;
      } else if (c === open) {
        depth++;
      } else if (c === close) {
        depth--;
        if (depth === 0) {
          end = j;
          break;
        }
      }
    }
    if (end === -1) this.fail('JSON literal not closed');
    const text = this.s.slice(this.i, end + 1);
    this.i = end + 1;
    try {
      return { kind: 'literal', value: JSON.parse(toStrictJson(text)), numberText: undefined };
    } catch {
      return this.fail(`invalid JSON literal ${text}`);
    }
  }
}

/** Rewrites single-quoted strings as double-quoted ones, so permissive JSON parses as JSON. */
function toStrictJson(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = closingDelimiter(text, i);
      if (end === -1) return text;
      out += text.slice(i, end + 1);
      i = end;
    } else if (c === "'") {
      const end = closingDelimiter(text, i);
      if (end === -1) return text;
      out += JSON.stringify(unescapeText(text.slice(i + 1, end)));
      i = end;
    } else {
      out += c;
    }
  }
  return out;
}
