/**
 * The elements of a JSON array read as a byte stream, one at a time, each with the byte offset where
 * the next one starts: how an `ItemReader` reads a JSON array a page at a time without holding it
 * whole. A tokenizer at depth 1 finds each element's bytes (strings, escapes and nested brackets
 * skipped over); `JSON.parse` then reads the element alone. A page's cursor is the offset after the
 * `,` that follows its last element, where a ranged `GetObject` resumes.
 *
 * Structural bytes are ASCII, and no byte of a multi-byte UTF-8 character is ASCII, so a chunk that
 * ends inside a character is harmless: an element is decoded once its bytes are all read.
 */
import { ItemReaderError } from './item-reader-error.js';

/** One element of the array. */
export interface ArrayElement {
  readonly value: unknown;
  /**
   * Byte offset where the next element's text starts (after the `,`), or undefined when the array
   * ends after this element.
   */
  readonly next: number | undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/**
 * The elements of the JSON array in `stream`. `offset` is where the stream starts in the object: 0
 * for the object's start (whitespace and a byte order mark, then `[`), else an offset an earlier
 * element answered as `next` (inside the array, an element follows).
 *
 * A document that is not an array fails `Attempting to map over non-iterable node.` (as AWS words
 * it); an empty one, or one that ends inside the array, fails as `JSON.parse` fails on it
 * (`SyntaxError`), and so does an element that is not JSON.
 */
export async function* jsonArrayElements(
  stream: AsyncIterable<Uint8Array | string>,
  offset = 0,
): AsyncGenerator<ArrayElement> {
  let position = offset;
  /** Before the array's `[` (offset 0 only), between elements, inside one, or after the array. */
  let where: 'document' | 'between' | 'element' | 'done' = offset === 0 ? 'document' : 'between';
  let seenElement = offset !== 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: Buffer[] = [];
  let bom = offset === 0 ? 0 : 3;
  const BOM = [0xef, 0xbb, 0xbf];
  const element = (tail: Buffer): unknown => {
    const bytes = parts.length === 0 ? tail : Buffer.concat([...parts, tail]);
    parts = [];
    return JSON.parse(bytes.toString('utf8'));
  };
  for await (const piece of stream) {
    const chunk =
      typeof piece === 'string'
        ? Buffer.from(piece, 'utf8')
        : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    let from = where === 'element' ? 0 : -1;
    for (let i = 0; i < chunk.length; i++, position++) {
      const byte = chunk[i] as number;
      if (where === 'document') {
        if (bom < 3 && byte === BOM[bom]) {
          bom++;
          continue;
        }
        bom = 3;
        if (isWhitespace(byte)) continue;
        if (byte !== OPEN_BRACKET) throw new ItemReaderError('Attempting to map over non-iterable node.');
        where = 'between';
        continue;
      }
      if (where === 'between') {
        if (isWhitespace(byte)) continue;
        if (byte === CLOSE_BRACKET && !seenElement) {
          where = 'done';
          return;
        }
        where = 'element';
        seenElement = true;
        from = i;
        depth = 0;
      }
      if (where !== 'element') continue;
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) inString = false;
        continue;
      }
      if (byte === QUOTE) inString = true;
      else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) depth++;
      else if ((byte === CLOSE_BRACKET || byte === CLOSE_BRACE) && depth > 0) depth--;
      else if (depth === 0 && (byte === COMMA || byte === CLOSE_BRACKET)) {
        const value = element(chunk.subarray(from, i));
        if (byte === COMMA) {
          where = 'between';
          yield { value, next: position + 1 };
        } else {
          where = 'done';
          yield { value, next: undefined };
          return;
        }
      }
    }
    if (where === 'element' && from >= 0) parts.push(Buffer.from(chunk.subarray(from)));
  }
  // The document ended before its array did: JSON.parse says so in its own words.
  JSON.parse(where === 'document' ? '' : '[');
}
