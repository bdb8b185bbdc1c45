/**
 * Parser for intrinsic function calls: `States.Name(arg, arg, …)` where an argument is a string in
 * single quotes (with `\'`, `\{`, `\}` and `\\` as the only escapes), a JSON number, `true`,
 * `false`, `null`, a path (`$…`, `$$…`, `$name…`) or a nested call. White space is allowed between
 * tokens.
 *
 * @see https://states-language.net/spec.html#appendix-b
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 */
import type { IntrinsicCall, IntrinsicNode } from './ast.js';

/** A syntax error in an intrinsic call, with the 1-based column where it was found. */
export class IntrinsicSyntaxError extends Error {
  /** 1-based column of the offending character in the intrinsic text. */
  readonly column: number;

  constructor(message: string, column: number) {
    super(`${message} at column ${column}`);
    this.name = 'IntrinsicSyntaxError';
    this.column = column;
  }
}

const ESCAPABLE = new Set(["'", '{', '}', '\\']);
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/;
const NAME = /^States\.[A-Za-z0-9]+/;

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  private fail(message: string, at = this.pos): never {
    throw new IntrinsicSyntaxError(message, at + 1);
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private describeHere(): string {
    const char = this.text[this.pos];
    return char === undefined ? 'end of text' : `'${char}'`;
  }

  parseTop(): IntrinsicCall {
    this.skipWhitespace();
    const call = this.parseCall();
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail(`Unexpected ${this.describeHere()} after the call`);
    return call;
  }

  private parseCall(): IntrinsicCall {
    const match = NAME.exec(this.text.slice(this.pos));
    if (match === null) this.fail(`Expected an intrinsic function name 'States.…' but found ${this.describeHere()}`);
    const name = match[0];
    this.pos += name.length;
    this.skipWhitespace();
    if (this.text[this.pos] !== '(') this.fail(`Expected '(' after ${name} but found ${this.describeHere()}`);
    this.pos++;
    const args: IntrinsicNode[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ')') {
      this.pos++;
      return { kind: 'call', name, args };
    }
    for (;;) {
      this.skipWhitespace();
      args.push(this.parseArgument());
      this.skipWhitespace();
      const char = this.text[this.pos];
      if (char === ')') {
        this.pos++;
        return { kind: 'call', name, args };
      }
      if (char !== ',') this.fail(`Expected ',' or ')' in the arguments of ${name} but found ${this.describeHere()}`);
      this.pos++;
    }
  }

  private parseArgument(): IntrinsicNode {
    const char = this.text[this.pos];
    if (char === "'") return this.parseString();
    if (char === '$') return { kind: 'path', path: this.parsePath() };
    if (char !== undefined && (char === '-' || (char >= '0' && char <= '9'))) return this.parseNumber();
    const rest = this.text.slice(this.pos);
    if (rest.startsWith('States.')) return this.parseCall();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (rest.startsWith(word)) {
        this.pos += word.length;
        this.expectArgumentEnd();
        return { kind: 'literal', value };
      }
    }
    return this.fail(`Expected an argument but found ${this.describeHere()}`);
  }

  /** After a literal, only white space, ',' or ')' may follow. */
  private expectArgumentEnd(): void {
    const char = this.text[this.pos];
    if (char !== undefined && char !== ',' && char !== ')' && !/\s/.test(char)) {
      this.fail(`Unexpected ${this.describeHere()} after an argument`);
    }
  }

  private parseNumber(): IntrinsicNode {
    const match = NUMBER.exec(this.text.slice(this.pos));
    if (match === null) this.fail('Invalid number');
    this.pos += match[0].length;
    this.expectArgumentEnd();
    return { kind: 'literal', value: Number(match[0]) };
  }

  private parseString(): IntrinsicNode {
    const open = this.pos;
    this.pos++;
    let value = '';
    for (;;) {
      const char = this.text[this.pos];
      if (char === undefined) this.fail('Unterminated string literal', open);
      if (char === "'") break;
      if (char === '\\') {
        const escaped = this.text[this.pos + 1];
        if (escaped === undefined || !ESCAPABLE.has(escaped)) {
          this.fail(
            `Invalid escape '\\${escaped ?? ''}' in a string literal (only \\', \\{, \\} and \\\\ are allowed)`,
          );
        }
        value += escaped;
        this.pos += 2;
      } else {
        value += char;
        this.pos++;
      }
    }
    const source = this.text.slice(open + 1, this.pos);
    this.pos++;
    this.expectArgumentEnd();
    return { kind: 'literal', value, source };
  }

  /** Reads a path up to white space, ',' or ')' outside brackets, quotes and filter parentheses. */
  private parsePath(): string {
    const start = this.pos;
    let brackets = 0;
    let quote: string | undefined;
    while (this.pos < this.text.length) {
      const char = this.text[this.pos]!;
      if (quote !== undefined) {
        if (char === '\\') this.pos++;
        else if (char === quote) quote = undefined;
      } else if (brackets > 0 && (char === "'" || char === '"')) {
        quote = char;
      } else if (char === '[' || (brackets > 0 && char === '(')) {
        brackets++;
      } else if (brackets > 0 && (char === ']' || char === ')')) {
        brackets--;
      } else if (brackets === 0 && (char === ',' || char === ')' || /\s/.test(char))) {
        break;
      }
      this.pos++;
    }
    if (quote !== undefined || brackets > 0) this.fail('Unterminated path', start);
    return this.text.slice(start, this.pos);
  }
}

/**
 * Parses an intrinsic function call into its syntax tree.
 *
 * @throws IntrinsicSyntaxError when the text is not one well-formed call
 * @example
 * parseIntrinsic("States.Format('Hello, {}', $.name)")
 * // { kind: 'call', name: 'States.Format', args: [{ kind: 'literal', value: 'Hello, {}', … }, { kind: 'path', path: '$.name' }] }
 */
export function parseIntrinsic(text: string): IntrinsicCall {
  return new Parser(text).parseTop();
}

/** The deepest nesting of calls in a tree: 1 for a call whose arguments contain no call. */
export function callDepth(node: IntrinsicNode): number {
  if (node.kind !== 'call') return 0;
  return 1 + Math.max(0, ...node.args.map(callDepth));
}
