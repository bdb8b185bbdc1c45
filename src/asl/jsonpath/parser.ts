/**
 * Compiles JSONPath text into {@link CompiledPath} tokens, following the grammar of the Jayway
 * library that AWS Step Functions uses, with the dialect AWS actually runs:
 *
 * - `name()` is not a function call but a member literally named `name()`: AWS fails
 *   `$.list.length()` with "Property ['length()'] not found in path $['list']" (awsdocs
 *   aws-step-functions-developer-guide PR #5) and `$.Jobs.sum()` with "could not be found";
 * - `[(@.length-1)]` (Jayway's old "context size" index) selects the last element, while a negative
 *   index such as `[-1]` selects nothing (both observed on AWS);
 * - a multi-property `['a','b']` is accepted anywhere but fails at evaluation unless it is the last
 *   step ("Multi properties can only be used as path leafs");
 * - a single-quoted name in brackets is taken as written, backslashes included (Jayway 2.0.0, the
 *   version whose messages AWS prints: "Property ['length()'] not found in path" exists in no later
 *   one).
 *
 * @see https://states-language.net/spec.html#path
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html
 */
import { parseFilter } from './filter-parser.js';
import type { CompiledPath, PathToken } from './tokens.js';

/** A JSONPath that does not compile. The message says why, in Jayway's words where it has them. */
export class JsonPathSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPathSyntaxError';
  }
}

const SCAN: PathToken = Object.freeze({ kind: 'scan' });
const WILDCARD: PathToken = Object.freeze({ kind: 'wildcard' });
const INTEGER = /^-?\d+$/;
const LENGTH_OFFSET = /^\(\s*@\s*\.\s*(?:length|size\s*\(\s*\))\s*-\s*(\d+)\s*\)\s*\]/;

/**
 * Compiles a path that starts with `$` (callers map `$$…` and `$var…` onto `$…` first).
 *
 * @throws JsonPathSyntaxError when the text is not a valid path.
 * @example
 * compilePath('$.store.book[0]').normalized; // "$['store']['book'][0]"
 */
export function compilePath(text: string): CompiledPath {
  const s = text.trim();
  if (s[0] !== '$') throw new JsonPathSyntaxError("Path must start with '$' or '@'");
  if (s.length > 1 && s[1] !== '.' && s[1] !== '[') {
    throw new JsonPathSyntaxError("Illegal character at position 1 expected '.' or '['");
  }
  if (s.endsWith('.')) throw new JsonPathSyntaxError("Path must not end with a '.' or '..'");
  const tokens: PathToken[] = [];
  let i = 1;
  while (i < s.length) {
    const c = s[i];
    if (c === '.') {
      if (s[i + 1] === '.') {
        tokens.push(SCAN);
        i += 2;
      } else {
        i += 1;
      }
      if (s[i] === '.') throw new JsonPathSyntaxError(`Character '.' on position ${i} is not valid.`);
      i = readStep(s, i, tokens);
    } else {
      i = readStep(s, i, tokens);
    }
  }
  for (let t = 0; t < tokens.length; t++) {
    if (tokens[t]?.kind === 'scan' && (t === tokens.length - 1 || tokens[t + 1]?.kind === 'scan')) {
      throw new JsonPathSyntaxError("Path must not end with a '.' or '..'");
    }
  }
  return {
    source: s,
    tokens,
    definite: tokens.every(isDefiniteToken),
    normalized: `$${tokens.map(fragment).join('')}`,
    simpleSteps: simpleStepsOf(tokens),
  };
}

/** Reads one step at `i` (a bracket, a wildcard or a member name); returns the next position. */
function readStep(s: string, i: number, tokens: PathToken[]): number {
  const c = s[i];
  if (c === '[') return readBracket(s, i, tokens);
  if (c === '*') {
    tokens.push(WILDCARD);
    return i + 1;
  }
  return readName(s, i, tokens);
}

function readName(s: string, start: number, tokens: PathToken[]): number {
  let i = start;
  while (i < s.length && s[i] !== '.' && s[i] !== '[') {
    if (s[i] === ' ') {
      throw new JsonPathSyntaxError(
        `Use bracket notion ['my prop'] if your property contains blank characters. position: ${start}`,
      );
    }
    i++;
  }
  if (i === start) throw new JsonPathSyntaxError(`Could not parse token starting at position ${start}`);
  tokens.push({ kind: 'property', names: [s.slice(start, i)] });
  return i;
}

function skipBlanks(s: string, i: number): number {
  let j = i;
  while (j < s.length && (s[j] === ' ' || s[j] === '\t' || s[j] === '\n' || s[j] === '\r')) j++;
  return j;
}

function readBracket(s: string, open: number, tokens: PathToken[]): number {
  const j = skipBlanks(s, open + 1);
  const c = s[j];
  if (c === "'" || c === '"') return readQuotedProperties(s, j, c, tokens);
  if (c === '*') {
    const close = skipBlanks(s, j + 1);
    if (s[close] !== ']') throw new JsonPathSyntaxError(`Expected wildcard token to end with ']' on position ${j + 1}`);
    tokens.push(WILDCARD);
    return close + 1;
  }
  if (c === '?') return readFilter(s, open, j, tokens);
  if (c === '(') {
    const match = LENGTH_OFFSET.exec(s.slice(j));
    if (match === null) {
      throw new JsonPathSyntaxError('Supported functions are: [(@.length - n)] and [(@.size() - n)]');
    }
    tokens.push({ kind: 'lengthOffset', offset: -Number(match[1]) });
    return j + match[0].length;
  }
  if (c !== undefined && (isDigit(c) || c === '-' || c === ':')) return readIndexes(s, j, tokens);
  throw new JsonPathSyntaxError(`Could not parse token starting at position ${open}. Expected ?, ', 0-9, * `);
}

function readQuotedProperties(s: string, first: number, quote: string, tokens: PathToken[]): number {
  return quote === "'" ? readSingleQuotedNames(s, first, tokens) : readDoubleQuotedNames(s, first, tokens);
}

/**
 * `['name']`, `['a','b']` as AWS's Jayway (2.0.0: `fastForwardUntilClosed`, then
 * `PathComponentAnalyzer.analyzeProperty`) reads them. The step ends at the `]` that closes its `[`
 * (brackets count, quotes do not); a name is the text between one `'` and the next, taken as
 * written — a backslash escapes nothing, so `$['Test\""Name"']` names the member `Test\""Name"` and
 * `$['a\'b']` the member `a\`; what stands between names (a comma, blanks, anything else) is skipped,
 * and a name still open at the `]` is dropped.
 *
 * @throws JsonPathSyntaxError when no name is closed before the `]` (Jayway 2.0.0 builds a step
 *   without names, which no document matches), or when the `]` is missing.
 */
function readSingleQuotedNames(s: string, first: number, tokens: PathToken[]): number {
  const names: string[] = [];
  let open = -1;
  let depth = 0;
  for (let i = first; i < s.length; i++) {
    const c = s[i];
    if (c === "'") {
      if (open === -1) {
        open = i + 1;
      } else {
        names.push(s.slice(open, i));
        open = -1;
      }
    } else if (c === '[') {
      depth++;
    } else if (c === ']') {
      if (depth > 0) {
        depth--;
        continue;
      }
      if (names.length === 0) throw new JsonPathSyntaxError("Property has not been closed - missing closing '");
      tokens.push({ kind: 'property', names });
      return i + 1;
    }
  }
  throw new JsonPathSyntaxError('Property has not been closed - missing closing ]');
}

/**
 * `["name"]`: AWS's Jayway (2.0.0) has no double-quoted form; it is read as later Jayway versions
 * read it (`\"` and the other backslash escapes resolved), so that such a path still works here.
 */
function readDoubleQuotedNames(s: string, first: number, tokens: PathToken[]): number {
  const quote = '"';
  const names: string[] = [];
  let i = first;
  for (;;) {
    if (s[i] !== quote) throw new JsonPathSyntaxError(`Found empty property at index ${i}`);
    let end = i + 1;
    while (end < s.length && s[end] !== quote) end += s[end] === '\\' ? 2 : 1;
    if (end >= s.length) throw new JsonPathSyntaxError(`Property has not been closed - missing closing ${quote}`);
    names.push(unescapeText(s.slice(i + 1, end)));
    i = skipBlanks(s, end + 1);
    if (s[i] === ']') break;
    if (s[i] !== ',') {
      throw new JsonPathSyntaxError(
        `Property must be separated by comma or Property must be terminated close square bracket at index ${end}`,
      );
    }
    i = skipBlanks(s, i + 1);
  }
  tokens.push({ kind: 'property', names });
  return i + 1;
}

function readFilter(s: string, open: number, question: number, tokens: PathToken[]): number {
  const paren = skipBlanks(s, question + 1);
  if (s[paren] !== '(') throw new JsonPathSyntaxError(`Could not parse token starting at position ${open}`);
  const closeParen = closingParenthesis(s, paren);
  if (closeParen === -1) throw new JsonPathSyntaxError(`Could not parse token starting at position ${open}`);
  const closeBracket = skipBlanks(s, closeParen + 1);
  if (s[closeBracket] !== ']') throw new JsonPathSyntaxError(`Could not parse token starting at position ${open}`);
  const text = s.slice(open, closeBracket + 1);
  tokens.push({ kind: 'filter', predicate: parseFilter(s.slice(paren, closeParen + 1), text), text });
  return closeBracket + 1;
}

/** Index of the `)` matching the `(` at `open`, skipping quoted strings and `/regex/` literals. */
export function closingParenthesis(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === "'" || c === '"' || c === '/') {
      i = closingDelimiter(s, i);
      if (i === -1) return -1;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Index of the unescaped delimiter closing the string or regex that opens at `open`, or -1. */
export function closingDelimiter(s: string, open: number): number {
  const delimiter = s[open];
  for (let i = open + 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === delimiter) return i;
  }
  return -1;
}

function readIndexes(s: string, start: number, tokens: PathToken[]): number {
  const close = s.indexOf(']', start);
  if (close === -1) throw new JsonPathSyntaxError(`Could not parse token starting at position ${start - 1}`);
  const expression = s.slice(start, close).trim();
  if (!/^[0-9,:\- ]+$/.test(expression)) {
    throw new JsonPathSyntaxError(`Could not parse token starting at position ${start - 1}. Expected ?, ', 0-9, * `);
  }
  if (expression.includes(':')) {
    const parts = expression.split(':').map((part) => part.trim());
    const [from, to] = parts;
    if (parts.length !== 2 || from === undefined || to === undefined || (from === '' && to === '')) {
      throw new JsonPathSyntaxError(`Failed to parse SliceOperation: ${expression}`);
    }
    tokens.push({ kind: 'slice', from: sliceBound(from, expression), to: sliceBound(to, expression) });
  } else {
    const indexes = expression.split(',').map((part) => {
      const index = part.trim();
      if (!INTEGER.test(index)) throw new JsonPathSyntaxError(`Failed to parse ArrayIndexOperation: ${expression}`);
      return Number(index);
    });
    tokens.push({ kind: 'index', indexes });
  }
  return close + 1;
}

function sliceBound(text: string, expression: string): number | undefined {
  if (text === '') return undefined;
  if (!INTEGER.test(text)) throw new JsonPathSyntaxError(`Failed to parse SliceOperation: ${expression}`);
  return Number(text);
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/**
 * Resolves the backslash escapes of a quoted name or string literal (`\'`, `\"`, `\\`, `\n`, `\t`,
 * `\uXXXX`, …), as Jayway's `Utils.unescape` does.
 */
export function unescapeText(text: string): string {
  if (!text.includes('\\')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '\\' || i === text.length - 1) {
      out += c;
      continue;
    }
    const next = text[++i];
    switch (next) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u': {
        const hex = text.slice(i + 1, i + 5);
        if (/^[0-9a-fA-F]{4}$/.test(hex)) {
          out += String.fromCharCode(Number.parseInt(hex, 16));
          i += 4;
        } else {
          out += 'u';
        }
        break;
      }
      default:
        out += next;
    }
  }
  return out;
}

function isDefiniteToken(token: PathToken): boolean {
  switch (token.kind) {
    case 'property':
    case 'lengthOffset':
      return true;
    case 'index':
      return token.indexes.length === 1;
    default:
      return false;
  }
}

/** Jayway's text for one token, as used in its normalised paths and messages. */
export function fragment(token: PathToken): string {
  switch (token.kind) {
    case 'property':
      return `[${token.names.map((name) => `'${name}'`).join(', ')}]`;
    case 'index':
      return `[${token.indexes.join(',')}]`;
    case 'slice':
      return `[${token.from ?? ''}:${token.to ?? ''}]`;
    case 'lengthOffset':
      return `[@.size()${token.offset}]`;
    case 'wildcard':
      return '[*]';
    case 'scan':
      return '..';
    case 'filter':
      return '[?]';
    default: {
      const unexpected: never = token;
      throw new Error(`unknown token ${JSON.stringify(unexpected)}`);
    }
  }
}

function simpleStepsOf(tokens: readonly PathToken[]): (string | number)[] | undefined {
  const steps: (string | number)[] = [];
  for (const token of tokens) {
    if (token.kind === 'property' && token.names.length === 1 && token.names[0] !== undefined) {
      steps.push(token.names[0]);
    } else if (token.kind === 'index' && token.indexes.length === 1 && (token.indexes[0] ?? -1) >= 0) {
      steps.push(token.indexes[0] ?? 0);
    } else {
      return undefined;
    }
  }
  return steps;
}
